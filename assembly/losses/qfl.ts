import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, sigmoid, sign64, softplus } from '../math/stable';
import { OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_PARAM, ARG_TARGET, F_GRAD, F_NONE, clearError, fail } from '../status';

/**
 * qfl (qualityFocalLoss; Li et al. 2020 "Generalized Focal Loss", mmdet `quality_focal_loss`): `rows` rows of
 * `numClasses` logits in INPUT and quality targets t ∈ [0, 1] in TARGET (rows·C ≤ capacity; outside or NaN:
 * E_RANGE at the element index). Per element, with s = σ(x) and d = s - t = (1-t)·σ(x) - t·σ(-x):
 *   l = ce·|d|^β,  ce = (1-t)·softplus(x) + t·softplus(-x);
 *   dl/dx = |d|^β·d + ce·β·|d|^(β-1)·sign(d)·σ(x)σ(-x)   (second term 0 when β = 0 or d = 0: its limit).
 * Nothing detached (mmdet). F_NONE writes each row's sum over its C elements to OUT (so a row longer than the
 * buffer can be sent as segments of one row each, numClasses = the segment length, and the host adds them).
 * F_GRAD writes [rows, C] scaled by 1/denom (N rows for 'mean'). beta must be finite and ≥ 0 (E_OPTION, index 1;
 * numClasses ≥ 1 is index 0). Computed in f64, stored f32.
 */
export function qfl(rows: i32, numClasses: i32, flags: i32, denom: f64, beta: f64): i32 {
  clearError();
  if (numClasses < 1) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(beta >= 0) || !isFinite(beta)) return fail(E_OPTION, ARG_PARAM, 1);
  if (rows < 0) return fail(E_LENGTH, ARG_INPUT, rows);
  if (<i64>rows * <i64>numClasses > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, rows);
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  let total: f64 = 0;
  let i = 0;
  for (let r = 0; r < rows; r++) {
    let row: f64 = 0;
    for (let c = 0; c < numClasses; c++, i++) {
      const x = <f64>f32At(INPUT, i);
      const t = <f64>f32At(TARGET, i);
      if (!(t >= 0 && t <= 1)) return fail(E_RANGE, ARG_TARGET, i);
      const sp = sigmoid(x);
      const sn = sigmoid(-x);
      const d = (1 - t) * sp - t * sn;
      const ad = Math.abs(d);
      const ce = coefMul(1 - t, softplus(x)) + coefMul(t, softplus(-x));
      const m = Math.pow(ad, beta);
      row += coefMul(m, ce);
      if (wantGrad) {
        const dm = ad == 0 || beta == 0 ? 0.0 : beta * Math.pow(ad, beta - 1) * sign64(d) * sp * sn;
        setF32At(GRAD, i, <f32>((m * d + coefMul(dm, ce)) * inv));
      }
    }
    total += row;
    if (wantOut) setF32At(OUT, r, <f32>row);
  }
  addAcc(total);
  return OK;
}
