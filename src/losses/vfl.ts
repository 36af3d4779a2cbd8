import { parseVfl } from '../options.js';
import type { LossResult, NumericArray, VarifocalOptions } from '../types.js';
import { MODE } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { checkUnitRange } from '../validate.js';
import { finish, flagsOf, streamElementwise } from './run.js';

/**
 * varifocalLoss (Zhang et al. 2021 "VarifocalNet: An IoU-aware Dense Object Detector"; mmdet `varifocal_loss` with
 * iou_weighted = True; ultralytics `VarifocalLoss` under convention 'ultralytics').
 *   l = BCE-with-logits(x, t)·w,   w = t > 0 ? t : α·|σ(x) − t|^γ   (= α·σ(x)^γ on negatives),
 * which is also ultralytics' α·σ^γ·(1 − label) + t·label with label = [t > 0].
 * Shapes: logits and targets [N, C] flat (`numClasses` C required); targets t ∈ [0, 1] (the IoU at the true class of
 * a positive, 0 elsewhere). Options: `alpha` (0.75, finite ≥ 0), `gamma` (2, finite ≥ 0), `convention` ('mmdet'
 * default | 'ultralytics').
 * Reductions: 'none' [N·C] per element; 'sum' Σ (empty → 0); 'mean' Σ/(N·C) under 'mmdet' (empty → NaN), Σ/C under
 * 'ultralytics' (`.mean(1).sum()`; empty → 0).
 * Gradient w.r.t. the logits, nothing detached (both peers): w·(σ(x) − t) + ce·dw/dx, dw/dx = α·γ·σ(x)^γ·σ(−x) on
 * negatives and 0 on positives. A product with a zero coefficient counts 0, so ±Infinity logits give +Infinity or 0
 * and finite gradients, never NaN. No eps.
 * Throws EdgeLossError: E_RANGE (target outside [0, 1] or NaN), E_LENGTH, E_SHAPE (length not a multiple of C),
 * E_OPTION (numClasses missing or not an integer ≥ 1, alpha/gamma negative or non-finite, unknown convention or
 * option), E_DTYPE. Computed per element in f64, stored f32. Tolerance: rel 1e-6 + abs 1e-7.
 */
export function varifocalLoss(
  mod: LossModule, input: NumericArray, target: NumericArray, options?: VarifocalOptions,
): LossResult<Float32Array> {
  const p = parseVfl('varifocalLoss', input, target, options);
  // The kernel checks f32 targets; a wider type is checked here, before rounding to f32 can move it into [0, 1].
  if (!(p.target instanceof Float32Array)) checkUnitRange(p.fn, null, p.target);
  const n = p.input.length;
  const out = p.reduction === 'none' ? new Float32Array(n) : null;
  const grad = p.grad ? new Float32Array(n) : null;
  const denom = p.reduction === 'mean' ? (p.convention === 'ultralytics' ? p.numClasses : n) : 1;
  streamElementwise(
    mod, p, (len, f, d) => mod.exports.vfl(len, f, d, p.alpha, p.gamma), flagsOf(p), denom,
    { params: ['alpha', 'gamma'], domain: '[0, 1]' }, out, grad,
  );
  const value = mod.exports.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
