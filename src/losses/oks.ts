import { EdgeLossError } from '../errors.js';
import { parseOks } from '../options.js';
import type { LossResult, NumericArray, OksOptions } from '../types.js';
import { FLAG, MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { copyIn, finish, flagsOf, statusError, copyOut } from './run.js';

/**
 * oksLoss (ultralytics pose `KeypointLoss`: 1 − the COCO object keypoint similarity of cocoeval, per keypoint).
 * For row i and keypoint k, with d_ik = (x − x̂)² + (y − ŷ)²:
 *   e_ik = d_ik / ((2σ_k)²·(area_i + 1e-9)·2),  f_i = K/(Σ_k v_ik + 1e-9),  term_ik = f_i·(1 − exp(−e_ik))·v_ik,
 * the 1e-9 being ultralytics' (a zero area or an all-invisible row stays finite: the row then costs 0). A zero
 * visibility counts 0 even against a NaN prediction.
 * Shapes: pred and target [N, K·2] flat (x, y per keypoint, pixels); `numKeypoints` K (default 4); `area` [N]
 * (required, ≥ 0, pixels², e.g. the box area; ultralytics passes w·h of the target box); `sigmas` [K] (> 0; default
 * COCO's 17 sigmas when K = 17, else 1/K each, as ultralytics); `visibility` [N, K] (≥ 0; default 1).
 * Reductions: 'none' [N], row_i = Σ_k term_ik / K; 'sum' Σ_i row_i (empty → 0); 'mean' Σ_i row_i / N (empty → NaN),
 * which is ultralytics' `.mean()` over the N·K terms.
 * Gradient w.r.t. pred: f_i·v_ik·exp(−e_ik)·2(x − x̂)/((2σ_k)²·(area_i + 1e-9)·2)/K (likewise y); none to area,
 * sigmas or visibility.
 * Rows are packed ⌊capacity/(2K)⌋ per kernel call (sigmas and areas share the aux buffer); 2K > capacity is refused
 * with E_SHAPE naming options.numKeypoints.
 * Throws EdgeLossError: E_OPTION (area missing, numKeypoints not an integer ≥ 1, unknown option), E_LENGTH, E_SHAPE
 * (length not a multiple of 2K; area, sigmas or visibility of the wrong length), E_RANGE (negative or NaN area or
 * visibility, sigma ≤ 0 or non-finite), E_DTYPE. Computed in f64, stored f32. Tolerance: rel 1e-6 + abs 1e-7.
 */
export function oksLoss(mod: LossModule, input: NumericArray, target: NumericArray, options?: OksOptions): LossResult<Float32Array> {
  const p = parseOks('oksLoss', input, target, options);
  const e = mod.exports;
  const K = p.numKeypoints;
  const N = p.rows;
  const W = 2 * K;
  if (W > mod.capacity) {
    throw new EdgeLossError('E_SHAPE', p.fn, 'options.numKeypoints', K, `needs ${W} values per row, more than the kernel buffer holds (${mod.capacity})`);
  }
  const out = p.reduction === 'none' ? new Float32Array(N) : null;
  const grad = p.grad ? new Float32Array(N * W) : null;
  const denom = p.reduction === 'mean' ? N : 1;
  const flags = flagsOf(p) | (p.visibility ? FLAG.WEIGHT : 0);
  const per = Math.floor(mod.capacity / W);
  copyIn(mod.aux, p.sigmas, 0, K);
  e.reset();
  for (let r0 = 0; r0 < N; r0 += per) {
    const rows = Math.min(per, N - r0);
    copyIn(mod.input, p.input, r0 * W, rows * W);
    copyIn(mod.target, p.target, r0 * W, rows * W);
    copyIn(mod.aux.subarray(K), p.area, r0, rows);
    if (p.visibility) copyIn(mod.weight, p.visibility, r0 * K, rows * K);
    const st = e.oks(rows, K, flags, denom);
    if (st !== STATUS.OK) throw statusError(mod, p.fn, st, r0, [p.input, p.target, null, null], ['numKeypoints']);
    if (out) copyOut(out, r0, mod.out, rows);
    if (grad) copyOut(grad, r0 * W, mod.grad, rows * W);
  }
  const value = e.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
