import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { sign64 } from '../math/stable';
import { OK, E_OPTION, ARG_PARAM, F_GRAD, F_NONE, checkCount, fail } from '../status';

/**
 * wing (wingLoss; Feng et al. 2018 "Wing Loss for Robust Facial Landmark Localisation", mmpose `WingLoss`):
 * element loss with a = |x - y|, C = ω - ω·ln(1 + ω/ε):
 *   l = a < ω ? ω·ln(1 + a/ε) : a - C,   dl/dx = (a < ω ? ω/(ε + a) : 1)·sign(x - y)  (0 at x = y).
 * The host passes the mean's denominator N = n/(2K) (mmpose sums over keypoints and coordinates and means over
 * rows). omega > 0 (E_OPTION index 0) and epsilon > 0 (index 1), both finite. Computed in f64, stored f32.
 */
export function wing(n: i32, flags: i32, denom: f64, omega: f64, epsilon: f64): i32 {
  if (!(omega > 0) || !isFinite(omega)) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(epsilon > 0) || !isFinite(epsilon)) return fail(E_OPTION, ARG_PARAM, 1);
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  const C = omega - omega * Math.log1p(omega / epsilon);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <f64>f32At(INPUT, i) - <f64>f32At(TARGET, i);
    const a = Math.abs(d);
    const small = a < omega;
    const l = small ? omega * Math.log1p(a / epsilon) : a - C;
    sum += l;
    if (wantOut) setF32At(OUT, i, <f32>l);
    if (wantGrad) {
      const g = small ? omega / (epsilon + a) * sign64(d) : sign64(d);
      setF32At(GRAD, i, <f32>(g * inv));
    }
  }
  addAcc(sum);
  return OK;
}
