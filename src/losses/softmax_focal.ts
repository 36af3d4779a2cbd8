import { EdgeLossError } from '../errors.js';
import { parseSoftmaxFocal } from '../options.js';
import type { LossResult, NumericArray, SoftmaxFocalOptions } from '../types.js';
import { FLAG, MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { copyIn, finish, flagsOf, statusError, copyOut } from './run.js';

const PARAMS = ['numClasses', 'labelSmoothing', 'alpha', 'gamma'];

/**
 * softmaxFocalLoss (Lin et al. 2017, softmax form; mmcv `softmax_focal_loss`, Keras `CategoricalFocalCrossentropy`).
 * With p = softmax(x) per row (log-sum-exp after subtracting the row max; ±Infinity logits are limits, a row of
 * all −Infinity is uniform) and smoothed targets t' = t(1 − ε) + ε/C (t the one-hot row of an index target):
 *   l_i = −Σ_c α·t'_c·(1 − p_c)^γ·ln p_c.
 * Shapes: logits [N, C] flat (`numClasses` C required); targets class indices [N] (Int32Array or N plain integers;
 * `ignoreIndex`, default −100, rows give 0) or probabilities [N, C] (Float32Array/Float64Array; ignoreIndex
 * refused). Options: `alpha` α (0.25, finite ≥ 0, one scalar for every class), `gamma` γ (2, finite ≥ 0),
 * `labelSmoothing` ε ∈ [0, 1] (0), `ignoreIndex`. With γ = 0 and α = 1 this is crossEntropy.
 * Reductions: 'none' [N] per row; 'sum' Σ (empty → 0); 'mean' Σ / kept rows (index targets) or / N (probabilities);
 * no kept row → NaN, with a NaN gradient on kept rows and 0 on ignored rows.
 * Gradient w.r.t. the logits [N, C]: α·(h_k − p_k·Σ_c h_c) with h_c = t'_c·[γ(1 − p_c)^(γ−1)·p_c·ln p_c − (1 − p_c)^γ],
 * the first term taken as 0 where 1 − p_c = 0 or γ = 0 (its limit: finite for γ < 1); 0 on ignored rows. A product
 * with a zero coefficient counts 0, so −Infinity logits of classes with t'_c = 0 cost nothing. No eps.
 * Rows are packed ⌊capacity/C⌋ per kernel call; C > capacity (4096) is refused with E_SHAPE naming
 * options.numClasses (the reference has no such limit).
 * Throws EdgeLossError: E_OPTION (numClasses missing or < 1, alpha/gamma negative or non-finite, labelSmoothing
 * ∉ [0, 1], ignoreIndex with probabilities, unknown option), E_SHAPE (input not a multiple of C, target length,
 * C > capacity), E_RANGE (class index outside [0, C) and not ignoreIndex), E_DTYPE.
 * Computed per row in f64, stored f32. Tolerance: rel 1e-6 + abs 1e-7.
 */
export function softmaxFocalLoss(
  mod: LossModule, input: NumericArray, target: NumericArray, options?: SoftmaxFocalOptions,
): LossResult<Float32Array> {
  const p = parseSoftmaxFocal('softmaxFocalLoss', input, target, options);
  const e = mod.exports;
  const N = p.rows;
  const C = p.numClasses;
  if (C > mod.capacity) {
    throw new EdgeLossError('E_SHAPE', p.fn, 'options.numClasses', C, `is larger than the kernel buffer (${mod.capacity} classes per row)`);
  }
  const out = p.reduction === 'none' ? new Float32Array(N) : null;
  const grad = p.grad ? new Float32Array(N * C) : null;
  let denom = 1;
  if (p.reduction === 'mean') {
    denom = N;
    if (p.indices) for (let i = 0; i < N; i++) if (p.indices[i] === p.ignoreIndex) denom--;
  }
  const flags = flagsOf(p) | (p.probs ? FLAG.PROB_TARGET : 0);
  const per = Math.floor(mod.capacity / C);
  e.reset();
  for (let r0 = 0; r0 < N; r0 += per) {
    const rows = Math.min(per, N - r0);
    copyIn(mod.input, p.input, r0 * C, rows * C);
    if (p.indices) mod.targetI32.set(p.indices.subarray(r0, r0 + rows));
    else copyIn(mod.target, p.probs!, r0 * C, rows * C);
    const st = e.softmax_focal(rows, C, flags, denom, p.ignoreIndex, p.labelSmoothing, p.alpha, p.gamma);
    if (st === STATUS.E_RANGE) {
      const i = r0 + e.err_index();
      const y = p.indices ? p.indices[i] : undefined;
      throw new EdgeLossError('E_RANGE', p.fn, 'target', y, `holds class index ${y} at row ${i}, outside [0, ${C}) and not ignoreIndex ${p.ignoreIndex}`);
    }
    if (st !== STATUS.OK) throw statusError(mod, p.fn, st, r0, [p.input, p.indices ?? p.target, null, null], PARAMS, `[0, ${p.numClasses})`);
    if (out) copyOut(out, r0, mod.out, rows);
    if (grad) copyOut(grad, r0 * C, mod.grad, rows * C);
  }
  const value = e.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
