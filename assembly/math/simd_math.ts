// Vectorised transcendental functions for the SIMD build (only referenced inside `if (ASC_FEATURE_SIMD)`).
//
// f32x4: e^z for z ≤ 0 and log1p(e) for e ∈ [0, 1], what the sigmoid-family losses need (e = exp(-|x|),
// softplus(-|x|) = log1p(e)). f64x2: e^z for z ≤ 0, what the softmax-family losses need (z = x - max).
// Cephes/fdlibm-style range reduction by powers of two with ln 2 split in two parts, then a minimax polynomial.
// Plain add/mul/div only: no relaxed-simd, no FMA, so every engine gives the same bits. The maximum errors written
// beside each function were measured by scripts/ulp-check.mjs, which compiles these functions into a probe module
// and compares them with a reference (the f64 function rounded to f32; double-double for the f64 function) over
// dense, log-spaced and seeded random points of the domain the losses use, edges and specials included.
//
// Speed notes (V8 on x64, the engine the benchmarks run on). The loops that use these functions are bound by the
// latency of one element's chain of dependent operations, not by throughput, so the polynomials are evaluated by
// Estrin's scheme (pairs, then powers) instead of Horner's, which halves their dependency chain. The constants live
// in memory and are read with v128.load32_splat / load64_splat (one vbroadcastss / vmovddup): V8 rebuilds each
// v128.const inside a loop with three instructions (movq, vmovq, vpunpcklqdq) once the loop runs out of registers.

// Constant tables (read by kf/ki/kd with a compile-time index). Allocated only in SIMD builds.
const KF: usize = ASC_FEATURE_SIMD
  ? memory.data<f32>([
    -87.0, // 0: expNegX4 clamp (n ≥ -126: one scaling step, normal results)
    1.44269504088896341, // 1: log2(e)
    12583039.0, // 2: 1.5·2^23 + 127, the round-to-integer shifter that leaves n + 127 in the low bits
    0.693359375, // 3: ln2 high part (9 bits, so n·LN2_HI is exact)
    -2.12194440e-4, // 4: ln2 low part
    // 5-9: Q(r) = (e^r - 1 - r)/r² on |r| ≤ ln2/2, degree 4 (Chebyshev fit; error of 1 + r + r²Q ≤ 0.17·2^-24)
    0.5, 0.16666577756404877, 0.041666556149721146, 0.008363173343241215, 0.0013926175888627768,
    1.0, // 10
    2.0, // 11
    3.33332062e-1, 2.00108498e-1, 1.39995545e-1, 1.40123159e-1, // 12-15: log1pUnitX4 polynomial P(w), w = s²
    0.5, 1.66666672e-1, // 16-17: 1/2, 1/6
  ], 16)
  : 0;
const KI: usize = ASC_FEATURE_SIMD
  ? memory.data<i32>([
    0x80000000, // 0: f32 sign bit
  ], 16)
  : 0;
const KD: usize = ASC_FEATURE_SIMD
  ? memory.data<f64>([
    -708.0, // 0: expX2 flush threshold (below: 0; n ≥ -1022 above it, normal results)
    1.4426950408889634, // 1: log2(e)
    6755399441056767.0, // 2: 1.5·2^52 + 1023, the shifter that leaves n + 1023 in the low bits
    0.6931471803691238, // 3: ln2 high part (32 bits, so n·LN2_HI is exact for |n| < 2^21)
    1.9082149292705877e-10, // 4: ln2 low part
    // 5-14: Q(r) = (e^r - 1 - r)/r² on |r| ≤ ln2/2, degree 9 (Chebyshev fit; error of 1 + r + r²Q ≤ 0.15 ulp)
    0.5000000000000001, 0.16666666666666669, 0.041666666666624164, 0.008333333333330065,
    0.0013888888917196719, 0.00019841269863040545, 2.4801521322368692e-05, 2.7557268480310024e-06,
    2.7620075879983367e-07, 2.5100375832561234e-08,
    1.0, // 15
  ], 16)
  : 0;

@inline function kf(i: i32): v128 {
  return v128.load32_splat(KF + (<usize>i << 2));
}
@inline function ki(i: i32): v128 {
  return v128.load32_splat(KI + (<usize>i << 2));
}
@inline function kd(i: i32): v128 {
  return v128.load64_splat(KD + (<usize>i << 3));
}

/** f32x4.splat(1), from the table. */
@inline export function oneX4(): v128 {
  return kf(10);
}

/** -|z| lane-wise (the sign bit set; NaN stays NaN). */
@inline export function negAbsX4(z: v128): v128 {
  return v128.or(z, ki(0));
}

/**
 * e^z lane-wise for z ≤ 0. Measured max error (scripts/ulp-check.mjs): 1 ulp over [-87, 0]. z < -87 gives 0
 * (the true value is a subnormal below 1.7e-38, or 0 below -103.3), -Infinity too; NaN → NaN. Positive z is outside
 * the contract. Flushing matters: the focal losses multiply e (as 1 - p) by ce ≈ |x|, so a floor of e^-87 instead
 * of 0 made their gradient at |x| = 3e38 wrong by O(1) (kept as a test in test/kernels/simd_scalar.test.ts).
 * n = round(z·log2e) by the shifter; r = z - n·ln2 (exact high part); e^r = 1 + r + r²·Q(r), Q of degree 4 by
 * Estrin's scheme; 2^n from the shifter's low bits in one step (n ∈ [-126, 0]).
 */
@inline export function expNegX4(z: v128): v128 {
  const flush = f32x4.lt(z, kf(0)); // z < -87: the result is 0 (NaN compares false and stays NaN)
  const x = f32x4.pmax(z, kf(0)); // z < -87 ? -87 : z; NaN stays NaN
  const sh = f32x4.add(f32x4.mul(x, kf(1)), kf(2));
  const fn = f32x4.sub(sh, kf(2));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(fn, kf(3))), f32x4.mul(fn, kf(4)));
  const r2 = f32x4.mul(r, r);
  const q01 = f32x4.add(f32x4.mul(kf(6), r), kf(5));
  const q23 = f32x4.add(f32x4.mul(kf(8), r), kf(7));
  const q = f32x4.add(f32x4.add(q01, f32x4.mul(q23, r2)), f32x4.mul(kf(9), f32x4.mul(r2, r2)));
  const er = f32x4.add(f32x4.add(f32x4.mul(q, r2), r), kf(10));
  return v128.andnot(f32x4.mul(er, i32x4.shl(sh, 23)), flush); // (n + 127) << 23 is 2^n
}

/**
 * log1p(e) lane-wise for e ∈ [0, 1]. Measured max error (scripts/ulp-check.mjs): 1 ulp over [0, 1] (tiny e
 * included, where log1p(e) = e); NaN → NaN. Values outside [0, 1] are outside the contract.
 * log1p(e) = 2·atanh(s) with s = e/(2 + e) ∈ [0, 1/3]: 2s + 2s·w·P(w), w = s² ≤ 1/9, P a degree-3 minimax fit of
 * (atanh(√w)/√w - 1)/w (its error is below 0.05 ulp of the result), by Estrin's scheme. One division, no
 * exponent split: cheaper than a logf on 1 + e, and 2s carries the result to the last bit for tiny e.
 */
@inline export function log1pUnitX4(e: v128): v128 {
  const two = kf(11);
  const t = f32x4.add(e, two);
  const s = f32x4.div(e, t);
  const s2 = f32x4.add(s, s);
  const w = f32x4.mul(s, s);
  const p = f32x4.add(f32x4.add(f32x4.mul(kf(13), w), kf(12)), f32x4.mul(f32x4.add(f32x4.mul(kf(15), w), kf(14)), f32x4.mul(w, w)));
  // t rounds 2 + e by up to 2^-23 relative (an ulp of s): the exact s is s·(1 - δ/t) with δ = (2 + e) - t (exact),
  // and 1/t ≈ 1/2 - e/6 (within 4% on t ∈ [2, 3], plenty for a term below 2^-23). The correction joins the small
  // term, so only the last addition rounds at the result's scale.
  const delta = f32x4.sub(e, f32x4.sub(t, two));
  const corr = f32x4.mul(delta, f32x4.sub(kf(16), f32x4.mul(e, kf(17))));
  return f32x4.add(s2, f32x4.mul(s2, f32x4.sub(f32x4.mul(w, p), corr)));
}

/**
 * softplus(z) = max(z, 0) + log1p(exp(-|z|)) lane-wise, in f32, composed as the kernels compose it. Measured max
 * error (scripts/ulp-check.mjs): 2 ulp over [-87, 1e4]; +Infinity → +Infinity, NaN → NaN.
 */
@inline export function softplusX4(z: v128): v128 {
  return f32x4.add(f32x4.pmax(z, f32x4.splat(0)), log1pUnitX4(expNegX4(negAbsX4(z))));
}

/**
 * sigmoid(z) lane-wise, in f32, composed as the kernels compose it: s/(1 + e) with e = exp(-|z|) and s = 1 for
 * z ≥ 0, e for z < 0. Measured max error (scripts/ulp-check.mjs): 2 ulp over [-87, 87] (and over [-87, 1e4] as
 * sigmoid saturates); NaN → NaN.
 */
@inline export function sigmoidX4(z: v128): v128 {
  const e = expNegX4(negAbsX4(z));
  const one = kf(10);
  const s = f32x4.pmax(e, v128.and(f32x4.ge(z, f32x4.splat(0)), one));
  return f32x4.div(s, f32x4.add(one, e));
}

/**
 * e^z lane-wise in f64x2 for z ≤ 0. Measured max error (scripts/ulp-check.mjs, against a double-double
 * reference): 1.03 ulp of f64 over [-708, 0]. z < -708 (-Infinity included) gives +0 (the true value is below
 * 3.4e-308); NaN → NaN. Positive z is outside the contract.
 * n = round(z·log2e) by the shifter; r = z - n·ln2 (fdlibm's two-part ln2); e^r = 1 + (r + r²·Q(r)), Q of degree 9
 * by Estrin's scheme; 2^n from the shifter's low bits in one step (n ∈ [-1021, 0]).
 */
@inline export function expX2(z: v128): v128 {
  const zmin = kd(0);
  const x = f64x2.pmax(z, zmin);
  const sh = f64x2.add(f64x2.mul(x, kd(1)), kd(2));
  const fn = f64x2.sub(sh, kd(2));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(fn, kd(3))), f64x2.mul(fn, kd(4)));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q01 = f64x2.add(f64x2.mul(kd(6), r), kd(5));
  const q23 = f64x2.add(f64x2.mul(kd(8), r), kd(7));
  const q45 = f64x2.add(f64x2.mul(kd(10), r), kd(9));
  const q67 = f64x2.add(f64x2.mul(kd(12), r), kd(11));
  const q89 = f64x2.add(f64x2.mul(kd(14), r), kd(13));
  const q03 = f64x2.add(q01, f64x2.mul(q23, r2));
  const q47 = f64x2.add(q45, f64x2.mul(q67, r2));
  const q = f64x2.add(f64x2.add(q03, f64x2.mul(q47, r4)), f64x2.mul(q89, r8));
  const er = f64x2.add(f64x2.add(r, f64x2.mul(r2, q)), kd(15));
  const res = f64x2.mul(er, i64x2.shl(sh, 52)); // (n + 1023) << 52 is 2^n
  return v128.andnot(res, f64x2.lt(z, zmin)); // below the threshold: +0; NaN lanes stay NaN
}

// Row helpers for the softmax-family losses (rows of f32 logits in memory).

/** Classes a row may have for its e^(x - m) to be kept in ROW_SCRATCH between passes. */
export const ROW_SCRATCH_N: i32 = 1024;
/** f64 scratch of ROW_SCRATCH_N values (SIMD builds only). */
export const ROW_SCRATCH: usize = ASC_FEATURE_SIMD ? memory.data(ROW_SCRATCH_N << 3, 16) : 0;

/** Two f32 at p as f64x2. */
@inline export function load2X2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** Maximum of n f32 at x as f64, NaN skipped (as a `v > m` scan skips it), -Infinity for n = 0. */
export function rowMaxX4(x: usize, n: i32): f64 {
  let acc = f32x4.splat(-Infinity);
  let c = 0;
  for (; c + 4 <= n; c += 4) acc = f32x4.pmax(acc, v128.load(x + (<usize>c << 2))); // acc < v ? v : acc
  let m = <f64>f32x4.extract_lane(acc, 0);
  const a1 = <f64>f32x4.extract_lane(acc, 1);
  const a2 = <f64>f32x4.extract_lane(acc, 2);
  const a3 = <f64>f32x4.extract_lane(acc, 3);
  if (a1 > m) m = a1;
  if (a2 > m) m = a2;
  if (a3 > m) m = a3;
  for (; c < n; c++) {
    const v = <f64>load<f32>(x + (<usize>c << 2));
    if (v > m) m = v;
  }
  return m;
}

/** Σ_c e^(x_c - m) over n f32 at x, in f64 (expX2), with each e^(x_c - m) stored as f64 at dst when dst ≠ 0. */
export function rowExpSumX2(x: usize, n: i32, m: f64, dst: usize): f64 {
  const mv = f64x2.splat(m);
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const off = <usize>c << 2;
    const e0 = expX2(f64x2.sub(load2X2(x + off), mv));
    const e1 = expX2(f64x2.sub(load2X2(x + off + 8), mv));
    s0 = f64x2.add(s0, e0);
    s1 = f64x2.add(s1, e1);
    if (dst != 0) {
      v128.store(dst + (<usize>c << 3), e0);
      v128.store(dst + (<usize>c << 3), e1, 16);
    }
  }
  const sv = f64x2.add(s0, s1);
  let s = f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
  for (; c < n; c++) {
    const e = expF64(<f64>load<f32>(x + (<usize>c << 2)) - m);
    s += e;
    if (dst != 0) store<f64>(dst + (<usize>c << 3), e);
  }
  return s;
}

/** expX2 of one f64 (z ≤ 0), for the odd element of a row, so that it gets the same value as the lanes. */
@inline export function expF64(z: f64): f64 {
  return f64x2.extract_lane(expX2(f64x2.splat(z)), 0);
}

// Lane helpers for mixing f32x4 and f64x2.

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
  return v128.andnot(f64x2.mul(c, v), f64x2.eq(c, f64x2.splat(0)));
}

/** unitTargets: some target is outside [0, 1] or NaN. */
export const TARGETS_BAD: i32 = 0;
/** unitTargets: every target is 0 or 1. */
export const TARGETS_HARD: i32 = 1;
/** unitTargets: every target is in [0, 1], some strictly between. */
export const TARGETS_SOFT: i32 = 2;

/**
 * Classifies the f32 targets of the whole blocks of 4 among the first n at `base`: TARGETS_BAD if one is outside
 * [0, 1] or NaN (y·(1-y) < 0 or NaN), else TARGETS_HARD if all are 0 or 1 (y·(1-y) = 0), else TARGETS_SOFT.
 */
@inline export function unitTargets(base: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let valid = i32x4.splat(-1);
  let hard = valid;
  for (let i = 0; i + 4 <= n; i += 4) {
    const y = v128.load(base + (<usize>i << 2));
    const p = f32x4.mul(y, f32x4.sub(oneX4(), y));
    valid = v128.and(valid, f32x4.ge(p, zero));
    hard = v128.and(hard, f32x4.eq(p, zero));
  }
  if (!i32x4.all_true(valid)) return TARGETS_BAD;
  return i32x4.all_true(hard) ? TARGETS_HARD : TARGETS_SOFT;
}

/** True when all four f32 lanes lie in [0, 1] (NaN is outside). */
@inline export function allUnitX4(v: v128): bool {
  return i32x4.all_true(v128.and(f32x4.ge(v, f32x4.splat(0)), f32x4.le(v, oneX4())));
}

/** All-ones lanes where the f64 lane is finite (v·0 is ±0, else NaN). */
@inline export function finiteX2(v: v128): v128 {
  return f64x2.eq(f64x2.mul(v, f64x2.splat(0)), f64x2.splat(0));
}

/** Math.pow lane-wise (q·q for p = 2 and q for p = 1, exactly as AssemblyScript's Math.pow does; else per lane). */
@inline export function powX2(q: v128, p: f64): v128 {
  if (p == 2) return f64x2.mul(q, q);
  if (p == 1) return q;
  const r = f64x2.splat(Math.pow(f64x2.extract_lane(q, 0), p));
  return f64x2.replace_lane(r, 1, Math.pow(f64x2.extract_lane(q, 1), p));
}
