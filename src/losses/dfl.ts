import { EdgeLossError } from '../errors.js';
import { checkDflTargets, parseDfl } from '../options.js';
import type { DistributionFocalOptions, LossResult, NumericArray } from '../types.js';
import { MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { copyIn, finish, flagsOf, statusError, copyOut } from './run.js';

const PARAMS = ['regMax', 'convention'];
/** Convention ids of the `dfl` kernel (assembly/losses/dfl.ts). */
export const DFL_CONVENTION = { ultralytics: 0, mmdet: 1 } as const;

/**
 * distributionFocalLoss (Li et al. 2020 "Generalized Focal Loss", DFL; ultralytics `DFLoss`, mmdet
 * `DistributionFocalLoss`). Each row holds the logits of a discretised distance; with the target y in bin units,
 * tl = ⌊y⌋, tr = tl + 1, wl = tr − y, wr = y − tl:
 *   l_i = wl·CE(x_i, tl) + wr·CE(x_i, tr),  CE the softmax cross-entropy of the row (log-sum-exp; ±Infinity logits
 *   are limits), a term with a zero weight counting 0.
 * Shapes: logits [N, bins] flat, targets y [N] (distances in bin units, e.g. ltrb/stride). Options: `regMax` (16),
 * `convention`: 'ultralytics' (default; bins = regMax, y clamped to regMax − 1 − 0.01) or 'mmdet' (bins = regMax + 1,
 * y clamped to regMax − 0.1, as mmdet's bbox2distance); `clampTarget` (true): when false, y ≥ bins − 1 is E_RANGE
 * instead of clamped. y < 0 or NaN is E_RANGE always. The clamp margins (0.01, 0.1) are the peers' and keep tr a bin.
 * Reductions: 'none' [N] per row; 'sum' Σ (empty → 0); 'mean' Σ/N (empty → NaN). ultralytics' per-anchor mean over
 * the 4 sides is the 'mean' of those 4 rows.
 * Gradient w.r.t. the logits [N, bins]: softmax(x_i) − wl·onehot(tl) − wr·onehot(tr); none to y.
 * Rows are packed ⌊capacity/bins⌋ per kernel call; bins > capacity (4096) is refused with E_SHAPE naming
 * options.regMax.
 * Throws EdgeLossError: E_RANGE (y < 0, NaN, or ≥ bins − 1 without clamping), E_SHAPE (input ≠ N·bins, bins >
 * capacity), E_OPTION (regMax not an integer ≥ 2 ('ultralytics') / ≥ 1 ('mmdet'), unknown convention, clampTarget
 * not a boolean, unknown option), E_DTYPE. Computed per row in f64, stored f32. Tolerance: rel 1e-6 + abs 1e-7.
 */
export function distributionFocalLoss(
  mod: LossModule, input: NumericArray, target: NumericArray, options?: DistributionFocalOptions,
): LossResult<Float32Array> {
  const p = parseDfl('distributionFocalLoss', input, target, options);
  // The kernel checks f32 targets; a wider type is checked here, before rounding to f32 can move it into the domain.
  if (!(p.target instanceof Float32Array)) checkDflTargets(p);
  const e = mod.exports;
  const N = p.rows;
  const B = p.bins;
  if (B > mod.capacity) {
    throw new EdgeLossError('E_SHAPE', p.fn, 'options.regMax', p.regMax, `gives ${B} bins per row, more than the kernel buffer holds (${mod.capacity})`);
  }
  const out = p.reduction === 'none' ? new Float32Array(N) : null;
  const grad = p.grad ? new Float32Array(N * B) : null;
  const denom = p.reduction === 'mean' ? N : 1;
  const flags = flagsOf(p);
  const per = Math.floor(mod.capacity / B);
  e.reset();
  for (let r0 = 0; r0 < N; r0 += per) {
    const rows = Math.min(per, N - r0);
    copyIn(mod.input, p.input, r0 * B, rows * B);
    copyIn(mod.target, p.target, r0, rows);
    const st = e.dfl(rows, p.regMax, flags, denom, DFL_CONVENTION[p.convention], p.clampTarget ? 1 : 0);
    if (st === STATUS.E_RANGE) {
      const i = r0 + e.err_index();
      const y = p.target[i]!;
      const dom = p.clampTarget ? '[0, ∞)' : `[0, ${B - 1})`;
      throw new EdgeLossError('E_RANGE', p.fn, 'target', y, `holds ${y} at index ${i}, outside ${dom}`);
    }
    if (st !== STATUS.OK) throw statusError(mod, p.fn, st, r0, [p.input, p.target, null, null], PARAMS);
    if (out) copyOut(out, r0, mod.out, rows);
    if (grad) copyOut(grad, r0 * B, mod.grad, rows * B);
  }
  const value = e.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
