import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, sigmoid, softplus } from '../math/stable';
import { OK, E_OPTION, E_RANGE, ARG_PARAM, ARG_TARGET, F_GRAD, F_NONE, checkCount, fail } from '../status';

/**
 * vfl (varifocalLoss; Zhang et al. 2021 "VarifocalNet", mmdet `varifocal_loss` with iou_weighted, ultralytics
 * `VarifocalLoss`): n logits x in INPUT, targets t ∈ [0, 1] in TARGET (outside or NaN: E_RANGE). Element loss
 *   l = ce·w,  ce = (1-t)·softplus(x) + t·softplus(-x),  w = t > 0 ? t : α·σ(x)^γ  (= α·|σ(x) - t|^γ at t = 0),
 * both conventions (mmdet's and ultralytics' weights agree for t ∈ [0, 1]; they differ only in the mean's
 * denominator, which the host passes). Nothing detached:
 *   dl/dx = w·(σ(x) - t) + ce·dw/dx,  dw/dx = 0 for t > 0, α·γ·σ(x)^γ·σ(-x) for t = 0,
 * with a zero coefficient counting 0 (x = +Infinity at t = 0 gives value +Infinity and gradient α).
 * F_NONE writes [n] to OUT, F_GRAD [n] scaled by 1/denom. alpha finite ≥ 0 (E_OPTION index 0), gamma finite ≥ 0
 * (index 1). Computed in f64, stored f32.
 */
export function vfl(n: i32, flags: i32, denom: f64, alpha: f64, gamma: f64): i32 {
  if (!(alpha >= 0) || !isFinite(alpha)) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(gamma >= 0) || !isFinite(gamma)) return fail(E_OPTION, ARG_PARAM, 1);
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = <f64>f32At(INPUT, i);
    const t = <f64>f32At(TARGET, i);
    if (!(t >= 0 && t <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    const sp = sigmoid(x);
    const sn = sigmoid(-x);
    const ce = coefMul(1 - t, softplus(x)) + coefMul(t, softplus(-x));
    const pos = t > 0;
    const spg = pos ? 0.0 : Math.pow(sp, gamma);
    const w = pos ? t : alpha * spg;
    const l = coefMul(w, ce);
    sum += l;
    if (wantOut) setF32At(OUT, i, <f32>l);
    if (wantGrad) {
      const dw = pos || gamma == 0 ? 0.0 : alpha * gamma * spg * sn;
      setF32At(GRAD, i, <f32>((w * ((1 - t) * sp - t * sn) + coefMul(dw, ce)) * inv));
    }
  }
  addAcc(sum);
  return OK;
}
