import { runElementwise, K_SMOOTH_L1 } from '../math/elementwise';
import { gradScale } from '../math/reduce';
import { E_OPTION, ARG_PARAM, fail } from '../status';

/**
 * smooth_l1 (smoothL1Loss, PyTorch smooth_l1_loss): z = |x - y|; z < beta ? 0.5 z²/beta : z - 0.5 beta.
 * beta = 0 is exactly L1 (the quadratic branch is never taken). Gradient: z < beta ? (x - y)/beta : sign(x - y),
 * divided by denom. beta < 0 or NaN → E_OPTION.
 */
export function smooth_l1(n: i32, flags: i32, denom: f64, beta: f64): i32 {
  if (!(beta >= 0)) return fail(E_OPTION, ARG_PARAM, 0);
  return runElementwise(K_SMOOTH_L1, n, flags, beta, gradScale(denom));
}
