import { INPUT, TARGET, GRAD, OUT, f32At, setF32At, i32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { ROW_SCRATCH, ROW_SCRATCH_N, coefMulX2, expF64, expX2, load2X2, powX2, rowExpSumX2, rowMaxX4 } from '../math/simd_math';
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
 * gamma finite ≥ 0 (3). Computed in f64 per row, stored f32 (SIMD build: across the row's classes, see rowSimd).
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
    let l: f64;
    if (ASC_FEATURE_SIMD && rowSimd(x, tp, g, numClasses, prob, wantGrad, y, eps, smooth, alpha, gamma, inv)) {
      l = simdLoss;
    } else {
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
      l = coefMul(alpha, loss);
    }
    total += l;
    if (wantOut) setF32At(OUT, r, <f32>l);
  }
  addAcc(total);
  return OK;
}

/** The loss of the row rowSimd processed. */
let simdLoss: f64 = 0;

/**
 * SIMD build: one row in f64x2 lanes, e^(x - m) from expX2 (simd_math.ts, ≈1 ulp of f64), kept in ROW_SCRATCH for the
 * second pass (rows of up to ROW_SCRATCH_N classes; else recomputed). p = e/S, log p = (x - m) - ln S and
 * q = 1 - p = (S - e)/S (the scalar path's -expm1(log p), to f64 rounding), q^γ as q·q for γ = 2 and 1 for γ = 0
 * (else Math.pow per lane), each term with the scalar path's zero-coefficient rule. Loss into simdLoss, gradient
 * into g. Returns false, having written nothing, when the row's max or sum is not finite (the scalar path takes it).
 */
function rowSimd(
  x: usize, tp: usize, g: usize, n: i32, prob: bool, wantGrad: bool, y: i32, eps: f64, smooth: f64, alpha: f64,
  gamma: f64, inv: f64,
): bool {
  const m = rowMaxX4(x, n);
  if (!isFinite(m)) return false;
  const keep = n <= ROW_SCRATCH_N;
  const s = rowExpSumX2(x, n, m, keep ? ROW_SCRATCH : 0);
  if (!isFinite(s)) return false;
  const lnS = Math.log(s);
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const mv = f64x2.splat(m);
  const sv = f64x2.splat(s);
  const lv = f64x2.splat(lnS);
  const keepv = f64x2.splat(1 - eps);
  const smoothv = f64x2.splat(smooth);
  const hotv = f64x2.splat(1 - eps + smooth);
  const yv = i64x2.splat(<i64>y);
  const two = i64x2.splat(2);
  let loss = zero;
  let hs = zero;
  // Pass 1: the loss and H = Σ h_c.
  let idx = i64x2(0, 1);
  let c = 0;
  for (; c + 2 <= n; c += 2) {
    const off = <usize>c << 2;
    const z = f64x2.sub(load2X2(x + off), mv);
    const e = keep ? v128.load(ROW_SCRATCH + (<usize>c << 3)) : expX2(z);
    const t = prob ? f64x2.add(f64x2.mul(load2X2(tp + off), keepv), smoothv) : v128.bitselect(hotv, smoothv, i64x2.eq(idx, yv));
    const logp = f64x2.sub(z, lv);
    const q = f64x2.div(f64x2.sub(sv, e), sv);
    const qg = gamma == 2 ? f64x2.mul(q, q) : gamma == 0 ? one : powX2(q, gamma);
    loss = f64x2.add(loss, coefMulX2(f64x2.mul(t, qg), f64x2.neg(logp)));
    if (wantGrad) hs = f64x2.add(hs, hX2(f64x2.div(e, sv), q, qg, logp, t, gamma));
    idx = i64x2.add(idx, two);
  }
  let lossS = f64x2.extract_lane(loss, 0) + f64x2.extract_lane(loss, 1);
  let H = f64x2.extract_lane(hs, 0) + f64x2.extract_lane(hs, 1);
  if (c < n) {
    const z = <f64>f32At(x, c) - m;
    const e = keep ? load<f64>(ROW_SCRATCH + (<usize>c << 3)) : expF64(z);
    const t = prob ? <f64>f32At(tp, c) * (1 - eps) + smooth : (c == y ? 1 - eps : 0.0) + smooth;
    const logp = z - lnS;
    const q = (s - e) / s;
    const qg = Math.pow(q, gamma);
    lossS += coefMul(t * qg, -logp);
    if (wantGrad) {
      const p = e / s;
      const dq = q == 0 || gamma == 0 ? 0.0 : gamma * Math.pow(q, gamma - 1) * coefMul(p, logp);
      H += coefMul(t, dq - qg);
    }
  }
  simdLoss = coefMul(alpha, lossS);
  if (!wantGrad) return true;
  // Pass 2: g_c = α·(h_c - p_c·H)/denom.
  const hv = f64x2.splat(H);
  const av = f64x2.splat(alpha);
  const iv = f64x2.splat(inv);
  idx = i64x2(0, 1);
  c = 0;
  for (; c + 2 <= n; c += 2) {
    const off = <usize>c << 2;
    const z = f64x2.sub(load2X2(x + off), mv);
    const e = keep ? v128.load(ROW_SCRATCH + (<usize>c << 3)) : expX2(z);
    const t = prob ? f64x2.add(f64x2.mul(load2X2(tp + off), keepv), smoothv) : v128.bitselect(hotv, smoothv, i64x2.eq(idx, yv));
    const logp = f64x2.sub(z, lv);
    const q = f64x2.div(f64x2.sub(sv, e), sv);
    const qg = gamma == 2 ? f64x2.mul(q, q) : gamma == 0 ? one : powX2(q, gamma);
    const p = f64x2.div(e, sv);
    const h = hX2(p, q, qg, logp, t, gamma);
    const gc = coefMulX2(av, f64x2.sub(h, coefMulX2(p, hv)));
    v128.store64_lane(g + off, f32x4.demote_f64x2_zero(f64x2.mul(gc, iv)), 0);
    idx = i64x2.add(idx, two);
  }
  if (c < n) {
    const z = <f64>f32At(x, c) - m;
    const e = keep ? load<f64>(ROW_SCRATCH + (<usize>c << 3)) : expF64(z);
    const t = prob ? <f64>f32At(tp, c) * (1 - eps) + smooth : (c == y ? 1 - eps : 0.0) + smooth;
    const logp = z - lnS;
    const q = (s - e) / s;
    const p = e / s;
    const dq = q == 0 || gamma == 0 ? 0.0 : gamma * Math.pow(q, gamma - 1) * coefMul(p, logp);
    const h = coefMul(t, dq - Math.pow(q, gamma));
    setF32At(g, c, <f32>(coefMul(alpha, h - coefMul(p, H)) * inv));
  }
  return true;
}

/** focalH lane-wise, given p, q = 1 - p, qg = q^γ and log p. */
@inline function hX2(p: v128, q: v128, qg: v128, logp: v128, t: v128, gamma: f64): v128 {
  const zero = f64x2.splat(0);
  let dq: v128; // γ·q^(γ-1)·p·log p, 0 where γ = 0 or q = 0
  if (gamma == 2) dq = f64x2.mul(f64x2.add(q, q), coefMulX2(p, logp));
  else {
    dq = f64x2.mul(f64x2.mul(f64x2.splat(gamma), powX2(q, gamma - 1)), coefMulX2(p, logp));
    dq = v128.andnot(dq, v128.or(f64x2.eq(q, zero), f64x2.splat(gamma == 0 ? -1 : 0)));
  }
  return coefMulX2(t, f64x2.sub(dq, qg));
}
