// One driver for the elementwise regression losses (l1, mse, smooth_l1, huber). Each loss file calls
// runElementwise with a constant kind, so after inlining the branches on `kind` fold away.
//
// Precision: each element is computed in f64 from the f32 inputs (the difference x − y is then exact), and
// rounded to f32 once when stored. In f32 the intermediate d², 0.5·d² or 2d would overflow for |d| > 1.8e19 (or
// 1.7e38) even where the mean or the gradient is representable.
//
// One source, two builds: the f64x2 body exists only when ASC_FEATURE_SIMD is set; the scalar loop is the whole
// MVP kernel and the SIMD tail. Both do the same IEEE f64 operations in the same order, so per-element values and
// gradients are bit-identical between the builds (NaN payloads aside); only the f64 sum order differs.
import { INPUT, TARGET, GRAD, OUT } from '../buffers';
import { CAPACITY } from '../config';
import { F_GRAD, F_NONE, OK, checkCount } from '../status';
import { addAcc } from './reduce';
import { sign64 } from './stable';

export const K_L1: i32 = 0;
export const K_MSE: i32 = 1;
export const K_SMOOTH_L1: i32 = 2;
export const K_HUBER: i32 = 3;

/** The element's loss. `a` is beta or delta. */
@inline function elemValue(kind: i32, d: f64, a: f64): f64 {
  if (kind == K_L1) return Math.abs(d);
  if (kind == K_MSE) return d * d;
  const z = Math.abs(d);
  if (kind == K_SMOOTH_L1) return z < a ? (0.5 * d * d) / a : z - 0.5 * a;
  return z < a ? 0.5 * d * d : a * (z - 0.5 * a); // K_HUBER
}

/** The element's derivative times `inv` (1/denominator). */
@inline function elemGrad(kind: i32, d: f64, a: f64, inv: f64): f64 {
  if (kind == K_L1) return sign64(d) * inv;
  if (kind == K_MSE) return (d + d) * inv;
  if (kind == K_SMOOTH_L1) return (Math.abs(d) < a ? d / a : sign64(d)) * inv;
  return Math.min(Math.max(d, -a), a) * inv; // K_HUBER: clamp(d, -delta, delta)
}

/** sign(d) lane-wise with sign(0) = +0 and NaN kept, like sign64. */
@inline function signX2(d: v128): v128 {
  const zero = f64x2.splat(0);
  const s = v128.or(v128.and(f64x2.gt(d, zero), f64x2.splat(1)), v128.and(f64x2.lt(d, zero), f64x2.splat(-1)));
  return v128.bitselect(f64x2.sub(d, d), s, f64x2.ne(d, d)); // NaN lanes: d - d is NaN
}

@inline function elemValueX2(kind: i32, d: v128, a: f64): v128 {
  if (kind == K_L1) return f64x2.abs(d);
  if (kind == K_MSE) return f64x2.mul(d, d);
  const z = f64x2.abs(d);
  const av = f64x2.splat(a);
  const half = f64x2.splat(0.5);
  const small = f64x2.lt(z, av);
  const quad = f64x2.mul(f64x2.mul(half, d), d);
  if (kind == K_SMOOTH_L1) return v128.bitselect(f64x2.div(quad, av), f64x2.sub(z, f64x2.mul(half, av)), small);
  return v128.bitselect(quad, f64x2.mul(av, f64x2.sub(z, f64x2.mul(half, av))), small);
}

@inline function elemGradX2(kind: i32, d: v128, a: f64, inv: f64): v128 {
  const iv = f64x2.splat(inv);
  if (kind == K_L1) return f64x2.mul(signX2(d), iv);
  if (kind == K_MSE) return f64x2.mul(f64x2.add(d, d), iv);
  const av = f64x2.splat(a);
  if (kind == K_SMOOTH_L1) {
    return f64x2.mul(v128.bitselect(f64x2.div(d, av), signX2(d), f64x2.lt(f64x2.abs(d), av)), iv);
  }
  return f64x2.mul(f64x2.min(f64x2.max(d, f64x2.splat(-a)), av), iv);
}

/** Two f64x2 halves back to one f32x4 (each lane rounded once). */
@inline function demote4(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/**
 * Run an elementwise loss over the first n elements of INPUT and TARGET: add Σ value to the accumulator, write
 * per-element values to OUT when F_NONE is set and gradients × inv to GRAD when F_GRAD is set.
 */
@inline export function runElementwise(kind: i32, n: i32, flags: i32, a: f64, inv: f64): i32 {
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  let sum: f64 = 0;
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      const x = v128.load(INPUT + off);
      const y = v128.load(TARGET + off);
      const dLo = f64x2.sub(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(y));
      const dHi = f64x2.sub(
        f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)),
        f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1)),
      );
      const vLo = elemValueX2(kind, dLo, a);
      const vHi = elemValueX2(kind, dHi, a);
      acc0 = f64x2.add(acc0, vLo);
      acc1 = f64x2.add(acc1, vHi);
      if (wantOut) v128.store(OUT + off, demote4(vLo, vHi));
      if (wantGrad) v128.store(GRAD + off, demote4(elemGradX2(kind, dLo, a, inv), elemGradX2(kind, dHi, a, inv)));
    }
    const t = f64x2.add(acc0, acc1);
    sum = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const d = <f64>load<f32>(INPUT + off) - <f64>load<f32>(TARGET + off);
    const v = elemValue(kind, d, a);
    sum += v;
    if (wantOut) store<f32>(OUT + off, <f32>v);
    if (wantGrad) store<f32>(GRAD + off, <f32>elemGrad(kind, d, a, inv));
  }
  addAcc(sum);
  return OK;
}
