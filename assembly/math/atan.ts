// atan2 for CIoU's aspect angles, written once as a scalar function (both builds) and once as an f64x2 function
// (the SIMD build only; referenced inside `if (ASC_FEATURE_SIMD)`). Both do the same IEEE f64 operations on each
// lane, so a pair gives the same bits in either build. Plain add/sub/mul/div/min/max only: no relaxed-simd, no
// FMA, no tables, so every engine gives the same bits.
//
// Method (Cephes atan, S. L. Moshier): with a = |y|, b = |x|, s = min(a, b), m = max(a, b), both scaled by a power
// of two when m is below 2^-1000 or at least 2^1000 (exact; keeps s + m finite and 0.66·m normal), t = s/m ∈ [0, 1]:
// atan(t) = u + u·z·P(z)/Q(z) (z = u², Cephes' P of degree 4 and monic Q of degree 5, good for |u| ≤ 0.66) with
// u = t when t ≤ 0.66, else π/4 + atan(u) with u = (s − m)/(s + m) ∈ (−0.21, 0] (one division, from s and m).
// That is r = atan(s/m) ∈ [0, π/4]; the result is r, or π/2 − r where a > b; where the sign bit of x is set, π − r
// or π/2 + r; then the sign of y. Special values as Math.atan2 (IEEE 754): atan2(±0, +0) = ±0, atan2(±0, −0) = ±π,
// atan2(±∞, ±∞) = ±π/4 or ±3π/4, NaN → NaN.
//
// Measured max error: 2 ulp against Math.atan2 (V8's port of fdlibm, itself within 1 ulp) over 2·10^7 points in
// every quadrant, from subnormal to huge magnitudes, ratios 2^-60..2^60, the branch points, box sides and specials
// (scripts/atan-check.mjs); 1.57 ulp against the correctly rounded value (mpmath at 140 bits, on 10^7 such points
// dumped with --dump, non-zero finite inputs). The scalar and f64x2 versions agree bit for bit on every point.

const PIO4: f64 = 7.85398163397448309616e-1;
const PIO2: f64 = 1.57079632679489661923;
const PI: f64 = 3.14159265358979311600;
/** π − PI (the part of π below PI's last bit); also 2·(π/2 − PIO2). */
const PI_LO: f64 = 1.2246467991473532e-16;
/** π/2 − PIO2. */
const MOREBITS: f64 = 6.123233995736765886130e-17;
const T066: f64 = 0.66;
const TWO_P1000: f64 = 1.0715086071862673e301; // 2^1000
const TWO_M1000: f64 = 9.332636185032189e-302; // 2^-1000
const TWO_P600: f64 = 4.149515568880993e180; // 2^600
const TWO_M600: f64 = 2.409919865102884e-181; // 2^-600

const P0: f64 = -8.750608600031904122785e-1;
const P1: f64 = -1.615753718733365076637e1;
const P2: f64 = -7.500855792314704667340e1;
const P3: f64 = -1.228866684490136173410e2;
const P4: f64 = -6.485021904942025371773e1;
const Q0: f64 = 2.485846490142306297962e1;
const Q1: f64 = 1.650270098316988542046e2;
const Q2: f64 = 4.328810604912902668951e2;
const Q3: f64 = 4.853903996359136964868e2;
const Q4: f64 = 1.945506571482613964425e2;

/** atan2(y, x) (see above). */
export function atan2(y: f64, x: f64): f64 {
  const a = Math.abs(y);
  const b = Math.abs(x);
  // s ≤ m, both scaled by a power of two (exact; the ratio is unchanged) so that m is neither subnormal nor so
  // large that s + m overflows.
  let s = Math.min(a, b);
  let m = Math.max(a, b);
  const k: f64 = m >= TWO_P1000 ? TWO_M600 : m < TWO_M1000 ? TWO_P600 : 1.0;
  s *= k;
  m *= k;
  // Both infinite: atan(∞/∞) is taken as π/4 (the reduced branch with t = 0).
  const red = s > T066 * m || s == Infinity;
  let t: f64 = red ? (s - m) / (s + m) : s / m;
  // 0/0 (both zero) and ∞ − ∞ (both infinite) read as t = 0.
  if (m == 0 || s == Infinity) t = 0;
  const z = t * t;
  const p = (((P0 * z + P1) * z + P2) * z + P3) * z + P4;
  const q = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  let r = t * ((z * p) / q) + t; // atan(t), or atan of the reduced t
  if (red) r = PIO4 + (r + 0.5 * MOREBITS);
  // r = atan(s/m) ∈ [0, π/4]. Quadrants: a > b gives π/2 ∓ r, a sign bit on x (x < 0 or −0) gives π − r or π/2 + r.
  if (reinterpret<i64>(x) < 0) {
    r = a > b ? PIO2 + (r + MOREBITS) : PI - (r - PI_LO);
  } else if (a > b) {
    r = PIO2 - (r - MOREBITS);
  }
  return reinterpret<i64>(y) < 0 ? -r : r;
}

/**
 * atan2(y, x) lane-wise, the same operations as atan2 on each lane. With `general` false the caller guarantees
 * finite inputs whose larger magnitude is 0 or in [2^-1000, 2^1000) (where atan2's rescaling is ×1 and its
 * infinity tests are false), and the lanes skip those steps: the bits are the same.
 */
@inline export function atan2X2(y: v128, x: v128, general: bool): v128 {
  const a = f64x2.abs(y);
  const b = f64x2.abs(x);
  let s = f64x2.min(a, b);
  let m = f64x2.max(a, b);
  let red: v128, zero: v128;
  if (general) {
    const k = v128.bitselect(
      f64x2.splat(TWO_M600),
      v128.bitselect(f64x2.splat(TWO_P600), f64x2.splat(1.0), f64x2.lt(m, f64x2.splat(TWO_M1000))),
      f64x2.ge(m, f64x2.splat(TWO_P1000)),
    );
    s = f64x2.mul(s, k);
    m = f64x2.mul(m, k);
    const sInf = f64x2.eq(s, f64x2.splat(Infinity));
    red = v128.or(f64x2.gt(s, f64x2.mul(f64x2.splat(T066), m)), sInf);
    zero = v128.or(f64x2.eq(m, f64x2.splat(0)), sInf);
  } else {
    red = f64x2.gt(s, f64x2.mul(f64x2.splat(T066), m));
    zero = f64x2.eq(m, f64x2.splat(0));
  }
  const num = v128.bitselect(f64x2.sub(s, m), s, red);
  const den = v128.bitselect(f64x2.add(s, m), m, red);
  const t = v128.andnot(f64x2.div(num, den), zero);
  const z = f64x2.mul(t, t);
  let p = f64x2.add(f64x2.mul(f64x2.splat(P0), z), f64x2.splat(P1));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P2));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P3));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P4));
  let q = f64x2.add(z, f64x2.splat(Q0));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q1));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q2));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q3));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q4));
  let r = f64x2.add(f64x2.mul(t, f64x2.div(f64x2.mul(z, p), q)), t);
  r = v128.bitselect(f64x2.add(f64x2.splat(PIO4), f64x2.add(r, f64x2.splat(0.5 * MOREBITS))), r, red);
  const swap = f64x2.gt(a, b);
  const xNeg = i64x2.lt_s(x, i64x2.splat(0));
  const rPos = v128.bitselect(f64x2.sub(f64x2.splat(PIO2), f64x2.sub(r, f64x2.splat(MOREBITS))), r, swap);
  const rNeg = v128.bitselect(
    f64x2.add(f64x2.splat(PIO2), f64x2.add(r, f64x2.splat(MOREBITS))),
    f64x2.sub(f64x2.splat(PI), f64x2.sub(r, f64x2.splat(PI_LO))),
    swap,
  );
  r = v128.bitselect(rNeg, rPos, xNeg);
  // The sign of y: flip r's sign bit where y's is set.
  return v128.xor(r, v128.and(y, i64x2.splat(0x8000000000000000)));
}
