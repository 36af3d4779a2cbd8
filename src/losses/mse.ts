import { parsePlain } from '../options.js';
import type { BaseOptions, LossResult, NumericArray } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runElementwise } from './run.js';

/**
 * mseLoss (PyTorch `F.mse_loss`): l_i = (x_i − y_i)².
 * Shapes: input [n], target [n]. Reductions: 'mean' Σ/n (empty → NaN), 'sum' (empty → 0), 'none' [n] float32.
 * Gradient w.r.t. input: 2(x − y), divided by n for 'mean'.
 * Throws EdgeLossError: E_LENGTH, E_DTYPE, E_OPTION. Tolerance vs the reference: rel 1e-6.
 * Source: PyTorch torch.nn.functional.mse_loss; the source article's MSE (watermelon example, 86/3).
 */
export function mseLoss(mod: LossModule, input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<Float32Array> {
  const p = parsePlain('mseLoss', input, target, options);
  return runElementwise(mod, p, mod.exports.mse);
}
