import { INPUT, TARGET, GRAD, OUT, f32At, setF32At, i32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, shifted } from '../math/stable';
import {
  OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_TARGET, ARG_PARAM,
  F_GRAD, F_NONE, F_PROB_TARGET, clearError, fail,
} from '../status';

// Softmax focal loss over rows of C logits (mmcv softmax_focal_loss, Keras CategoricalFocalCrossentropy;
// docs/detection.md). Rows fit the buffer (C ≤ capacity; the host refuses longer rows with E_SHAPE).
// The row helpers below (max, log-sum-exp with the limit rule of cross_entropy.ts) are shared with dfl.ts.

/** Maximum of n logits at x (NaN entries are skipped here; they make the row NaN through the sum). */
export function rowMax(x: usize, n: i32): f64 {
  let m: f64 = -Infinity;
  for (let c = 0; c < n; c++) {
    const v = <f64>f32At(x, c);
    if (v > m) m = v;
  }
  return m;
}

/** ln Σ_c exp(x_c - m), with x - m read as 0 when x == m (a row of all -Inf is uniform; +Inf entries share). */
export function rowLnSum(x: usize, n: i32, m: f64): f64 {
  let s: f64 = 0;
  for (let c = 0; c < n; c++) s += Math.exp(shifted(<f64>f32At(x, c), m));
  return Math.log(s);
}

/**
 * h = t·p·d/dp[-(1-p)^γ·ln p] = t·[γ·q^(γ-1)·p·logp - q^γ] with q = 1 - p = -expm1(logp); the first term is 0
 * when γ = 0 or q = 0 (its limit), and p·logp is 0 at p = 0.
 */
@inline function focalH(logp: f64, t: f64, gamma: f64): f64 {
  const p = Math.exp(logp);
  const q = -Math.expm1(logp);
  const dq = q == 0 || gamma == 0 ? 0.0 : gamma * Math.pow(q, gamma - 1) * coefMul(p, logp);
  return coefMul(t, dq - Math.pow(q, gamma));
}

@inline function zeroRow(g: usize, n: i32): void {
  for (let c = 0; c < n; c++) setF32At(g, c, 0);
}

/**
 * softmax_focal (softmaxFocalLoss): `rows` rows of `numClasses` logits in INPUT (rows·C ≤ capacity). Targets in
 * TARGET: i32 class indices [rows] (ignoreIndex rows give 0 and a zero gradient row; others outside [0, C) are
 * E_RANGE), or with F_PROB_TARGET f32 probabilities [rows, C]. Smoothed targets t'_c = t_c(1-ε) + ε/C
 * (index: t_c = [c = y]). With p = softmax(x), logp_c = (x_c - m) - ln Σ exp(x_k - m), q_c = 1 - p_c:
 *   l = -α Σ_c t'_c·q_c^γ·logp_c   (a zero coefficient counts 0, so -Inf logits stay finite where t'_c = 0)
 *   dl/dx_k = α·(h_k - p_k·H),  h_c = t'_c·[γ·q_c^(γ-1)·p_c·logp_c - q_c^γ],  H = Σ_c h_c,
 * the first term of h_c taken as 0 when γ = 0 or q_c = 0 (its limit). F_NONE writes one value per row to OUT;
 * F_GRAD writes [rows, C] to GRAD scaled by 1/denom (the host passes the kept rows, or N for probabilities).
 * Params (E_OPTION, index): numClasses ≥ 1 (0), labelSmoothing ∈ [0, 1] (1), alpha finite ≥ 0 (2),
 * gamma finite ≥ 0 (3). Computed in f64 per row, stored f32.
 */
export function softmax_focal(
  rows: i32, numClasses: i32, flags: i32, denom: f64, ignoreIndex: i32, labelSmoothing: f64, alpha: f64, gamma: f64,
): i32 {
  clearError();
  if (numClasses < 1) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) return fail(E_OPTION, ARG_PARAM, 1);
  if (!(alpha >= 0) || !isFinite(alpha)) return fail(E_OPTION, ARG_PARAM, 2);
  if (!(gamma >= 0) || !isFinite(gamma)) return fail(E_OPTION, ARG_PARAM, 3);
  if (rows < 0) return fail(E_LENGTH, ARG_INPUT, rows);
  if (numClasses > CAPACITY || <i64>rows * <i64>numClasses > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, rows);
  const prob = (flags & F_PROB_TARGET) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const wantGrad = (flags & F_GRAD) != 0;
  const eps = labelSmoothing;
  const smooth = eps / <f64>numClasses;
  const inv = gradScale(denom);
  const rowBytes = <usize>numClasses << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const x = INPUT + <usize>r * rowBytes;
    const g = GRAD + <usize>r * rowBytes;
    const tp = TARGET + <usize>r * rowBytes;
    let y: i32 = -1;
    if (!prob) {
      y = i32At(TARGET, r);
      if (y == ignoreIndex) {
        if (wantOut) setF32At(OUT, r, 0);
        if (wantGrad) zeroRow(g, numClasses);
        continue;
      }
      if (y < 0 || y >= numClasses) return fail(E_RANGE, ARG_TARGET, r);
    }
    const m = rowMax(x, numClasses);
    const lnS = rowLnSum(x, numClasses, m);
    let loss: f64 = 0;
    let H: f64 = 0;
    for (let c = 0; c < numClasses; c++) {
      const logp = shifted(<f64>f32At(x, c), m) - lnS;
      const t = prob ? <f64>f32At(tp, c) * (1 - eps) + smooth : (c == y ? 1 - eps : 0.0) + smooth;
      loss += coefMul(t * Math.pow(-Math.expm1(logp), gamma), -logp);
      if (wantGrad) H += focalH(logp, t, gamma);
    }
    if (wantGrad) {
      for (let c = 0; c < numClasses; c++) {
        const logp = shifted(<f64>f32At(x, c), m) - lnS;
        const t = prob ? <f64>f32At(tp, c) * (1 - eps) + smooth : (c == y ? 1 - eps : 0.0) + smooth;
        const h = focalH(logp, t, gamma);
        setF32At(g, c, <f32>(coefMul(alpha, h - coefMul(Math.exp(logp), H)) * inv));
      }
    }
    const l = coefMul(alpha, loss);
    total += l;
    if (wantOut) setF32At(OUT, r, <f32>l);
  }
  addAcc(total);
  return OK;
}
