import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { sign64 } from '../math/stable';
import { OK, E_OPTION, ARG_PARAM, F_GRAD, F_NONE, checkCount, fail } from '../status';

/**
 * power (powerLoss): element loss |d|^p with d = x - y, any p > 0 (the source article's generalisation of L1/L2).
 * Gradient p·|d|^(p-1)·sign(d)/denom, exactly 0 at d = 0 for every p (for p < 1 it is unbounded as d → 0).
 * Computed in f64 (Math.pow), stored as f32. p <= 0, NaN or Infinity → E_OPTION.
 */
export function power(n: i32, flags: i32, denom: f64, p: f64): i32 {
  if (!(p > 0) || !isFinite(p)) return fail(E_OPTION, ARG_PARAM, 0);
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d = <f64>f32At(INPUT, i) - <f64>f32At(TARGET, i);
    const z = Math.abs(d);
    const v = Math.pow(z, p);
    sum += v;
    if (wantOut) setF32At(OUT, i, <f32>v);
    if (wantGrad) {
      const g = d == 0 ? 0.0 : p * Math.pow(z, p - 1) * sign64(d);
      setF32At(GRAD, i, <f32>(g * inv));
    }
  }
  addAcc(sum);
  return OK;
}
