import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { TARGETS_BAD, demote4, expNegX4, finiteX2, hi, lo, log1pUnitX4, negAbsX4, oneX4, powX2, unitTargets } from '../math/simd_math';
import { bceLogitsSimd, bceSimdSum, bceValue } from './bce_logits';
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
 * passes n for torchvision's mean, C for ultralytics' `.mean(1).sum()`). Scalar path (the MVP kernel and the SIMD
 * tail): f64 per element, stored f32. SIMD path: see focalSimd.
 * alpha must be finite (index 0), gamma finite and ≥ 0 (index 1): else E_OPTION.
 */
export function sigmoid_focal(n: i32, flags: i32, denom: f64, alpha: f64, gamma: f64): i32 {
  if (!isFinite(alpha)) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(gamma >= 0) || !isFinite(gamma)) return fail(E_OPTION, ARG_PARAM, 1);
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    if (gamma == 0 && alpha < 0) {
      // Plain BCE with logits, which the contract makes this equal to, bit for bit: its own SIMD path.
      i = bceLogitsSimd(n, flags, inv);
      sum = bceSimdSum;
    } else if (unitTargets(TARGET, n) != TARGETS_BAD) {
      // One loop per case, so that no branch sits between a block's loads and its arithmetic.
      const g2 = gamma == 2;
      if ((flags & F_GRAD) != 0) i = g2 ? focalSimd(n, flags, inv, alpha, gamma, true, true) : focalSimd(n, flags, inv, alpha, gamma, false, true);
      else i = g2 ? focalSimd(n, flags, inv, alpha, gamma, true, false) : focalSimd(n, flags, inv, alpha, gamma, false, false);
      sum = simdSum;
    }
  }
  for (; i < n; i++) {
    const t = <f64>f32At(TARGET, i);
    if (!(t >= 0 && t <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    sum += focalElem(i, t, flags, inv, alpha, gamma);
  }
  addAcc(sum);
  return OK;
}

/** One element of the scalar path (target t already checked): writes OUT/GRAD per flags, returns the loss. */
@inline function focalElem(i: i32, t: f64, flags: i32, inv: f64, alpha: f64, gamma: f64): f64 {
  const x = <f64>f32At(INPUT, i);
  const sp = sigmoid(x);
  const sn = sigmoid(-x);
  const ce = coefMul(1 - t, softplus(x)) + coefMul(t, softplus(-x));
  const q = t * sn + (1 - t) * sp;
  const m = Math.pow(q, gamma);
  const a = alpha >= 0 ? alpha * t + (1 - alpha) * (1 - t) : 1.0;
  const l = coefMul(a, coefMul(m, ce));
  if ((flags & F_NONE) != 0) setF32At(OUT, i, <f32>l);
  if ((flags & F_GRAD) != 0) {
    const dm = q == 0 || gamma == 0 ? 0.0 : gamma * Math.pow(q, gamma - 1) * (1 - 2 * t) * sp * sn;
    const g = coefMul(a, m * ((1 - t) * sp - t * sn) + coefMul(dm, ce));
    setF32At(GRAD, i, <f32>(g * inv));
  }
  return l;
}

/** The f64 sum of the elements focalSimd processed. */
let simdSum: f64 = 0;

/**
 * The SIMD path over the whole blocks of 4 (two per step), after unitTargets found every target in [0, 1]:
 * e = exp(-|x|), L = log1p(e) (simd_math.ts, 1 ulp each) and ce = (1-t)·softplus(x) + t·softplus(-x) in f32x4
 * as bce_logits computes them, then the focal factors of each half in f64x2 (focalX2), so that q^γ and the products
 * carry no more than the error of e and ce. Values are summed in f64. If any value or gradient is not finite
 * (±Infinity or NaN logits), returns 0 and leaves the chunk to the scalar loop, which gives the limits; else
 * returns the index where the scalar tail starts.
 */
@inline function focalSimd(n: i32, flags: i32, inv: f64, alpha: f64, gamma: f64, g2: bool, grad: bool): i32 {
  const weighted = alpha >= 0;
  // a = α·t + (1-α)·(1-t) = (1-α) + (2α-1)·t; 1 when α < 0.
  const a0 = f64x2.splat(weighted ? 1 - alpha : 1.0);
  const a1 = f64x2.splat(weighted ? 2 * alpha - 1 : 0.0);
  const iv = f64x2.splat(inv);
  const wantOut = (flags & F_NONE) != 0;
  let acc = f64x2.splat(0);
  let check = f64x2.splat(0);
  let i = 0;
  // γ = 2 (the common case): two blocks per step, the scalar loop takes the last n mod 8. Other γ take q^γ per lane
  // (Math.pow), one block per step.
  if (g2) for (; i + 8 <= n; i += 8) {
    const off = <usize>i << 2;
    const x = v128.load(INPUT + off);
    const t = v128.load(TARGET + off);
    const x2 = v128.load(INPUT + off, 16);
    const t2 = v128.load(TARGET + off, 16);
    const e = expNegX4(negAbsX4(x));
    const e2 = expNegX4(negAbsX4(x2));
    const one = oneX4();
    const ce = bceValue(x, t, one, one, log1pUnitX4(e), false);
    const ce2 = bceValue(x2, t2, one, one, log1pUnitX4(e2), false);
    const gp = GRAD + off;
    const v0 = focalX2(lo(x), lo(t), lo(e), lo(ce), a0, a1, iv, gamma, g2, grad, gp);
    const v1 = focalX2(hi(x), hi(t), hi(e), hi(ce), a0, a1, iv, gamma, g2, grad, gp + 8);
    const v2 = focalX2(lo(x2), lo(t2), lo(e2), lo(ce2), a0, a1, iv, gamma, g2, grad, gp + 16);
    const v3 = focalX2(hi(x2), hi(t2), hi(e2), hi(ce2), a0, a1, iv, gamma, g2, grad, gp + 24);
    const c = f64x2.add(f64x2.add(v0, v1), f64x2.add(v2, v3));
    acc = f64x2.add(acc, c);
    check = f64x2.add(check, f64x2.mul(c, f64x2.splat(0)));
    if (wantOut) {
      v128.store(OUT + off, demote4(v0, v1));
      v128.store(OUT + off, demote4(v2, v3), 16);
    }
  }
  if (!g2) for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const x = v128.load(INPUT + off);
    const t = v128.load(TARGET + off);
    const e = expNegX4(negAbsX4(x));
    const ce = bceValue(x, t, oneX4(), oneX4(), log1pUnitX4(e), false);
    const gp = GRAD + off;
    const v0 = focalX2(lo(x), lo(t), lo(e), lo(ce), a0, a1, iv, gamma, g2, grad, gp);
    const v1 = focalX2(hi(x), hi(t), hi(e), hi(ce), a0, a1, iv, gamma, g2, grad, gp + 8);
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
 * Loss of two lanes, in f64, given e = exp(-|x|) and ce, the lanes' BCE with logits as bce_logits computes it in
 * f32 (so that with α < 0 the focal values stay at or below BCE's, q^γ ≤ 1, as the contract says); with `grad`, the
 * gradient scaled by iv is stored as two f32 at gp, and a gradient that is not finite makes the returned value NaN
 * (for the caller's check). With τ = t for x ≥ 0 and 1 - t for x < 0 (the target seen from the side of |x|),
 * σ(|x|) = 1/(1+e) = R and σ(-|x|) = e·R:
 *   q = (τ·e + 1 - τ)·R,  (1-t)σ(x) - tσ(-x) = sgn·(1 - τ - τ·e)·R,  1 - 2t = sgn·(1 - 2τ),  σ(x)σ(-x) = e·R²,
 * sgn = +1 for x ≥ 0 and -1 for x < 0: the scalar path's quantities, with one division and no cancellation but
 * the one soft targets make in 1 - τ - τ·e, which f64 takes exactly.
 */
@inline function focalX2(
  x: v128, t: v128, e: v128, ce: v128, a0: v128, a1: v128, iv: v128, gamma: f64, g2: bool, grad: bool, gp: usize,
): v128 {
  const one = f64x2.splat(1);
  const pos = f64x2.ge(x, f64x2.splat(0));
  const tau = f64x2.abs(f64x2.sub(v128.andnot(one, pos), t)); // |0 - t| for x ≥ 0, |1 - t| for x < 0
  const omtau = f64x2.sub(one, tau);
  const r = f64x2.div(one, f64x2.add(one, e));
  const te = f64x2.mul(tau, e);
  const q = f64x2.mul(f64x2.add(te, omtau), r);
  const m = g2 ? f64x2.mul(q, q) : gamma == 0 ? one : powX2(q, gamma);
  const a = f64x2.add(a0, f64x2.mul(a1, t));
  const l = f64x2.mul(a, f64x2.mul(m, ce));
  if (!grad) return l;
  const g1 = f64x2.mul(f64x2.sub(omtau, te), r);
  const ss = f64x2.mul(f64x2.mul(e, r), r);
  let dq: v128; // γ·q^(γ-1), 0 where the scalar path takes the limit (γ = 0 or q = 0)
  if (g2) {
    dq = f64x2.add(q, q);
  } else {
    dq = f64x2.mul(f64x2.splat(gamma), powX2(q, gamma - 1));
    dq = v128.andnot(dq, v128.or(f64x2.eq(q, f64x2.splat(0)), f64x2.splat(gamma == 0 ? -1 : 0)));
  }
  const dm = f64x2.mul(f64x2.mul(dq, f64x2.sub(omtau, tau)), ss);
  let g = f64x2.mul(f64x2.mul(a, f64x2.add(f64x2.mul(m, g1), f64x2.mul(dm, ce))), iv);
  g = v128.xor(g, v128.andnot(f64x2.splat(-0.0), pos)); // sgn
  v128.store64_lane(gp, f32x4.demote_f64x2_zero(g), 0);
  return f64x2.add(l, f64x2.mul(g, f64x2.splat(0)));
}
