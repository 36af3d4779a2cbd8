import { parseWing } from '../options.js';
import type { LossResult, NumericArray, WingOptions } from '../types.js';
import { MODE } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { finish, flagsOf, streamElementwise } from './run.js';

/**
 * wingLoss (Feng et al. 2018 "Wing Loss for Robust Facial Landmark Localisation with Convolutional Neural
 * Networks"; mmpose `WingLoss`). With a = |x − y| and C = ω − ω·ln(1 + ω/ε) (which joins the two pieces at a = ω):
 *   l = a < ω ? ω·ln(1 + a/ε) : a − C.
 * Shapes: pred and target [N, K·2] flat (keypoint x, y in the same unit as ω and ε, typically pixels);
 * `numKeypoints` K (default 4: the corners of an armor plate), so N = n/(2K). Options `omega` ω (10, finite > 0),
 * `epsilon` ε (2, finite > 0).
 * Reductions: 'none' [n] per coordinate; 'sum' Σ (empty → 0); 'mean' Σ/N, the sum over keypoints and coordinates
 * averaged over rows as mmpose (empty → NaN).
 * Gradient w.r.t. pred: (a < ω ? ω/(ε + a) : 1)·sign(x − y), 0 at x = y. No eps: ε is the loss's own curvature
 * parameter and keeps the log finite.
 * Throws EdgeLossError: E_LENGTH (lengths differ), E_SHAPE (n not a multiple of 2K), E_OPTION (omega/epsilon ≤ 0 or
 * non-finite, numKeypoints not an integer ≥ 1, unknown option), E_DTYPE. Computed per element in f64 (log1p),
 * stored f32. Tolerance: rel 1e-6 + abs 1e-7.
 */
export function wingLoss(mod: LossModule, input: NumericArray, target: NumericArray, options?: WingOptions): LossResult<Float32Array> {
  const p = parseWing('wingLoss', input, target, options);
  const n = p.input.length;
  const out = p.reduction === 'none' ? new Float32Array(n) : null;
  const grad = p.grad ? new Float32Array(n) : null;
  const denom = p.reduction === 'mean' ? p.rows : 1;
  streamElementwise(
    mod, p, (len, f, d) => mod.exports.wing(len, f, d, p.omega, p.epsilon), flagsOf(p), denom,
    { params: ['omega', 'epsilon'] }, out, grad,
  );
  const value = mod.exports.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
