import { elementwise, type RefBase, type RefOut } from './math.js';

/**
 * Mean squared error, float64 reference.
 *
 * l_i = (x_i − y_i)², dl_i/dx_i = 2·d_i. input and target are [n].
 * 'none' → [n], 'sum' → Σ l_i, 'mean' → Σ l_i / n (NaN for n = 0). The gradient is that of the reduced value.
 * Matches PyTorch `torch.nn.functional.mse_loss`.
 */
export function mseRef(input: Float64Array, target: Float64Array, o: RefBase): RefOut {
  return elementwise(input, target, o, (d) => d * d, (d) => 2 * d);
}
