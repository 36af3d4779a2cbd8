import { parseBceLogits } from '../options.js';
import type { BceWithLogitsOptions, LossResult, NumericArray } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { checkUnitRange } from '../validate.js';
import { runElementwise } from './run.js';

/**
 * binaryCrossEntropyWithLogits (PyTorch `F.binary_cross_entropy_with_logits`).
 * l = w·[(1 − y)·softplus(x) + pw·y·softplus(−x)], softplus(z) = max(z, 0) + log1p(exp(−|z|)): PyTorch's
 * (1−y)x + (1 + (pw−1)y)·softplus(−x) in a form whose two terms are each ≥ 0, so logits of ±Infinity or ±1e30 give
 * the limit (0, a finite value or +Infinity), never NaN; a term whose coefficient is 0 (y = 1 with x = +∞, weight 0)
 * counts 0.
 * Shapes: input logits [n] (any real), target y [n] in [0, 1]; options `weight` (w) and `posWeight` (pw, PyTorch
 * pos_weight, typically one per class of an [N, C] input) broadcast over the trailing dimension (length 1, n or
 * L dividing n). Reductions: 'mean' Σ/n (weights do not change the denominator; empty → NaN), 'sum', 'none' [n].
 * Gradient w.r.t. the logits: w·[(1 − y)·σ(x) − pw·y·σ(−x)] (= PyTorch's (σ(x)(pw·y + 1 − y) − pw·y)·w).
 * Throws EdgeLossError: E_RANGE (target outside [0, 1] or NaN), E_SHAPE (weight/posWeight length), E_LENGTH,
 * E_DTYPE, E_OPTION. Computed in f64 per element. Tolerance: rel 1e-5 + abs 1e-6.
 */
export function binaryCrossEntropyWithLogits(
  mod: LossModule, input: NumericArray, target: NumericArray, options?: BceWithLogitsOptions,
): LossResult<Float32Array> {
  const p = parseBceLogits('binaryCrossEntropyWithLogits', input, target, options);
  // The kernel checks the float32 copies; targets that only reach [0, 1] by rounding are checked here first.
  if (!(p.target instanceof Float32Array)) checkUnitRange(p.fn, null, p.target);
  return runElementwise(mod, p, (n, f, d) => mod.exports.bce_logits(n, f, d), { weight: p.weight, posWeight: p.posWeight, domain: '[0, 1]' });
}
