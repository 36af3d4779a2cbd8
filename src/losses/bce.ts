import { parseBce } from '../options.js';
import type { BceOptions, LossResult, NumericArray } from '../types.js';
import { BCE_CONVENTION } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { checkUnitRange } from '../validate.js';
import { runElementwise } from './run.js';

/**
 * binaryCrossEntropy on probabilities (PyTorch `F.binary_cross_entropy` by default).
 * Shapes: input p [n] in [0, 1], target y [n] in [0, 1]; option `weight` broadcast over the trailing dimension
 * (length 1, n, or L dividing n; multiplies each element's loss and gradient; the mean still divides by n).
 * Conventions (option `convention`):
 * - 'pytorch' (default): l = −w[y·max(ln p, −100) + (1−y)·max(ln(1−p), −100)]; the −100 clamp keeps p ∈ {0, 1}
 *   finite (a fully wrong element costs 100). Gradient w·(p − y)/max(p(1−p), 1e-12) (ATen's EPSILON), so ±1e12 at
 *   the ends instead of ±Infinity.
 * - 'tfjs' (tf.losses.logLoss): l = −w[y·ln(p + ε) + (1−y)·ln(1 − p + ε)], ε = option `eps` (default 1e-7).
 * - 'keras' (keras.losses.binary_crossentropy): p clipped to [f32(ε), f32(1 − ε)] in float32 (0.99999988 for
 *   ε = 1e-7, so a fully wrong element costs 15.94), gradient 0 where the clip is active.
 * Reductions: 'mean' Σ/n (empty → NaN), 'sum' (empty → 0), 'none' [n]. Gradient w.r.t. the probabilities p.
 * Throws EdgeLossError: E_RANGE (p or y outside [0, 1] or NaN, naming the index), E_SHAPE (weight length),
 * E_OPTION (convention, eps ∉ [0, 0.5)), E_LENGTH, E_DTYPE. Computed in f64 per element. Tolerance: rel 1e-5
 * (value), rel 1e-5 + abs 1e-6 (gradient).
 */
export function binaryCrossEntropy(mod: LossModule, input: NumericArray, target: NumericArray, options?: BceOptions): LossResult<Float32Array> {
  const p = parseBce('binaryCrossEntropy', input, target, options);
  // The kernel checks the float32 copies; values that only reach [0, 1] by rounding are checked here first.
  if (!(p.input instanceof Float32Array && p.target instanceof Float32Array)) checkUnitRange(p.fn, p.input, p.target);
  const conv = BCE_CONVENTION[p.convention];
  return runElementwise(mod, p, (n, f, d) => mod.exports.bce(n, f, d, conv, p.eps), { weight: p.weight, params: ['convention', 'eps'], domain: '[0, 1]' });
}
