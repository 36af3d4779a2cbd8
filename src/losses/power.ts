import { parsePower } from '../options.js';
import type { LossResult, NumericArray, PowerOptions } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runElementwise } from './run.js';

/**
 * powerLoss: l_i = |x_i − y_i|^p for any p > 0 (option `p`, default 2). The source article's generalisation of
 * L1 (p = 1) and L2 (p = 2): p = 3 weights large errors more, p = 1.5 is gentler than squaring, and 0 < p < 1
 * flattens large errors (robust, but the gradient p|d|^(p−1) is unbounded as d → 0).
 * Shapes: input [n], target [n]. Reductions: 'mean' Σ/n (empty → NaN), 'sum' (empty → 0), 'none' [n].
 * Gradient w.r.t. input: p·|d|^(p−1)·sign(d), exactly 0 at d = 0 for every p; divided by n for 'mean'.
 * Throws EdgeLossError: E_OPTION (p ≤ 0, not finite, unknown option), E_LENGTH, E_DTYPE.
 * Computed in f64 per element (Math.pow). Tolerance vs the reference: rel 1e-6. No peer implements it.
 */
export function powerLoss(mod: LossModule, input: NumericArray, target: NumericArray, options?: PowerOptions): LossResult<Float32Array> {
  const p = parsePower('powerLoss', input, target, options);
  return runElementwise(mod, p, (n, f, d) => mod.exports.power(n, f, d, p.p), { params: ['p'] });
}
