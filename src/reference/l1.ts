import { elementwise, sign, type RefBase, type RefOut } from './math.js';

/**
 * Mean absolute error (L1), float64 reference.
 *
 * l_i = |x_i − y_i|, dl_i/dx_i = sign(d_i) with sign(0) = 0. input and target are [n].
 * 'none' → [n], 'sum' → Σ l_i, 'mean' → Σ l_i / n (NaN for n = 0). The gradient is that of the reduced value.
 * Matches PyTorch `torch.nn.functional.l1_loss`.
 */
export function l1Ref(input: Float64Array, target: Float64Array, o: RefBase): RefOut {
  return elementwise(input, target, o, (d) => Math.abs(d), sign);
}
