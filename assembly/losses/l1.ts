import { runElementwise, K_L1 } from '../math/elementwise';
import { gradScale } from '../math/reduce';

/**
 * l1 (l1Loss, MAE): element loss |x - y|, gradient sign(x - y)/denom with sign(0) = 0 (PyTorch's abs backward).
 * Reads INPUT and TARGET [n]; flags F_GRAD, F_NONE. denom: n for 'mean', 1 for 'sum'/'none'.
 * Returns a status; the chunk's sum is added to the accumulator.
 */
export function l1(n: i32, flags: i32, denom: f64): i32 {
  return runElementwise(K_L1, n, flags, 0.0, gradScale(denom));
}
