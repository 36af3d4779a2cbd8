import { parseSmoothL1 } from '../options.js';
import type { LossResult, NumericArray, SmoothL1Options } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runElementwise } from './run.js';

/**
 * smoothL1Loss (PyTorch `F.smooth_l1_loss`): z = |x − y|; l = z < β ? 0.5z²/β : z − 0.5β (option `beta` ≥ 0,
 * default 1). β = 0 is exactly L1, as in PyTorch (which dispatches to l1_loss).
 * Shapes: input [n], target [n]. Reductions: 'mean' Σ/n (empty → NaN), 'sum' (empty → 0), 'none' [n].
 * Gradient w.r.t. input: z < β ? (x − y)/β : sign(x − y); divided by n for 'mean'.
 * Throws EdgeLossError: E_OPTION (beta < 0 or not a number), E_LENGTH, E_DTYPE. Tolerance: rel 1e-6.
 * Note: KerasCV's SmoothL1Loss does not divide by β; only β = 1 matches it.
 */
export function smoothL1Loss(mod: LossModule, input: NumericArray, target: NumericArray, options?: SmoothL1Options): LossResult<Float32Array> {
  const p = parseSmoothL1('smoothL1Loss', input, target, options);
  return runElementwise(mod, p, (n, f, d) => mod.exports.smooth_l1(n, f, d, p.beta), { params: ['beta'] });
}
