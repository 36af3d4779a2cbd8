import { INPUT, TARGET, GRAD, OUT, WEIGHT, AUX, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import {
  TARGETS_BAD, TARGETS_SOFT, demote4, expNegX4, hi, lo, log1pUnitX4, negAbsX4, oneX4, unitTargets,
} from '../math/simd_math';
import { coefMul, sigmoid, softplus } from '../math/stable';
import { OK, E_RANGE, ARG_TARGET, F_GRAD, F_NONE, F_WEIGHT, F_POS_WEIGHT, checkCount, fail } from '../status';

/**
 * bce_logits (binaryCrossEntropyWithLogits): logits x (any real, ±Infinity included), targets y ∈ [0, 1].
 * Stable form: PyTorch's (1-y)·x + (1 + (pw-1)·y)·softplus(-x) rewritten with x = softplus(x) - softplus(-x) as
 *   l = w·[(1-y)·softplus(x) + pw·y·softplus(-x)],  softplus(z) = max(z,0) + log1p(exp(-|z|)),
 * a sum of two non-negative terms, each taken as 0 when its coefficient is 0. So x = ±Inf and ±1e30 give the
 * limits (0 or +Inf), never NaN. dl/dx = w·[(1-y)·σ(x) - pw·y·σ(-x)]. w = WEIGHT[i] with F_WEIGHT, pw = AUX[i]
 * with F_POS_WEIGHT, else 1. A target outside [0, 1] (or NaN) is E_RANGE. Scalar path (the MVP kernel and the
 * SIMD tail): f64 per element. SIMD path: see bceSimd.
 */
export function bce_logits(n: i32, flags: i32, denom: f64): i32 {
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    i = bceLogitsSimd(n, flags, inv);
    sum = bceSimdSum;
  }
  for (; i < n; i++) {
    const y = <f64>f32At(TARGET, i);
    if (!(y >= 0 && y <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    sum += bceElem(i, y, flags, inv);
  }
  addAcc(sum);
  return OK;
}

/** One element of the scalar path (target y already checked): writes OUT/GRAD per flags, returns the loss. */
@inline function bceElem(i: i32, y: f64, flags: i32, inv: f64): f64 {
  const x = <f64>f32At(INPUT, i);
  const pw = (flags & F_POS_WEIGHT) != 0 ? <f64>f32At(AUX, i) : 1.0;
  const w = (flags & F_WEIGHT) != 0 ? <f64>f32At(WEIGHT, i) : 1.0;
  const py = pw * y;
  const l = coefMul(w, coefMul(1 - y, softplus(x)) + coefMul(py, softplus(-x)));
  if ((flags & F_NONE) != 0) setF32At(OUT, i, <f32>l);
  if ((flags & F_GRAD) != 0) {
    const g = coefMul(w, coefMul(1 - y, sigmoid(x)) - coefMul(py, sigmoid(-x)));
    setF32At(GRAD, i, <f32>(g * inv));
  }
  return l;
}

/** The f64 sum of the elements the last bceLogitsSimd call processed. */
export let bceSimdSum: f64 = 0;

/**
 * The SIMD part of bce_logits (also sigmoid_focal's with γ = 0 and α < 0, which the contract makes equal to it):
 * processes the whole blocks of 4 of the chunk, sets bceSimdSum and returns the index where the scalar loop
 * continues (0 when the chunk is left to it: a target outside [0, 1], or a value or gradient that is not finite).
 */
export function bceLogitsSimd(n: i32, flags: i32, inv: f64): i32 {
  bceSimdSum = 0;
  if (ASC_FEATURE_SIMD) {
    // One loop per case, so that no branch sits between a block's loads and its arithmetic. Values only: the loop
    // checks the targets itself; with the gradient, a first pass tells 0/1 targets from soft ones.
    const weighted = (flags & (F_WEIGHT | F_POS_WEIGHT)) != 0;
    if ((flags & F_GRAD) == 0) return weighted ? bceSimd(n, flags, inv, true, false, false) : bceSimd(n, flags, inv, false, false, false);
    const kind = unitTargets(TARGET, n);
    if (kind == TARGETS_BAD) return 0;
    if (kind == TARGETS_SOFT) return weighted ? bceSimd(n, flags, inv, true, true, true) : bceSimd(n, flags, inv, false, true, true);
    return weighted ? bceSimd(n, flags, inv, true, true, false) : bceSimd(n, flags, inv, false, true, false);
  }
  return 0;
}

/**
 * The SIMD path, in f32x4, over the whole steps of 8 elements (two blocks of 4 whose independent chains interleave,
 * which the out-of-order core turns into throughput; the scalar loop takes the last n mod 8). Per element:
 * e = exp(-|x|) and L = log1p(e) (simd_math.ts, 1 ulp each), softplus(±x) = max(±x, 0) + L (2 ulp),
 * l = (1-y)·softplus(x) + py·softplus(-x) (two non-negative terms; ≤ 4 ulp with weights), and
 * g = [(1-y)·s - py·t]/(1 + e) with (s, t) = (1, e) for x ≥ 0 and (e, 1) for x < 0, since σ(x) = s/(1+e) and
 * σ(-x) = t/(1+e): one division, after the difference. With soft targets the difference can cancel, so it is taken
 * in f64 from the f32 lanes (exact products; the error left is e's); with 0/1 targets it is exact in f32.
 * Values are summed in f64x2. If any value or gradient is not finite (±Infinity or NaN logits or weights, an f32
 * overflow where f64 would not), or (values only; the gradient loops run after unitTargets) a target is outside
 * [0, 1], returns 0 and leaves the chunk to the scalar loop, which gives the limits or reports the target; else
 * returns the index where the scalar tail starts.
 */
@inline function bceSimd(n: i32, flags: i32, inv: f64, weighted: bool, grad: bool, soft: bool): i32 {
  const zero = f32x4.splat(0);
  const ivs = f32x4.splat(<f32>inv);
  // Weighted loops: lanes of WEIGHT / AUX where the flag is set, 1 where it is not (no branch in the loop).
  const wMask = i32x4.splat((flags & F_WEIGHT) != 0 ? -1 : 0);
  const pMask = i32x4.splat((flags & F_POS_WEIGHT) != 0 ? -1 : 0);
  const wantOut = (flags & F_NONE) != 0;
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  // Σ c·0 over the values and gradients: ±0 while they are finite, NaN from the first that is not. Without the
  // gradient (no first pass over the targets), `range` keeps all-ones lanes while every y·(1-y) ≥ 0.
  let check = zero;
  let range = i32x4.splat(-1);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const off = <usize>i << 2;
    const x0 = v128.load(INPUT + off);
    const x1 = v128.load(INPUT + off, 16);
    const y0 = v128.load(TARGET + off);
    const y1 = v128.load(TARGET + off, 16);
    const e0 = expNegX4(negAbsX4(x0));
    const e1 = expNegX4(negAbsX4(x1));
    const lp0 = log1pUnitX4(e0);
    const lp1 = log1pUnitX4(e1);
    let w0 = oneX4();
    let w1 = w0;
    let pw0 = w0;
    let pw1 = w0;
    if (weighted) {
      w0 = v128.bitselect(v128.load(WEIGHT + off), w0, wMask);
      w1 = v128.bitselect(v128.load(WEIGHT + off, 16), w1, wMask);
      pw0 = v128.bitselect(v128.load(AUX + off), pw0, pMask);
      pw1 = v128.bitselect(v128.load(AUX + off, 16), pw1, pMask);
    }
    const l0 = bceValue(x0, y0, pw0, w0, lp0, weighted);
    const l1 = bceValue(x1, y1, pw1, w1, lp1, weighted);
    // The pair's values are added in f32 before the f64 sums: one more rounding of a sum of two non-negative
    // terms (half an ulp), for three fewer conversions per pair.
    const l01 = f32x4.add(l0, l1);
    let c = l01;
    acc0 = f64x2.add(acc0, lo(l01));
    acc1 = f64x2.add(acc1, hi(l01));
    if (grad) {
      const g0 = bceGrad(x0, y0, pw0, w0, e0, ivs, weighted, soft);
      const g1 = bceGrad(x1, y1, pw1, w1, e1, ivs, weighted, soft);
      c = f32x4.add(c, f32x4.add(g0, g1));
      v128.store(GRAD + off, g0);
      v128.store(GRAD + off, g1, 16);
    }
    check = f32x4.add(check, f32x4.mul(c, zero));
    if (!grad) range = v128.and(range, v128.and(inUnit(y0), inUnit(y1)));
    if (wantOut) {
      v128.store(OUT + off, l0);
      v128.store(OUT + off, l1, 16);
    }
  }
  // A sum of finite values that overflows also lands here: harmless, the scalar loop redoes the chunk.
  if (!i32x4.all_true(v128.and(range, f32x4.eq(check, zero)))) return 0;
  const t = f64x2.add(acc0, acc1);
  bceSimdSum = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  return i;
}

/** All-ones lanes where y ∈ [0, 1]: y·(1-y) ≥ 0 (false for NaN). */
@inline function inUnit(y: v128): v128 {
  return f32x4.ge(f32x4.mul(y, f32x4.sub(oneX4(), y)), f32x4.splat(0));
}

/** Values of one block given lp = log1p(exp(-|x|)) and the weights w, pw (also sigmoid_focal's ce). */
@inline export function bceValue(x: v128, y: v128, pw: v128, w: v128, lp: v128, weighted: bool): v128 {
  const xp = f32x4.pmax(x, f32x4.splat(0)); // max(x, 0) (-0 stays -0, which adds as +0)
  const spP = f32x4.add(xp, lp); // softplus(x)
  const spN = f32x4.add(f32x4.sub(xp, x), lp); // softplus(-x): max(x, 0) - x = max(-x, 0) exactly
  const py = weighted ? f32x4.mul(pw, y) : y;
  const l = f32x4.add(f32x4.mul(f32x4.sub(oneX4(), y), spP), f32x4.mul(py, spN));
  return weighted ? f32x4.mul(w, l) : l;
}

/** Gradients of one block (scaled by ivs = 1/denom) given e = exp(-|x|). */
@inline function bceGrad(x: v128, y: v128, pw: v128, w: v128, e: v128, ivs: v128, weighted: bool, soft: bool): v128 {
  const one = oneX4();
  const pos = f32x4.ge(x, f32x4.splat(0));
  const s = f32x4.pmax(e, v128.and(pos, one)); // x ≥ 0 ? 1 : e
  const t = f32x4.pmax(e, v128.andnot(one, pos)); // x ≥ 0 ? e : 1
  let num: v128;
  if (soft) {
    // (1 - y)·s - pw·y·t in f64: 1 - y and the products of f32 lanes are exact, the difference rounds once.
    const d1 = f64x2.splat(1);
    const yl = lo(y);
    const yh = hi(y);
    const pyl = weighted ? f64x2.mul(lo(pw), yl) : yl;
    const pyh = weighted ? f64x2.mul(hi(pw), yh) : yh;
    const nl = f64x2.sub(f64x2.mul(f64x2.sub(d1, yl), lo(s)), f64x2.mul(pyl, lo(t)));
    const nh = f64x2.sub(f64x2.mul(f64x2.sub(d1, yh), hi(s)), f64x2.mul(pyh, hi(t)));
    num = demote4(nl, nh);
  } else {
    // y ∈ {0, 1}: one term is 0 and the other exact, in f32 too.
    num = f32x4.sub(f32x4.mul(f32x4.sub(one, y), s), f32x4.mul(weighted ? f32x4.mul(pw, y) : y, t));
  }
  return f32x4.mul(f32x4.div(num, f32x4.add(one, e)), weighted ? f32x4.mul(w, ivs) : ivs);
}
