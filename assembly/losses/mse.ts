import { runElementwise, K_MSE } from '../math/elementwise';
import { gradScale } from '../math/reduce';

/**
 * mse (mseLoss): element loss (x - y)², gradient 2(x - y)/denom (PyTorch mse_loss).
 * Reads INPUT and TARGET [n]; flags F_GRAD, F_NONE. denom: n for 'mean', 1 for 'sum'/'none'.
 */
export function mse(n: i32, flags: i32, denom: f64): i32 {
  return runElementwise(K_MSE, n, flags, 0.0, gradScale(denom));
}
