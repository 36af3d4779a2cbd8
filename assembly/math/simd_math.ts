// Vectorised f32x4 transcendental functions for the SIMD build (only referenced inside `if (ASC_FEATURE_SIMD)`).
//
// Cephes-style: range reduction by powers of two and ln 2 split in two parts, then a minimax polynomial. Plain
// f32x4 add/mul/div only: no relaxed-simd, no FMA, so every engine gives the same bits. The maximum errors below
// were measured by scripts/ulp-check.mjs (it compiles these functions into a small probe module and compares with
// Math.fround(Math.exp/log1p(x)) taken in f64 over ~4M points of each domain, edges and specials included).
//
// The losses use them as follows: e = expX4(-|x|) and L = log1pX4(e) in f32x4, then the lanes are promoted to f64
// and the rest (1/(1+e), coefficients, sums) is done in f64x2 as in the scalar path. So each per-element value and
// gradient carries at most the error of e and L (a few 1e-7 relative), well inside the parity tolerances.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375; // exact in f32 (9 bits)
const LN2_LO: f32 = -2.12194440e-4;
const SHIFTER: f32 = 12582912.0; // 1.5·2^23

/**
 * exp(z) lane-wise. Measured max error (scripts/ulp-check.mjs): 1 ulp over [-103.9, 88.7] (normal results; the
 * subnormal results below -87.3 are within 1 ulp of the subnormal grid). z > 88.72 gives +Infinity, z < -103.97
 * gives +0 (the correctly rounded result), +Infinity → +Infinity, -Infinity → 0, NaN → NaN.
 */
@inline export function expX4(z: v128): v128 {
  // Clamp so that n fits the split scaling below. pmin/pmax (b < a ? b : a, a < b ? b : a) are exact and
  // deterministic like min/max but one instruction on x86 (V8 lowers NaN-correct min/max to ~8); NaN lanes stay NaN.
  const x = f32x4.pmax(f32x4.pmin(z, f32x4.splat(89.0)), f32x4.splat(-104.0));
  // n = round-to-nearest-even(x·log2e) by the 1.5·2^23 shifter: fn's low mantissa bits hold n (|n| ≤ 150).
  const sh = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(SHIFTER));
  const fn = f32x4.sub(sh, f32x4.splat(SHIFTER));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(fn, f32x4.splat(LN2_HI))), f32x4.mul(fn, f32x4.splat(LN2_LO)));
  // e^r on |r| ≤ ln2/2 (Cephes expf coefficients).
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  // Scale by 2^n in two steps (2^n1 · 2^n2, n = n1 + n2) so that n from -150 to 128 needs no special case.
  const n = i32x4.sub(sh, i32x4.splat(0x4b400000));
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  const res = f32x4.mul(f32x4.mul(p, s1), s2);
  return res; // NaN lanes: the clamp keeps them NaN and the arithmetic carries them through
}

/**
 * log1p(x) lane-wise for x ≥ -1. Measured max error (scripts/ulp-check.mjs): 1 ulp over [-0.999, 1e30]
 * (including [0, 1], the losses' domain, and tiny x where log1p(x) = x). log1p(-1) = -Infinity, x < -1 → NaN,
 * +Infinity → +Infinity, NaN → NaN.
 * u = 1 + x rounded, u = 2^k·m with m ∈ [√½, √2), log1p(x) = k·ln2 + log(m) + c where c = (x - (u - 1))/u
 * restores the rounding error of 1 + x; log(m) by the Cephes logf polynomial in f = m - 1.
 */
@inline export function log1pX4(x: v128): v128 {
  const u = f32x4.add(x, f32x4.splat(1.0));
  let res = log1pCoreX4(x);
  // Specials: u = +Inf → +Inf; x = -1 → -Inf; x < -1 → NaN (NaN lanes are NaN already: c is NaN).
  res = v128.bitselect(f32x4.splat(Infinity), res, f32x4.eq(u, f32x4.splat(Infinity)));
  res = v128.bitselect(f32x4.splat(-Infinity), res, f32x4.eq(u, f32x4.splat(0)));
  return v128.bitselect(f32x4.splat(NaN), res, f32x4.lt(u, f32x4.splat(0)));
}

/**
 * log1pX4 without the special cases, for finite x > -1 (and NaN, which stays NaN): the kernels call it on
 * e = exp(-|x|) ∈ [0, 1], where it gives the same bits as log1pX4 (measured max error 1 ulp on [0, 1]).
 */
@inline export function log1pCoreX4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const u = f32x4.add(x, one);
  // Bits of u shifted so that the exponent field splits at √½ (musl logf): k and m ∈ [√½, √2).
  const ix = i32x4.add(u, i32x4.splat(0x3f800000 - 0x3f3504f3));
  const k = i32x4.sub(i32x4.shr_s(ix, 23), i32x4.splat(127));
  const m = i32x4.add(v128.and(ix, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3));
  const f = f32x4.sub(m, one);
  const fk = f32x4.convert_i32x4_s(k);
  const z = f32x4.mul(f, f);
  // c = d/u: d = x - (u - 1) is exactly the part of x lost in u = 1 + x (0 when the sum was exact). c only needs
  // a few correct bits, except where u = 1 (f = 0), where c is the whole result (x tiny): so 1/u is taken as
  // 2^-k·(1 - f + f²), exact at f = 0 and within |f|³ ≤ 7% elsewhere (≤ 0.05 ulp of the result), with no division.
  const rcpK = i32x4.shl(i32x4.sub(i32x4.splat(127), k), 23);
  const rcp = f32x4.mul(f32x4.add(f32x4.sub(one, f), z), rcpK);
  const c = f32x4.mul(f32x4.sub(x, f32x4.sub(u, one)), rcp);
  let p = f32x4.splat(7.0376836292e-2);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.1514610310e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.1676998740e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.2420140846e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.4249322787e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.6668057665e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(2.0000714765e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-2.4999993993e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, f), z);
  y = f32x4.add(y, f32x4.add(f32x4.mul(fk, f32x4.splat(LN2_LO)), c));
  y = f32x4.sub(y, f32x4.mul(f32x4.splat(0.5), z));
  return f32x4.add(f32x4.add(f, y), f32x4.mul(fk, f32x4.splat(LN2_HI)));
}

/**
 * softplus(z) = max(z, 0) + log1p(exp(-|z|)) lane-wise (the stable form of stable.ts), in f32. Measured max error
 * (scripts/ulp-check.mjs): 2 ulp over [-1e4, 1e4]; ±Infinity → +Infinity / 0, NaN → NaN. (The kernels add the
 * f32 log1p term to max(z, 0) in f64 instead.)
 */
@inline export function softplusX4(z: v128): v128 {
  const e = expX4(f32x4.neg(f32x4.abs(z)));
  return f32x4.add(f32x4.pmax(z, f32x4.splat(0)), log1pX4(e));
}

/**
 * sigmoid(z) lane-wise, in f32: 1/(1 + e) for z ≥ 0 and e/(1 + e) for z < 0, with e = exp(-|z|) ∈ [0, 1].
 * Measured max error (scripts/ulp-check.mjs): 2 ulp over [-104, 104]; ±Infinity → 1 / 0. (The kernels take
 * 1/(1 + e) in f64 from the f32 e instead.)
 */
@inline export function sigmoidX4(z: v128): v128 {
  const e = expX4(f32x4.neg(f32x4.abs(z)));
  const d = f32x4.add(f32x4.splat(1.0), e);
  return v128.bitselect(f32x4.div(f32x4.splat(1.0), d), f32x4.div(e, d), f32x4.ge(z, f32x4.splat(0)));
}

// Lane helpers for the f64x2 part of the kernels.

/** Lanes 0–1 of an f32x4 as f64x2. */
@inline export function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2–3 of an f32x4 as f64x2. */
@inline export function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Two f64x2 halves back to one f32x4 (each lane rounded once). */
@inline export function demote4(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

/** coefMul lane-wise: c·v, 0 where c == 0. */
@inline export function coefMulX2(c: v128, v: v128): v128 {
  return v128.bitselect(f64x2.splat(0), f64x2.mul(c, v), f64x2.eq(c, f64x2.splat(0)));
}

/** True when all four f32 lanes lie in [0, 1] (NaN is outside): the BCE-style target check of a SIMD block. */
@inline export function allUnitX4(v: v128): bool {
  return i32x4.all_true(v128.and(f32x4.ge(v, f32x4.splat(0)), f32x4.le(v, f32x4.splat(1))));
}
