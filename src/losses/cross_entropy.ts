import { parseCrossEntropy, type CrossEntropyParsed } from '../options.js';
import type { CrossEntropyOptions, LossResult, NumericArray } from '../types.js';
import { FLAG, MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { copyIn, finish, flagsOf, statusError, copyOut } from './run.js';

const PARAMS = ['numClasses', 'labelSmoothing'];

/**
 * crossEntropy (PyTorch `F.cross_entropy`): softmax cross-entropy over logits [N, C] (`numClasses: C` required).
 * logp = x − m − ln Σ exp(x − m) with m the row max (log-sum-exp); ±Infinity logits are limits (x − m = 0 when
 * x = m), so large and −Infinity logits stay finite where the maths is finite, and a row of all −Infinity is
 * uniform. NaN propagates.
 * Index targets (Int32Array [N], or N integers): l_i = (1−ε)·w_y·(−logp_y) + (ε/C)·Σ_c w_c·(−logp_c), options
 * `weight` [C], `ignoreIndex` (default −100; those rows give 0) and `labelSmoothing` ε ∈ [0, 1].
 * 'mean' divides by Σ w_{y_i} over kept rows (rows kept, without weights), exactly as PyTorch; all rows ignored
 * or zero total weight → NaN.
 * Probability targets (Float32Array/Float64Array [N, C]): t' = t(1−ε) + ε/C, l_i = Σ_c w_c t'_c (−logp_c);
 * 'mean' divides by N (also with weights, as PyTorch); ignoreIndex is refused (E_OPTION).
 * 'sum' Σ l_i (empty → 0); 'none' [N] per row.
 * Gradient w.r.t. the logits [N, C]: index (1−ε)w_y(p_c − [c = y]) + (ε/C)(W p_c − w_c) with W = Σ w; probability
 * p_c·Σ_k w_k t'_k − w_c t'_c; divided by the mean's denominator; 0 on ignored rows.
 * Rows longer than the buffer capacity are streamed in segments with an online log-sum-exp (two passes per row).
 * Throws EdgeLossError: E_OPTION (numClasses missing or < 1, labelSmoothing ∉ [0, 1], ignoreIndex with
 * probabilities, unknown option), E_SHAPE (input not a multiple of C, target length, weight length ≠ C), E_RANGE
 * (class index outside [0, C) and not ignoreIndex), E_DTYPE. Computed in f64 per row. Tolerance: rel 1e-5 + abs 1e-6.
 */
export function crossEntropy(mod: LossModule, input: NumericArray, target: NumericArray, options?: CrossEntropyOptions): LossResult<Float32Array> {
  const p = parseCrossEntropy('crossEntropy', input, target, options);
  const e = mod.exports;
  const N = p.rows;
  const C = p.numClasses;
  const out = p.reduction === 'none' ? new Float32Array(N) : null;
  const grad = p.grad ? new Float32Array(N * C) : null;
  let denom = 1;
  if (p.reduction === 'mean') denom = p.indices ? indexDenominator(mod, p) : N;
  const flags = flagsOf(p) | (p.weight ? FLAG.WEIGHT : 0) | (p.probs ? FLAG.PROB_TARGET : 0);
  e.reset();
  if (C <= mod.capacity) shortRows(mod, p, flags, denom, out, grad);
  else longRows(mod, p, flags, denom, out, grad);
  const value = e.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}

/** Σ w_{y_i} over kept rows: the host gathers each row's class weight (0 when ignored) and the kernel sums. */
function indexDenominator(mod: LossModule, p: CrossEntropyParsed): number {
  const e = mod.exports;
  const y = p.indices!;
  const cap = mod.capacity;
  e.reset();
  for (let off = 0; off < y.length; off += cap) {
    const len = Math.min(cap, y.length - off);
    for (let j = 0; j < len; j++) {
      const c = y[off + j]!;
      mod.aux[j] = c === p.ignoreIndex ? 0 : p.weight ? p.weight[c]! : 1;
    }
    e.sum_aux(len);
  }
  return e.result(MODE.SUM, 1);
}

function shortRows(
  mod: LossModule, p: CrossEntropyParsed, flags: number, denom: number, out: Float32Array | null, grad: Float32Array | null,
): void {
  const C = p.numClasses;
  const per = Math.floor(mod.capacity / C);
  if (p.weight) copyIn(mod.weight, p.weight, 0, C);
  for (let r0 = 0; r0 < p.rows; r0 += per) {
    const rows = Math.min(per, p.rows - r0);
    copyIn(mod.input, p.input, r0 * C, rows * C);
    if (p.indices) mod.targetI32.set(p.indices.subarray(r0, r0 + rows));
    else copyIn(mod.target, p.probs!, r0 * C, rows * C);
    const st = mod.exports.cross_entropy(rows, C, flags, denom, p.ignoreIndex, p.labelSmoothing);
    if (st !== STATUS.OK) throw statusError(mod, p.fn, st, r0, [p.input, p.indices ?? p.target, p.weight, null], PARAMS, `[0, ${C})`);
    if (out) copyOut(out, r0, mod.out, rows);
    if (grad) copyOut(grad, r0 * C, mod.grad, rows * C);
  }
}

function longRows(
  mod: LossModule, p: CrossEntropyParsed, flags: number, denom: number, out: Float32Array | null, grad: Float32Array | null,
): void {
  const e = mod.exports;
  const C = p.numClasses;
  const cap = mod.capacity;
  const fill = (base: number, s0: number, len: number): void => {
    copyIn(mod.input, p.input, base + s0, len);
    if (p.weight) copyIn(mod.weight, p.weight, s0, len);
    if (p.probs) copyIn(mod.target, p.probs, base + s0, len);
  };
  for (let r = 0; r < p.rows; r++) {
    const base = r * C;
    const y = p.indices ? p.indices[r]! : -1;
    if (p.indices && y === p.ignoreIndex) continue; // value 0, gradient row 0 (already zero)
    const wy = p.indices ? (p.weight ? p.weight[y]! : 1) : 0;
    e.cross_entropy_row_begin();
    for (let s0 = 0; s0 < C; s0 += cap) {
      const len = Math.min(cap, C - s0);
      fill(base, s0, len);
      const st = e.cross_entropy_row_lse(len, flags, C, p.labelSmoothing);
      if (st !== STATUS.OK) throw statusError(mod, p.fn, st, r, [p.input, p.target, p.weight, null], PARAMS, `[0, ${C})`);
    }
    for (let s0 = 0; s0 < C; s0 += cap) {
      const len = Math.min(cap, C - s0);
      fill(base, s0, len);
      const st = e.cross_entropy_row_terms(len, s0, flags, denom, y, wy, p.ignoreIndex, C, p.labelSmoothing);
      if (st !== STATUS.OK) throw statusError(mod, p.fn, st, r, [p.input, p.target, p.weight, null], PARAMS, `[0, ${C})`);
      if (grad) copyOut(grad, base + s0, mod.grad, len);
    }
    if (out) out[r] = e.cross_entropy_row_value();
  }
}
