import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { TARGETS_BAD, demote4, expNegX4, finiteX2, hi, lo, log1pUnitX4, negAbsX4, oneX4, powX2, unitTargets } from '../math/simd_math';
import { coefMul, sigmoid, softplus } from '../math/stable';
import { bceValue } from './bce_logits';
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
 * (index 1). Scalar path (the MVP kernel and the SIMD tail): f64 per element, stored f32; SIMD path: see vflSimd.
 */
export function vfl(n: i32, flags: i32, denom: f64, alpha: f64, gamma: f64): i32 {
  if (!(alpha >= 0) || !isFinite(alpha)) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(gamma >= 0) || !isFinite(gamma)) return fail(E_OPTION, ARG_PARAM, 1);
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    if (unitTargets(TARGET, n) != TARGETS_BAD) {
      // One loop per case, so that no branch sits between a block's loads and its arithmetic.
      const g2 = gamma == 2;
      if ((flags & F_GRAD) != 0) i = g2 ? vflSimd(n, flags, inv, alpha, gamma, true, true) : vflSimd(n, flags, inv, alpha, gamma, false, true);
      else i = g2 ? vflSimd(n, flags, inv, alpha, gamma, true, false) : vflSimd(n, flags, inv, alpha, gamma, false, false);
      sum = simdSum;
    }
  }
  for (; i < n; i++) {
    const t = <f64>f32At(TARGET, i);
    if (!(t >= 0 && t <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    sum += vflElem(i, t, flags, inv, alpha, gamma);
  }
  addAcc(sum);
  return OK;
}

/** One element of the scalar path (target t already checked): writes OUT/GRAD per flags, returns the loss. */
@inline function vflElem(i: i32, t: f64, flags: i32, inv: f64, alpha: f64, gamma: f64): f64 {
  const x = <f64>f32At(INPUT, i);
  const sp = sigmoid(x);
  const sn = sigmoid(-x);
  const ce = coefMul(1 - t, softplus(x)) + coefMul(t, softplus(-x));
  const pos = t > 0;
  const spg = pos ? 0.0 : Math.pow(sp, gamma);
  const w = pos ? t : alpha * spg;
  const l = coefMul(w, ce);
  if ((flags & F_NONE) != 0) setF32At(OUT, i, <f32>l);
  if ((flags & F_GRAD) != 0) {
    const dw = pos || gamma == 0 ? 0.0 : alpha * gamma * spg * sn;
    setF32At(GRAD, i, <f32>((w * ((1 - t) * sp - t * sn) + coefMul(dw, ce)) * inv));
  }
  return l;
}

/** The f64 sum of the elements vflSimd processed. */
let simdSum: f64 = 0;

/**
 * SIMD build, over the whole blocks of 4 after unitTargets found every target in [0, 1]: e = exp(-|x|) and
 * ce = (1-t)·softplus(x) + t·softplus(-x) in f32x4 as bce_logits computes them (simd_math.ts: 1 ulp for e and
 * log1p(e)), the weight and the gradient in f64x2 (vflX2). If any value or gradient is not finite (±Infinity or NaN
 * logits), returns 0 and leaves the chunk to the scalar loop, which gives the limits; else the index where the
 * scalar tail starts.
 */
@inline function vflSimd(n: i32, flags: i32, inv: f64, alpha: f64, gamma: f64, g2: bool, grad: bool): i32 {
  const iv = f64x2.splat(inv);
  const wantOut = (flags & F_NONE) != 0;
  let acc = f64x2.splat(0);
  let check = acc;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const x = v128.load(INPUT + off);
    const t = v128.load(TARGET + off);
    const e = expNegX4(negAbsX4(x));
    const ce = bceValue(x, t, oneX4(), oneX4(), log1pUnitX4(e), false);
    const gp = GRAD + off;
    const v0 = vflX2(lo(x), lo(t), lo(e), lo(ce), alpha, gamma, iv, g2, grad, gp);
    const v1 = vflX2(hi(x), hi(t), hi(e), hi(ce), alpha, gamma, iv, g2, grad, gp + 8);
    const c = f64x2.add(v0, v1);
    acc = f64x2.add(acc, c);
    check = f64x2.add(check, f64x2.mul(c, f64x2.splat(0)));
    if (wantOut) v128.store(OUT + off, demote4(v0, v1));
  }
  if (!i64x2.all_true(finiteX2(check))) {
    simdSum = 0;
    return 0;
  }
  simdSum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  return i;
}

/**
 * Loss of two lanes in f64 given e = exp(-|x|) and ce; with `grad`, the gradient scaled by iv is stored as two f32
 * at gp, and a gradient that is not finite makes the returned value NaN (for the caller's check). σ(|x|) = R =
 * 1/(1+e), σ(-|x|) = e·R; with τ = t for x ≥ 0 and 1 - t for x < 0, (1-t)σ(x) - tσ(-x) = sgn·(1 - τ - τ·e)·R
 * (sgn = ±1 with x), exact in f64 where soft targets cancel.
 */
@inline function vflX2(x: v128, t: v128, e: v128, ce: v128, alpha: f64, gamma: f64, iv: v128, g2: bool, grad: bool, gp: usize): v128 {
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  const pos = f64x2.ge(x, zero);
  const r = f64x2.div(one, f64x2.add(one, e));
  const er = f64x2.mul(e, r);
  const sp = v128.bitselect(r, er, pos); // σ(x)
  const tpos = f64x2.gt(t, zero);
  const spg = g2 ? f64x2.mul(sp, sp) : gamma == 0 ? one : powX2(sp, gamma);
  const av = f64x2.splat(alpha);
  const w = v128.bitselect(t, f64x2.mul(av, spg), tpos);
  const l = f64x2.mul(w, ce);
  if (!grad) return l;
  const tau = f64x2.abs(f64x2.sub(v128.andnot(one, pos), t)); // |0 - t| for x ≥ 0, |1 - t| for x < 0
  const g1 = f64x2.mul(f64x2.sub(f64x2.sub(one, tau), f64x2.mul(tau, e)), r);
  const sn = v128.bitselect(er, r, pos); // σ(-x)
  // dw = α·γ·σ(x)^γ·σ(-x) on negatives (t = 0), 0 on positives and for γ = 0.
  const dw = v128.andnot(f64x2.mul(f64x2.mul(f64x2.splat(alpha * gamma), spg), sn), v128.or(tpos, f64x2.splat(gamma == 0 ? -1 : 0)));
  const g1s = v128.xor(g1, v128.andnot(f64x2.splat(-0.0), pos)); // sgn
  const g = f64x2.mul(f64x2.add(f64x2.mul(w, g1s), f64x2.mul(dw, ce)), iv);
  v128.store64_lane(gp, f32x4.demote_f64x2_zero(g), 0);
  return f64x2.add(l, f64x2.mul(g, zero));
}
