import { parseHuber } from '../options.js';
import type { HuberOptions, LossResult, NumericArray } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runElementwise } from './run.js';

/**
 * huberLoss (PyTorch `F.huber_loss`): z = |x − y|; l = z < δ ? 0.5z² : δ(z − 0.5δ) (option `delta` > 0,
 * default 1). Equals δ·smoothL1Loss(β = δ). TF.js and Keras compute the same value.
 * Shapes: input [n], target [n]. Reductions: 'mean' Σ/n (empty → NaN), 'sum' (empty → 0), 'none' [n].
 * Gradient w.r.t. input: clamp(x − y, −δ, δ); divided by n for 'mean'.
 * Throws EdgeLossError: E_OPTION (delta ≤ 0), E_LENGTH, E_DTYPE. Tolerance: rel 1e-6.
 */
export function huberLoss(mod: LossModule, input: NumericArray, target: NumericArray, options?: HuberOptions): LossResult<Float32Array> {
  const p = parseHuber('huberLoss', input, target, options);
  return runElementwise(mod, p, (n, f, d) => mod.exports.huber(n, f, d, p.delta), { params: ['delta'] });
}
