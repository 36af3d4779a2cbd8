import { INPUT, TARGET, GRAD, OUT, WEIGHT, AUX, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { allUnitX4, coefMulX2, demote4, expX4, hi, lo, log1pCoreX4 } from '../math/simd_math';
import { coefMul, sigmoid, softplus } from '../math/stable';
import { OK, E_RANGE, ARG_TARGET, F_GRAD, F_NONE, F_WEIGHT, F_POS_WEIGHT, checkCount, fail } from '../status';

/**
 * bce_logits (binaryCrossEntropyWithLogits): logits x (any real, ±Infinity included), targets y ∈ [0, 1].
 * Stable form: PyTorch's (1-y)·x + (1 + (pw-1)·y)·softplus(-x) rewritten with x = softplus(x) - softplus(-x) as
 *   l = w·[(1-y)·softplus(x) + pw·y·softplus(-x)],  softplus(z) = max(z,0) + log1p(exp(-|z|)),
 * a sum of two non-negative terms, each taken as 0 when its coefficient is 0. So x = ±Inf and ±1e30 give the
 * limits (0 or +Inf), never NaN. dl/dx = w·[(1-y)·σ(x) - pw·y·σ(-x)]. w = WEIGHT[i] with F_WEIGHT, pw = AUX[i]
 * with F_POS_WEIGHT, else 1. A target outside [0, 1] (or NaN) is E_RANGE. Computed in f64.
 * SIMD build: four elements at a time, e = exp(-|x|) and log1p(e) in f32x4 (simd_math.ts, ≤ 1 ulp each), the rest
 * in f64x2 with the same operations as the scalar loop (which is the tail and the whole MVP kernel); f64 sums.
 */
export function bce_logits(n: i32, flags: i32, denom: f64): i32 {
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const useWeight = (flags & F_WEIGHT) != 0;
  const usePos = (flags & F_POS_WEIGHT) != 0;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    const ones = f32x4.splat(1);
    const iv = f64x2.splat(inv);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      const x = v128.load(INPUT + off);
      const y = v128.load(TARGET + off);
      // Any target outside [0, 1] (or NaN) in this block: let the scalar loop find and report it.
      if (!allUnitX4(y)) break;
      const pw = usePos ? v128.load(AUX + off) : ones;
      const w = useWeight ? v128.load(WEIGHT + off) : ones;
      const e = expX4(f32x4.neg(f32x4.abs(x)));
      const lp = log1pCoreX4(e);
      const vLo = bceValueX2(lo(x), lo(y), lo(pw), lo(w), lo(lp), useWeight, usePos);
      const vHi = bceValueX2(hi(x), hi(y), hi(pw), hi(w), hi(lp), useWeight, usePos);
      acc0 = f64x2.add(acc0, vLo);
      acc1 = f64x2.add(acc1, vHi);
      if (wantOut) v128.store(OUT + off, demote4(vLo, vHi));
      if (wantGrad) {
        const gLo = f64x2.mul(bceGradX2(lo(x), lo(y), lo(pw), lo(w), lo(e), useWeight, usePos), iv);
        const gHi = f64x2.mul(bceGradX2(hi(x), hi(y), hi(pw), hi(w), hi(e), useWeight, usePos), iv);
        v128.store(GRAD + off, demote4(gLo, gHi));
      }
    }
    const t = f64x2.add(acc0, acc1);
    sum = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  }
  for (; i < n; i++) {
    const x = <f64>f32At(INPUT, i);
    const y = <f64>f32At(TARGET, i);
    if (!(y >= 0 && y <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    const pw = usePos ? <f64>f32At(AUX, i) : 1.0;
    const w = useWeight ? <f64>f32At(WEIGHT, i) : 1.0;
    const py = pw * y;
    const l = coefMul(w, coefMul(1 - y, softplus(x)) + coefMul(py, softplus(-x)));
    sum += l;
    if (wantOut) setF32At(OUT, i, <f32>l);
    if (wantGrad) {
      const g = coefMul(w, coefMul(1 - y, sigmoid(x)) - coefMul(py, sigmoid(-x)));
      setF32At(GRAD, i, <f32>(g * inv));
    }
  }
  addAcc(sum);
  return OK;
}

/**
 * Per-element loss of two lanes, given lp = log1p(exp(-|x|)). pmax(v, 0) is max(v, 0) for v ≠ -0 and keeps NaN
 * (and -0 + lp = +0 + lp as lp > 0 there). Without weights (pw = w = 1), w·v and py = y exactly: skipped.
 */
@inline function bceValueX2(x: v128, y: v128, pw: v128, w: v128, lp: v128, useWeight: bool, usePos: bool): v128 {
  const zero = f64x2.splat(0);
  const spPos = f64x2.add(f64x2.pmax(x, zero), lp); // softplus(x)
  const spNeg = f64x2.add(f64x2.pmax(f64x2.neg(x), zero), lp); // softplus(-x)
  const py = usePos ? f64x2.mul(pw, y) : y;
  const omy = f64x2.sub(f64x2.splat(1), y);
  const l = f64x2.add(coefMulX2(omy, spPos), coefMulX2(py, spNeg));
  return useWeight ? coefMulX2(w, l) : l;
}

/** Per-element gradient of two lanes (before the 1/denom scale), given e = exp(-|x|). */
@inline function bceGradX2(x: v128, y: v128, pw: v128, w: v128, e: v128, useWeight: bool, usePos: bool): v128 {
  const r = f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(1), e));
  const er = f64x2.mul(e, r);
  const pos = f64x2.ge(x, f64x2.splat(0));
  const sp = v128.bitselect(r, er, pos); // sigmoid(x)
  const sn = v128.bitselect(er, r, pos); // sigmoid(-x)
  const py = usePos ? f64x2.mul(pw, y) : y;
  const omy = f64x2.sub(f64x2.splat(1), y);
  const g = f64x2.sub(coefMulX2(omy, sp), coefMulX2(py, sn));
  return useWeight ? coefMulX2(w, g) : g;
}
