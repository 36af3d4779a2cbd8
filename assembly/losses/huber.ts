import { runElementwise, K_HUBER } from '../math/elementwise';
import { gradScale } from '../math/reduce';
import { E_OPTION, ARG_PARAM, fail } from '../status';

/**
 * huber (huberLoss, PyTorch huber_loss): z = |x - y|; z < delta ? 0.5 z² : delta (z - 0.5 delta).
 * Gradient clamp(x - y, -delta, delta)/denom. delta <= 0 or NaN → E_OPTION.
 */
export function huber(n: i32, flags: i32, denom: f64, delta: f64): i32 {
  if (!(delta > 0)) return fail(E_OPTION, ARG_PARAM, 0);
  return runElementwise(K_HUBER, n, flags, delta, gradScale(denom));
}
