import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, sigmoid, softplus } from '../math/stable';
import { OK, E_OPTION, E_RANGE, ARG_PARAM, ARG_TARGET, F_GRAD, F_NONE, checkCount, fail } from '../status';

/**
 * sigmoid_focal (sigmoidFocalLoss; torchvision `sigmoid_focal_loss`, Lin et al. 2017; ultralytics `FocalLoss`):
 * logits x (any real, ±Infinity included), targets t ∈ [0, 1] (outside or NaN: E_RANGE).
 *   ce = (1-t)·softplus(x) + t·softplus(-x)            (BCE with logits, the stable two-term form)
 *   q  = 1 - p_t = t·σ(-x) + (1-t)·σ(x)                (= s + t - 2st with s = σ(x), without cancellation)
 *   l  = a·ce·q^γ,  a = α·t + (1-α)·(1-t) when α ≥ 0, else 1.
 * Gradient w.r.t. x through every factor: a·[q^γ·(σ(x) - t) + ce·γ·q^(γ-1)·(1 - 2t)·σ(x)σ(-x)], where the second
 * term is 0 when γ = 0 or q = 0 (the limit; with γ < 1 it keeps the gradient finite at saturated logits), and a
 * product with a zero coefficient counts 0 (x = ±Infinity gives finite gradients). Scaled by 1/denom (the host
 * passes n for torchvision's mean, C for ultralytics' `.mean(1).sum()`). Computed in f64, stored f32.
 * alpha must be finite (index 0), gamma finite and ≥ 0 (index 1): else E_OPTION.
 */
export function sigmoid_focal(n: i32, flags: i32, denom: f64, alpha: f64, gamma: f64): i32 {
  if (!isFinite(alpha)) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(gamma >= 0) || !isFinite(gamma)) return fail(E_OPTION, ARG_PARAM, 1);
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  const weighted = alpha >= 0;
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = <f64>f32At(INPUT, i);
    const t = <f64>f32At(TARGET, i);
    if (!(t >= 0 && t <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    const sp = sigmoid(x);
    const sn = sigmoid(-x);
    const ce = coefMul(1 - t, softplus(x)) + coefMul(t, softplus(-x));
    const q = t * sn + (1 - t) * sp;
    const m = Math.pow(q, gamma);
    const a = weighted ? alpha * t + (1 - alpha) * (1 - t) : 1.0;
    const l = coefMul(a, coefMul(m, ce));
    sum += l;
    if (wantOut) setF32At(OUT, i, <f32>l);
    if (wantGrad) {
      const dm = q == 0 || gamma == 0 ? 0.0 : gamma * Math.pow(q, gamma - 1) * (1 - 2 * t) * sp * sn;
      const g = coefMul(a, m * ((1 - t) * sp - t * sn) + coefMul(dm, ce));
      setF32At(GRAD, i, <f32>(g * inv));
    }
  }
  addAcc(sum);
  return OK;
}
