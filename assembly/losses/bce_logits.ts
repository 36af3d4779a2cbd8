import { INPUT, TARGET, GRAD, OUT, WEIGHT, AUX, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, sigmoid, softplus } from '../math/stable';
import { OK, E_RANGE, ARG_TARGET, F_GRAD, F_NONE, F_WEIGHT, F_POS_WEIGHT, checkCount, fail } from '../status';

/**
 * bce_logits (binaryCrossEntropyWithLogits): logits x (any real, ±Infinity included), targets y ∈ [0, 1].
 * Stable form: PyTorch's (1-y)·x + (1 + (pw-1)·y)·softplus(-x) rewritten with x = softplus(x) - softplus(-x) as
 *   l = w·[(1-y)·softplus(x) + pw·y·softplus(-x)],  softplus(z) = max(z,0) + log1p(exp(-|z|)),
 * a sum of two non-negative terms, each taken as 0 when its coefficient is 0. So x = ±Inf and ±1e30 give the
 * limits (0 or +Inf), never NaN. dl/dx = w·[(1-y)·σ(x) - pw·y·σ(-x)]. w = WEIGHT[i] with F_WEIGHT, pw = AUX[i]
 * with F_POS_WEIGHT, else 1. A target outside [0, 1] (or NaN) is E_RANGE. Computed in f64.
 */
export function bce_logits(n: i32, flags: i32, denom: f64): i32 {
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const useWeight = (flags & F_WEIGHT) != 0;
  const usePos = (flags & F_POS_WEIGHT) != 0;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = <f64>f32At(INPUT, i);
    const y = <f64>f32At(TARGET, i);
    if (!(y >= 0 && y <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    const pw = usePos ? <f64>f32At(AUX, i) : 1.0;
    const w = useWeight ? <f64>f32At(WEIGHT, i) : 1.0;
    const py = pw * y;
    const l = coefMul(w, coefMul(1 - y, softplus(x)) + coefMul(py, softplus(-x)));
    sum += l;
    if (wantOut) setF32At(OUT, i, <f32>l);
    if (wantGrad) {
      const g = coefMul(w, coefMul(1 - y, sigmoid(x)) - coefMul(py, sigmoid(-x)));
      setF32At(GRAD, i, <f32>(g * inv));
    }
  }
  addAcc(sum);
  return OK;
}
