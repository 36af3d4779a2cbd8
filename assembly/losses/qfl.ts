import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { allUnitX4, expNegX4, expX2, finiteX2, hi, lo, log1pUnitX4, negAbsX4, oneX4, powX2 } from '../math/simd_math';
import { coefMul, sigmoid, sign64, softplus } from '../math/stable';
import { bceValue } from './bce_logits';
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
 * numClasses ≥ 1 is index 0). Scalar path (the MVP kernel and the SIMD tail of each row): f64 per element, stored
 * f32; SIMD path: see qflRowSimd.
 */
export function qfl(rows: i32, numClasses: i32, flags: i32, denom: f64, beta: f64): i32 {
  clearError();
  if (numClasses < 1) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(beta >= 0) || !isFinite(beta)) return fail(E_OPTION, ARG_PARAM, 1);
  if (rows < 0) return fail(E_LENGTH, ARG_INPUT, rows);
  if (<i64>rows * <i64>numClasses > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, rows);
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  let total: f64 = 0;
  let i = 0;
  for (let r = 0; r < rows; r++) {
    let row: f64 = 0;
    let c = 0;
    if (ASC_FEATURE_SIMD) {
      if ((flags & F_GRAD) != 0) c = beta == 2 ? qflRowSimd(i, numClasses, inv, beta, true, true) : qflRowSimd(i, numClasses, inv, beta, false, true);
      else c = beta == 2 ? qflRowSimd(i, numClasses, inv, beta, true, false) : qflRowSimd(i, numClasses, inv, beta, false, false);
      row = simdSum;
      i += c;
    }
    for (; c < numClasses; c++, i++) {
      const t = <f64>f32At(TARGET, i);
      if (!(t >= 0 && t <= 1)) return fail(E_RANGE, ARG_TARGET, i);
      row += qflElem(i, t, flags, inv, beta);
    }
    total += row;
    if (wantOut) setF32At(OUT, r, <f32>row);
  }
  addAcc(total);
  return OK;
}

/** One element of the scalar path (target t already checked): writes GRAD per flags, returns the loss. */
@inline function qflElem(i: i32, t: f64, flags: i32, inv: f64, beta: f64): f64 {
  const x = <f64>f32At(INPUT, i);
  const sp = sigmoid(x);
  const sn = sigmoid(-x);
  const d = (1 - t) * sp - t * sn;
  const ad = Math.abs(d);
  const ce = coefMul(1 - t, softplus(x)) + coefMul(t, softplus(-x));
  const m = Math.pow(ad, beta);
  if ((flags & F_GRAD) != 0) {
    const dm = ad == 0 || beta == 0 ? 0.0 : beta * Math.pow(ad, beta - 1) * sign64(d) * sp * sn;
    setF32At(GRAD, i, <f32>((m * d + coefMul(dm, ce)) * inv));
  }
  return coefMul(m, ce);
}

/** The f64 sum of the elements of the row qflRowSimd processed. */
let simdSum: f64 = 0;

/**
 * SIMD build: the whole blocks of 4 of one row of n elements from element i0, in order, stopping before a block with
 * a target outside [0, 1] (or NaN) or a value or gradient that is not finite (±Infinity or NaN logits), which the
 * scalar loop then takes (it reports the target or gives the limits). Returns the number of elements processed;
 * their sum is in simdSum. e = exp(-|x|) and ce = (1-t)·softplus(x) + t·softplus(-x) in f32x4 as bce_logits
 * computes them (simd_math.ts: 1 ulp for e and log1p(e)), the rest in f64x2 (qflX2). d = σ(x) - t cancels where
 * σ(x) ≈ t, and for β ∉ {0, 2} the gradient's |d|^(β-1) (unbounded slope at d = 0 for β < 2, a sign jump for
 * β = 1) turns the absolute error of d from an f32 e (≤ 6e-8) into a large one: those β take e from expX2 (f64).
 */
@inline function qflRowSimd(i0: i32, n: i32, inv: f64, beta: f64, b2: bool, grad: bool): i32 {
  const iv = f64x2.splat(inv);
  let acc = f64x2.splat(0);
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const off = <usize>(i0 + c) << 2;
    const x = v128.load(INPUT + off);
    const t = v128.load(TARGET + off);
    if (!allUnitX4(t)) break;
    const e = expNegX4(negAbsX4(x));
    const ce = bceValue(x, t, oneX4(), oneX4(), log1pUnitX4(e), false);
    const gp = GRAD + off;
    let el = lo(e);
    let eh = hi(e);
    if (!b2 && beta != 0) {
      // |d|^(β-1) with β ∉ {0, 2} amplifies the error of d where σ(x) ≈ t: e in f64 there.
      el = expX2(f64x2.neg(f64x2.abs(lo(x))));
      eh = expX2(f64x2.neg(f64x2.abs(hi(x))));
    }
    const v0 = qflX2(lo(x), lo(t), el, lo(ce), beta, iv, b2, grad, gp);
    const v1 = qflX2(hi(x), hi(t), eh, hi(ce), beta, iv, b2, grad, gp + 8);
    const v = f64x2.add(v0, v1);
    if (!i64x2.all_true(finiteX2(v))) break;
    acc = f64x2.add(acc, v);
  }
  simdSum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  return c;
}

/**
 * Loss of two lanes in f64 given e = exp(-|x|) and ce; with `grad`, the gradient scaled by iv is stored as two f32
 * at gp, and a gradient that is not finite makes the returned value NaN. With σ(|x|) = R = 1/(1+e), σ(-|x|) = e·R
 * and τ = t for x ≥ 0, 1 - t for x < 0: d = (1-t)σ(x) - tσ(-x) = sgn·(1 - τ - τ·e)·R (sgn = ±1 with x), exact in
 * f64 where σ(x) ≈ t cancels; σ(x)σ(-x) = e·R².
 */
@inline function qflX2(x: v128, t: v128, e: v128, ce: v128, beta: f64, iv: v128, b2: bool, grad: bool, gp: usize): v128 {
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const pos = f64x2.ge(x, zero);
  const r = f64x2.div(one, f64x2.add(one, e));
  const tau = f64x2.abs(f64x2.sub(v128.andnot(one, pos), t)); // |0 - t| for x ≥ 0, |1 - t| for x < 0
  const dm0 = f64x2.mul(f64x2.sub(f64x2.sub(one, tau), f64x2.mul(tau, e)), r);
  const d = v128.xor(dm0, v128.andnot(f64x2.splat(-0.0), pos)); // sgn
  const ad = f64x2.abs(d);
  const m = b2 ? f64x2.mul(ad, ad) : beta == 0 ? one : powX2(ad, beta);
  const l = f64x2.mul(m, ce);
  if (!grad) return l;
  const ss = f64x2.mul(f64x2.mul(e, r), r);
  let dq: v128; // β·|d|^(β-1)·sign(d), 0 where the scalar path takes the limit (β = 0 or d = 0)
  if (b2) {
    dq = f64x2.add(d, d);
  } else {
    const sgnd = v128.or(v128.and(f64x2.gt(d, zero), one), v128.and(f64x2.lt(d, zero), f64x2.splat(-1)));
    dq = f64x2.mul(f64x2.mul(f64x2.splat(beta), powX2(ad, beta - 1)), sgnd);
    dq = v128.andnot(dq, v128.or(f64x2.eq(ad, zero), f64x2.splat(beta == 0 ? -1 : 0)));
  }
  const g = f64x2.mul(f64x2.add(f64x2.mul(m, d), f64x2.mul(f64x2.mul(dq, ss), ce)), iv);
  v128.store64_lane(gp, f32x4.demote_f64x2_zero(g), 0);
  return f64x2.add(l, f64x2.mul(g, zero));
}
