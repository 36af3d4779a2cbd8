import { runElementwise, K_RMSE, K_RMSE_NONE } from '../math/elementwise';
import { F_NONE } from '../status';

/**
 * rmse (rmseLoss): adds Σ(x - y)² to the accumulator; result(MODE_ROOT_MEAN, denom) gives sqrt(Σ/denom)
 * (denom n for 'mean', 1 for 'sum', which is the Euclidean norm of the error).
 * The gradient needs the root of the whole input, so it is a second pass: the host passes `root` (the value of
 * the first pass) and the kernel writes (x - y)/(denom·root), or 0 when root is 0 (zero error gives 0, not NaN).
 * With F_NONE, OUT gets |x - y| (each element's own root mean square) and GRAD sign(x - y); root is unused.
 */
export function rmse(n: i32, flags: i32, denom: f64, root: f64): i32 {
  if ((flags & F_NONE) != 0) return runElementwise(K_RMSE_NONE, n, flags, 0, 1);
  const inv: f32 = root == 0 ? <f32>0 : <f32>(1.0 / (denom * root));
  return runElementwise(K_RMSE, n, flags, 0, inv);
}
