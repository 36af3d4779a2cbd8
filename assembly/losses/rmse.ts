import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc } from '../math/reduce';
import { sign64 } from '../math/stable';
import { OK, F_GRAD, F_NONE, checkCount } from '../status';

/**
 * rmse (rmseLoss): adds Σ(x - y)² to the accumulator; result(MODE_ROOT_MEAN, denom) gives sqrt(Σ/denom)
 * (denom n for 'mean', 1 for 'sum', which is the Euclidean norm of the error).
 * The squares are formed in f64: in f32 they would underflow for |d| < 1e-22 and overflow for |d| > 1.8e19, and
 * the root would turn that into a wrong value (0 or +Infinity) where the RMSE itself is representable.
 * The gradient needs the root of the whole input, so it is a second pass: the host passes `root` (the value of
 * the first pass) and the kernel writes (x - y)/(denom·root) computed in f64, or 0 when root is 0 (zero error
 * gives 0, not NaN). With F_NONE, OUT gets |x - y| (each element's own root mean square) and GRAD sign(x - y).
 */
export function rmse(n: i32, flags: i32, denom: f64, root: f64): i32 {
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const none = (flags & F_NONE) != 0;
  const wantGrad = (flags & F_GRAD) != 0;
  const scale = none ? 1.0 : root == 0 ? 0.0 : 1.0 / (denom * root);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <f64>f32At(INPUT, i) - <f64>f32At(TARGET, i);
    sum += d * d;
    if (none) setF32At(OUT, i, <f32>Math.abs(d));
    if (wantGrad) setF32At(GRAD, i, <f32>((none ? sign64(d) : d) * scale));
  }
  addAcc(sum);
  return OK;
}
