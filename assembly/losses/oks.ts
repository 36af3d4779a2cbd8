import { INPUT, TARGET, GRAD, OUT, WEIGHT, AUX, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul } from '../math/stable';
import { OK, E_LENGTH, E_CAPACITY, E_OPTION, ARG_INPUT, ARG_PARAM, F_GRAD, F_NONE, F_WEIGHT, clearError, fail } from '../status';

/**
 * oks (oksLoss; ultralytics pose `KeypointLoss`, the COCO OKS of cocoeval as a loss): `rows` rows of K keypoints
 * (x, y interleaved: [rows, K, 2]) of predictions in INPUT and targets in TARGET (rows·2K ≤ capacity).
 * AUX[0, K) holds the sigmas σ_k, AUX[K, K + rows) the areas of the rows; with F_WEIGHT, WEIGHT holds the
 * visibility v [rows, K] (else 1). Per row i:
 *   d_ik = (x - x̂)² + (y - ŷ)²,  s_ik = (2σ_k)²·(area_i + 1e-9)·2,  e_ik = d_ik/s_ik,
 *   f_i = K/(Σ_k v_ik + 1e-9),   row_i = f_i·Σ_k v_ik·(1 - exp(-e_ik)) / K
 * (the 1e-9 are ultralytics': a zero area or an all-invisible row stays finite). A zero visibility counts 0
 * even against a NaN prediction. The accumulator gets Σ row_i (the host divides by N for 'mean', which is
 * ultralytics' mean over the N·K terms); F_NONE writes row_i to OUT. Gradient of row_i w.r.t. pred:
 *   f_i·v_ik·exp(-e_ik)·2(x - x̂)/s_ik / K (likewise y), scaled by 1/denom.
 * numKeypoints ≥ 1 (E_OPTION index 0). Computed in f64, stored f32.
 */
export function oks(rows: i32, numKeypoints: i32, flags: i32, denom: f64): i32 {
  clearError();
  if (numKeypoints < 1) return fail(E_OPTION, ARG_PARAM, 0);
  if (rows < 0) return fail(E_LENGTH, ARG_INPUT, rows);
  const K = numKeypoints;
  if (<i64>rows * <i64>(2 * <i64>K) > <i64>CAPACITY || <i64>rows + <i64>K > <i64>CAPACITY) {
    return fail(E_CAPACITY, ARG_INPUT, rows);
  }
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const useVis = (flags & F_WEIGHT) != 0;
  const inv = gradScale(denom);
  const kf = <f64>K;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const area = <f64>f32At(AUX, K + r) + 1e-9;
    let vs: f64 = 0;
    for (let k = 0; k < K; k++) vs += useVis ? <f64>f32At(WEIGHT, r * K + k) : 1.0;
    const f = kf / (vs + 1e-9);
    let row: f64 = 0;
    for (let k = 0; k < K; k++) {
      const j = (r * K + k) << 1;
      const v = useVis ? <f64>f32At(WEIGHT, r * K + k) : 1.0;
      const sg = 2 * <f64>f32At(AUX, k);
      const s = sg * sg * area * 2;
      const dx = <f64>f32At(INPUT, j) - <f64>f32At(TARGET, j);
      const dy = <f64>f32At(INPUT, j + 1) - <f64>f32At(TARGET, j + 1);
      const e = (dx * dx + dy * dy) / s;
      row += coefMul(v, -Math.expm1(-e));
      if (wantGrad) {
        const c = coefMul(f * v, Math.exp(-e) * 2 / s) / kf * inv;
        setF32At(GRAD, j, <f32>coefMul(c, dx));
        setF32At(GRAD, j + 1, <f32>coefMul(c, dy));
      }
    }
    const val = f * row / kf;
    total += val;
    if (wantOut) setF32At(OUT, r, <f32>val);
  }
  addAcc(total);
  return OK;
}
