import { EdgeLossError } from '../errors.js';
import { checkLtrb, parseCenterness, parseCenternessTarget } from '../options.js';
import type { BaseOptions, LossResult, NumericArray } from '../types.js';
import { MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { copyIn, finish, flagsOf, statusError, copyOut } from './run.js';

/**
 * centernessTarget (Tian et al. 2019 "FCOS: Fully Convolutional One-Stage Object Detection"; FCOS
 * `compute_centerness_targets`, mmdet `FCOSHead.centerness_target`). For each row of distances (l, t, r, b) from a
 * location to the sides of its box:
 *   c = sqrt((min(l, r)/max(l, r))·(min(t, b)/max(t, b))) ∈ [0, 1],  0 where max(l, r) or max(t, b) is 0
 * (a degenerate box; no eps needed). Shapes: ltrb [N, 4] flat, any one unit → Float32Array [N]. No gradient.
 * NaN propagates. Throws EdgeLossError: E_SHAPE (length not a multiple of 4), E_RANGE (a negative distance: the
 * location is outside its box), E_DTYPE. Computed in f64, stored f32.
 */
export function centernessTarget(mod: LossModule, ltrb: NumericArray): Float32Array {
  const fn = 'centernessTarget';
  const a = parseCenternessTarget(fn, ltrb);
  if (!(a instanceof Float32Array)) checkLtrb(fn, 'ltrb', a); // before f32 rounding can turn −1e-50 into −0
  const N = a.length / 4;
  const out = new Float32Array(N);
  const per = Math.floor(mod.capacity / 4);
  for (let r0 = 0; r0 < N; r0 += per) {
    const rows = Math.min(per, N - r0);
    copyIn(mod.target, a, 4 * r0, 4 * rows);
    const st = mod.exports.centerness_target(rows);
    if (st !== STATUS.OK) throw ltrbError(mod, fn, 'ltrb', st, 4 * r0, a);
    copyOut(out, r0, mod.out, rows);
  }
  return out;
}

function ltrbError(mod: LossModule, fn: string, arg: string, st: number, offset: number, a: ArrayLike<number>): EdgeLossError {
  if (st === STATUS.E_RANGE) {
    const i = offset + mod.exports.err_index();
    const v = a[i]!;
    return new EdgeLossError('E_RANGE', fn, arg, v, `holds ${v} at index ${i}; ltrb distances must be ≥ 0`);
  }
  return statusError(mod, fn, st, offset, [], []);
}

/**
 * centernessLoss (FCOS centerness branch): BCE-with-logits of the centerness logit against the centerness target of
 * the matching ltrb distances,
 *   l_i = (1 − c_i)·softplus(x_i) + c_i·softplus(−x_i),  c_i = centernessTarget(ltrb_i)
 * (the stable form of binaryCrossEntropyWithLogits; ±Infinity logits give the limits, never NaN).
 * Shapes: logits [N], ltrb targets [N, 4] flat (the positive locations' regression targets).
 * Reductions: 'none' [N]; 'sum' Σ (empty → 0); 'mean' Σ/N (empty → NaN). mmdet/FCOS average the centerness loss over
 * positives; weight it yourself for other schemes.
 * Gradient w.r.t. the logits only: σ(x_i) − c_i (the target is a function of the labels, not of the prediction).
 * Throws EdgeLossError: E_SHAPE (target length ≠ 4N), E_RANGE (a negative distance), E_OPTION (unknown option),
 * E_DTYPE. Computed in f64, stored f32. Tolerance: rel 1e-6 + abs 1e-7.
 */
export function centernessLoss(mod: LossModule, input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<Float32Array> {
  const p = parseCenterness('centernessLoss', input, target, options);
  if (!(p.target instanceof Float32Array)) checkLtrb(p.fn, 'target', p.target); // before f32 rounding can turn −1e-50 into −0
  const e = mod.exports;
  const N = p.input.length;
  const out = p.reduction === 'none' ? new Float32Array(N) : null;
  const grad = p.grad ? new Float32Array(N) : null;
  const denom = p.reduction === 'mean' ? N : 1;
  const flags = flagsOf(p);
  const per = Math.floor(mod.capacity / 4);
  e.reset();
  for (let r0 = 0; r0 < N; r0 += per) {
    const rows = Math.min(per, N - r0);
    copyIn(mod.input, p.input, r0, rows);
    copyIn(mod.target, p.target, 4 * r0, 4 * rows);
    const st = e.centerness(rows, flags, denom);
    if (st !== STATUS.OK) throw ltrbError(mod, p.fn, 'target', st, 4 * r0, p.target);
    if (out) copyOut(out, r0, mod.out, rows);
    if (grad) copyOut(grad, r0, mod.grad, rows);
  }
  const value = e.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
