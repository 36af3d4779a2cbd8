// One driver for the f32 elementwise regression losses (l1, mse, smooth_l1, huber). Each loss file calls
// runElementwise with a constant kind, so after inlining the branches on `kind` fold away.
// One source, two builds: the f32x4 body exists only when ASC_FEATURE_SIMD is set; the scalar loop is the whole
// MVP kernel and the SIMD tail. Both compute each element with the same f32 operations in the same order, so
// per-element values and gradients are bit-identical between the builds; only the f64 sum order differs.
import { INPUT, TARGET, GRAD, OUT } from '../buffers';
import { CAPACITY } from '../config';
import { F_GRAD, F_NONE, OK, checkCount } from '../status';
import { addAcc } from './reduce';
import { signf } from './stable';

export const K_L1: i32 = 0;
export const K_MSE: i32 = 1;
export const K_SMOOTH_L1: i32 = 2;
export const K_HUBER: i32 = 3;

/** The element's contribution to the sum. `a` is beta or delta. */
@inline function elemValue(kind: i32, d: f32, a: f32): f32 {
  if (kind == K_L1) return Mathf.abs(d);
  if (kind == K_MSE) return d * d;
  const z = Mathf.abs(d);
  if (kind == K_SMOOTH_L1) return z < a ? (<f32>0.5 * d * d) / a : z - <f32>0.5 * a;
  return z < a ? <f32>0.5 * d * d : a * (z - <f32>0.5 * a); // K_HUBER
}

/** The element's derivative times `inv` (1/denominator). */
@inline function elemGrad(kind: i32, d: f32, a: f32, inv: f32): f32 {
  if (kind == K_L1) return signf(d) * inv;
  if (kind == K_MSE) return (d + d) * inv;
  if (kind == K_SMOOTH_L1) return (Mathf.abs(d) < a ? d / a : signf(d)) * inv;
  return Mathf.min(Mathf.max(d, -a), a) * inv; // K_HUBER: clamp(d, -delta, delta)
}

@inline function signX4(d: v128): v128 {
  const one = f32x4.splat(1);
  const s = v128.or(v128.and(f32x4.gt(d, f32x4.splat(0)), one), v128.and(f32x4.lt(d, f32x4.splat(0)), f32x4.splat(-1)));
  return v128.bitselect(d, s, f32x4.ne(d, d)); // keep NaN
}

@inline function elemValueX4(kind: i32, d: v128, a: f32): v128 {
  if (kind == K_L1) return f32x4.abs(d);
  if (kind == K_MSE) return f32x4.mul(d, d);
  const z = f32x4.abs(d);
  const av = f32x4.splat(a);
  const half = f32x4.splat(0.5);
  const small = f32x4.lt(z, av);
  const quad = f32x4.mul(f32x4.mul(half, d), d);
  if (kind == K_SMOOTH_L1) return v128.bitselect(f32x4.div(quad, av), f32x4.sub(z, f32x4.mul(half, av)), small);
  return v128.bitselect(quad, f32x4.mul(av, f32x4.sub(z, f32x4.mul(half, av))), small);
}

@inline function elemGradX4(kind: i32, d: v128, a: f32, inv: f32): v128 {
  const iv = f32x4.splat(inv);
  if (kind == K_L1) return f32x4.mul(signX4(d), iv);
  if (kind == K_MSE) return f32x4.mul(f32x4.add(d, d), iv);
  const av = f32x4.splat(a);
  if (kind == K_SMOOTH_L1) {
    return f32x4.mul(v128.bitselect(f32x4.div(d, av), signX4(d), f32x4.lt(f32x4.abs(d), av)), iv);
  }
  return f32x4.mul(f32x4.min(f32x4.max(d, f32x4.splat(-a)), av), iv);
}

/**
 * Run an elementwise loss over the first n elements of INPUT and TARGET: add Σ value to the accumulator, write
 * per-element values to OUT when F_NONE is set and gradients × inv to GRAD when F_GRAD is set.
 */
@inline export function runElementwise(kind: i32, n: i32, flags: i32, a: f32, inv: f32): i32 {
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
      const d = f32x4.sub(v128.load(INPUT + off), v128.load(TARGET + off));
      const v = elemValueX4(kind, d, a);
      acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(v));
      acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
      if (wantOut) v128.store(OUT + off, v);
      if (wantGrad) v128.store(GRAD + off, elemGradX4(kind, d, a, inv));
    }
    const t = f64x2.add(acc0, acc1);
    sum = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const d = load<f32>(INPUT + off) - load<f32>(TARGET + off);
    const v = elemValue(kind, d, a);
    sum += <f64>v;
    if (wantOut) store<f32>(OUT + off, v);
    if (wantGrad) store<f32>(GRAD + off, elemGrad(kind, d, a, inv));
  }
  addAcc(sum);
  return OK;
}
