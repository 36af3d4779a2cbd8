import { parseSigmoidFocal } from '../options.js';
import type { LossResult, NumericArray, SigmoidFocalOptions } from '../types.js';
import { MODE } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { checkUnitRange } from '../validate.js';
import { finish, flagsOf, streamElementwise } from './run.js';

/**
 * sigmoidFocalLoss (Lin et al. 2017 "Focal Loss for Dense Object Detection"; torchvision
 * `ops.sigmoid_focal_loss`; ultralytics `FocalLoss` under convention 'ultralytics').
 * With p = σ(x), ce = BCE-with-logits(x, t) = (1 − t)·softplus(x) + t·softplus(−x) and 1 − p_t = t·σ(−x) + (1 − t)·σ(x)
 * (the textbook p + t − 2pt, evaluated without cancellation):
 *   l = ce·(1 − p_t)^γ, multiplied by α·t + (1 − α)(1 − t) when α ≥ 0 (α < 0 turns the weighting off).
 * Shapes: logits x [n] (any shape, flat; any real, ±Infinity allowed) and targets t [n] in [0, 1] (soft targets
 * allowed). Options: `alpha` (0.25, finite), `gamma` (2, finite ≥ 0; 1.5 under 'ultralytics'), `convention`
 * ('torchvision' default | 'ultralytics'), `numClasses` C (required by 'ultralytics', whose input is [N, C]).
 * Reductions: 'none' [n]; 'sum' Σ (empty → 0); 'mean' Σ/n under 'torchvision' (empty → NaN; the peer's default
 * reduction is 'none', ours 'mean'), Σ/C under 'ultralytics' (its `.mean(1).sum()`; empty → 0).
 * Gradient w.r.t. the logits through every factor (nothing detached, as both peers):
 *   factor·[(1 − p_t)^γ·(σ(x) − t) + ce·γ·(1 − p_t)^(γ−1)·(1 − 2t)·σ(x)σ(−x)],
 * where the second term is 0 when γ = 0 or 1 − p_t = 0, so γ < 1 gives a finite gradient at saturated logits. A
 * product with a zero coefficient counts 0: ±Infinity logits give +Infinity or a finite value and finite gradients,
 * never NaN. No eps: the stable softplus/sigmoid forms need none. With γ = 0 and α < 0 this is exactly
 * binaryCrossEntropyWithLogits.
 * Throws EdgeLossError: E_RANGE (target outside [0, 1] or NaN), E_LENGTH (lengths differ), E_SHAPE (n not a multiple
 * of numClasses), E_OPTION (gamma < 0, non-finite alpha/gamma, unknown convention, numClasses missing under
 * 'ultralytics' or not an integer ≥ 1, unknown option), E_DTYPE.
 * Computed per element in f64, stored f32. Tolerance against the float64 reference: rel 1e-6 + abs 1e-7.
 */
export function sigmoidFocalLoss(
  mod: LossModule, input: NumericArray, target: NumericArray, options?: SigmoidFocalOptions,
): LossResult<Float32Array> {
  const p = parseSigmoidFocal('sigmoidFocalLoss', input, target, options);
  // The kernel checks f32 targets; a wider type is checked here, before rounding to f32 can move it into [0, 1].
  if (!(p.target instanceof Float32Array)) checkUnitRange(p.fn, null, p.target);
  const n = p.input.length;
  const out = p.reduction === 'none' ? new Float32Array(n) : null;
  const grad = p.grad ? new Float32Array(n) : null;
  const denom = p.reduction === 'mean' ? (p.convention === 'ultralytics' ? p.numClasses! : n) : 1;
  streamElementwise(
    mod, p, (len, f, d) => mod.exports.sigmoid_focal(len, f, d, p.alpha, p.gamma), flagsOf(p), denom,
    { params: ['alpha', 'gamma'], domain: '[0, 1]' }, out, grad,
  );
  const value = mod.exports.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
