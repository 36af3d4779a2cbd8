import { parsePlain } from '../options.js';
import type { BaseOptions, LossResult, NumericArray } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runElementwise } from './run.js';

/**
 * l1Loss (MAE, PyTorch `F.l1_loss`): l_i = |x_i − y_i|.
 * Shapes: input [n], target [n] (any real; NaN/Infinity propagate by IEEE rules).
 * Reductions: 'mean' Σ/n (empty → NaN), 'sum' Σ (empty → 0), 'none' [n] float32.
 * Gradient w.r.t. input: sign(x − y) (sign(0) = 0, PyTorch's abs backward), divided by n for 'mean'.
 * Throws EdgeLossError: E_LENGTH (target length ≠ input length), E_DTYPE (not numbers), E_OPTION (unknown option,
 * bad reduction). Tolerance against the float64 reference: rel 1e-6 (f32 difference, f64 sum).
 * Source: PyTorch torch.nn.functional.l1_loss; the source article's MAE (watermelon example, 16/3).
 */
export function l1Loss(mod: LossModule, input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<Float32Array> {
  const p = parsePlain('l1Loss', input, target, options);
  return runElementwise(mod, p, mod.exports.l1);
}
