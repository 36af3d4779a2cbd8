import { parseQfl } from '../options.js';
import type { LossResult, NumericArray, QualityFocalOptions } from '../types.js';
import { MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { checkUnitRange } from '../validate.js';
import { copyIn, finish, flagsOf, statusError, copyOut } from './run.js';

const PARAMS = ['numClasses', 'beta'];

/**
 * qualityFocalLoss (Li et al. 2020 "Generalized Focal Loss", QFL; mmdet `quality_focal_loss`).
 * Per element, with σ = σ(x): l = BCE-with-logits(x, t)·|t − σ|^β — on negatives (t = 0) BCE(x, 0)·σ^β, on the
 * positive class BCE(x, q)·|q − σ|^β with q the quality (IoU) target; a row's loss is the sum over its classes.
 * Shapes: logits and targets [N, C] flat (`numClasses` C required); targets in [0, 1] (the quality at the true
 * class, 0 elsewhere). Option `beta` β (2, finite ≥ 0).
 * Reductions: 'none' [N] per row; 'sum' Σ (empty → 0); 'mean' Σ/N over rows (empty → NaN), as mmdet.
 * Gradient w.r.t. the logits [N, C], nothing detached (mmdet): |d|^β·d + ce·β|d|^(β−1)·sign(d)·σ(1 − σ) with
 * d = σ − t, the second term 0 where d = 0 or β = 0 (finite for β < 1). A product with a zero coefficient counts 0,
 * so ±Infinity logits give +Infinity or 0 and finite gradients, never NaN. No eps.
 * Rows are packed ⌊capacity/C⌋ per kernel call; a row longer than the buffer is sent in segments whose partial sums
 * the host adds.
 * Throws EdgeLossError: E_RANGE (target outside [0, 1] or NaN), E_LENGTH, E_SHAPE (length not a multiple of C),
 * E_OPTION (numClasses missing or not an integer ≥ 1, beta negative or non-finite, unknown option), E_DTYPE.
 * Computed per element in f64, stored f32. Tolerance: rel 1e-6 + abs 1e-7.
 */
export function qualityFocalLoss(
  mod: LossModule, input: NumericArray, target: NumericArray, options?: QualityFocalOptions,
): LossResult<Float32Array> {
  const p = parseQfl('qualityFocalLoss', input, target, options);
  // The kernel checks f32 targets; a wider type is checked here, before rounding to f32 can move it into [0, 1].
  if (!(p.target instanceof Float32Array)) checkUnitRange(p.fn, null, p.target);
  const e = mod.exports;
  const N = p.rows;
  const C = p.numClasses;
  const cap = mod.capacity;
  const out = p.reduction === 'none' ? new Float32Array(N) : null;
  const grad = p.grad ? new Float32Array(N * C) : null;
  const denom = p.reduction === 'mean' ? N : 1;
  const flags = flagsOf(p);
  const arrays = [p.input, p.target, null, null];
  e.reset();
  if (C <= cap) {
    const per = Math.floor(cap / C);
    for (let r0 = 0; r0 < N; r0 += per) {
      const rows = Math.min(per, N - r0);
      copyIn(mod.input, p.input, r0 * C, rows * C);
      copyIn(mod.target, p.target, r0 * C, rows * C);
      const st = e.qfl(rows, C, flags, denom, p.beta);
      if (st !== STATUS.OK) throw statusError(mod, p.fn, st, r0 * C, arrays, PARAMS, '[0, 1]');
      if (out) copyOut(out, r0, mod.out, rows);
      if (grad) copyOut(grad, r0 * C, mod.grad, rows * C);
    }
  } else {
    // One row in segments: each call treats its segment as a row of `len` classes; the partial row sums are added
    // here in f64 (the accumulator already holds them in f64 for the reduced value).
    for (let r = 0; r < N; r++) {
      let row = 0;
      for (let s0 = 0; s0 < C; s0 += cap) {
        const len = Math.min(cap, C - s0);
        const at = r * C + s0;
        copyIn(mod.input, p.input, at, len);
        copyIn(mod.target, p.target, at, len);
        const st = e.qfl(1, len, flags, denom, p.beta);
        if (st !== STATUS.OK) throw statusError(mod, p.fn, st, at, arrays, PARAMS, '[0, 1]');
        if (out) row += mod.out[0]!;
        if (grad) copyOut(grad, at, mod.grad, len);
      }
      if (out) out[r] = row;
    }
  }
  const value = e.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
