import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { allUnitX4, coefMulX2, demote4, expX4, hi, lo, log1pCoreX4 } from '../math/simd_math';
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
 * SIMD build: four elements at a time, e = exp(-|x|) and log1p(e) in f32x4 (simd_math.ts, ≤ 1 ulp each), the rest
 * in f64x2 with the scalar loop's operations (q^γ as q·q for γ = 2, 1 for γ = 0, else Math.pow per lane); the
 * scalar loop is the tail and the whole MVP kernel; f64 sums.
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
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    const iv = f64x2.splat(inv);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      const x = v128.load(INPUT + off);
      const t = v128.load(TARGET + off);
      // Any target outside [0, 1] (or NaN) in this block: let the scalar loop find and report it.
      if (!allUnitX4(t)) break;
      const e = expX4(f32x4.neg(f32x4.abs(x)));
      const lp = log1pCoreX4(e);
      const xl = lo(x);
      const xh = hi(x);
      const tl = lo(t);
      const th = hi(t);
      const el = lo(e);
      const eh = hi(e);
      const ll = lo(lp);
      const lh = hi(lp);
      const vLo = focalX2(xl, tl, el, ll, alpha, gamma, weighted, false);
      const vHi = focalX2(xh, th, eh, lh, alpha, gamma, weighted, false);
      acc0 = f64x2.add(acc0, vLo);
      acc1 = f64x2.add(acc1, vHi);
      if (wantOut) v128.store(OUT + off, demote4(vLo, vHi));
      if (wantGrad) {
        const gLo = f64x2.mul(focalX2(xl, tl, el, ll, alpha, gamma, weighted, true), iv);
        const gHi = f64x2.mul(focalX2(xh, th, eh, lh, alpha, gamma, weighted, true), iv);
        v128.store(GRAD + off, demote4(gLo, gHi));
      }
    }
    const s = f64x2.add(acc0, acc1);
    sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  }
  for (; i < n; i++) {
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

/** Math.pow lane-wise: q·q for p = 2 and q for p = 1, exactly as AssemblyScript's Math.pow does; else per lane. */
@inline function powX2(q: v128, p: f64): v128 {
  if (p == 2) return f64x2.mul(q, q);
  if (p == 1) return q;
  const r = f64x2.splat(Math.pow(f64x2.extract_lane(q, 0), p));
  return f64x2.replace_lane(r, 1, Math.pow(f64x2.extract_lane(q, 1), p));
}

/**
 * Per-element loss (grad false) or gradient before the 1/denom scale (grad true) of two lanes, given
 * e = exp(-|x|) and lp = log1p(e); the same operations as the scalar loop.
 */
@inline function focalX2(x: v128, t: v128, e: v128, lp: v128, alpha: f64, gamma: f64, weighted: bool, grad: bool): v128 {
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const r = f64x2.div(one, f64x2.add(one, e));
  const er = f64x2.mul(e, r);
  const pos = f64x2.ge(x, zero);
  const sp = v128.bitselect(r, er, pos); // sigmoid(x)
  const sn = v128.bitselect(er, r, pos); // sigmoid(-x)
  const omt = f64x2.sub(one, t);
  const spPos = f64x2.add(f64x2.pmax(x, zero), lp); // softplus(x)
  const spNeg = f64x2.add(f64x2.pmax(f64x2.neg(x), zero), lp); // softplus(-x)
  const ce = f64x2.add(coefMulX2(omt, spPos), coefMulX2(t, spNeg));
  const q = f64x2.add(f64x2.mul(t, sn), f64x2.mul(omt, sp));
  const m = gamma == 0 ? one : powX2(q, gamma);
  const a = weighted
    ? f64x2.add(f64x2.mul(f64x2.splat(alpha), t), f64x2.mul(f64x2.splat(1 - alpha), omt))
    : one;
  if (!grad) return coefMulX2(a, coefMulX2(m, ce));
  let dm = zero;
  if (gamma != 0) {
    const d = f64x2.mul(
      f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(gamma), powX2(q, gamma - 1)), f64x2.sub(one, f64x2.add(t, t))), sp),
      sn,
    );
    dm = v128.bitselect(zero, d, f64x2.eq(q, zero));
  }
  return coefMulX2(a, f64x2.add(f64x2.mul(m, f64x2.sub(f64x2.mul(omt, sp), f64x2.mul(t, sn))), coefMulX2(dm, ce)));
}
