// One driver for the elementwise regression losses (l1, mse, smooth_l1, huber). Each loss file calls
// runElementwise with a constant kind, so after inlining the branches on `kind` fold away.
//
// Precision: each element is computed in f64 from the f32 inputs (the difference x − y is then exact), and
// rounded to f32 once when stored. In f32 the intermediate d², 0.5·d² or 2d would overflow for |d| > 1.8e19 (or
// 1.7e38) even where the mean or the gradient is representable.
//
// One source, two builds. The scalar loop is the whole MVP kernel and the SIMD tail, in f64 as above. The SIMD
// build's body works in f32x4, four elements per vector: d = x − y, the element value and the gradient are each
// rounded to f32 (at most 3 roundings, ≤ 2.4e-7 relative, inside the 1e-6 parity tolerance), and the values are
// widened to f64x2 for the sum, so sums and means keep f64 accumulation. f32 can overflow where f64 does not
// (x − y, d², 2d): any overflow, NaN or ∞ makes the chunk's f64 sum non-finite, and then the chunk is redone with
// blocks whose |d| exceeds 1e18 (or is NaN) in the f64x2 body, which gives the scalar loop's bits. A loss parameter
// (beta, delta) outside [1e-18, 1e18] (and not 0) sends every block to the f64x2 body. Squares below 1e-38
// (|d| < 1e-19) become f32 subnormals or 0 in the f32 body (absolute error < 1.2e-38).
// `test/kernels/elementwise_simd.test.ts` checks both bodies against the scalar build.
import { INPUT, TARGET, GRAD, OUT } from '../buffers';
import { CAPACITY, HEAD_BOX_ELEMS } from '../config';
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

/** sign(d) lane-wise in f32 (sign(0) = +0); only used on blocks without NaN. */
@inline function signX4(d: v128): v128 {
  const zero = f32x4.splat(0);
  return v128.or(v128.and(f32x4.gt(d, zero), f32x4.splat(1)), v128.and(f32x4.lt(d, zero), f32x4.splat(-1)));
}

// SmoothL1 divides by beta as a multiplication by f32(1/beta) (one rounding more, well inside the tolerance; a
// division costs several times a multiplication in f32x4). beta = 0 gives ∞ there, in lanes that are not selected.
@inline function elemValueX4(kind: i32, d: v128, a: v128, halfA: v128, invA: v128): v128 {
  if (kind == K_L1) return f32x4.abs(d);
  if (kind == K_MSE) return f32x4.mul(d, d);
  const z = f32x4.abs(d);
  const small = f32x4.lt(z, a);
  const quad = f32x4.mul(f32x4.mul(f32x4.splat(0.5), d), d);
  if (kind == K_SMOOTH_L1) return v128.bitselect(f32x4.mul(quad, invA), f32x4.sub(z, halfA), small);
  return v128.bitselect(quad, f32x4.mul(a, f32x4.sub(z, halfA)), small);
}

@inline function elemGradX4(kind: i32, d: v128, a: v128, invA: v128, iv: v128): v128 {
  if (kind == K_L1) return f32x4.mul(signX4(d), iv);
  if (kind == K_MSE) return f32x4.mul(f32x4.add(d, d), iv);
  if (kind == K_SMOOTH_L1) return f32x4.mul(v128.bitselect(f32x4.mul(d, invA), signX4(d), f32x4.lt(f32x4.abs(d), a)), iv);
  return f32x4.mul(f32x4.min(f32x4.max(d, f32x4.neg(a)), a), iv);
}

/** The f64x2 body for one block of 4 at `off`: the scalar loop's operations, two lanes at a time. */
@inline function blockX2(kind: i32, off: usize, a: f64, inv: f64, wantOut: bool, wantGrad: bool, acc: v128): v128 {
  const x = v128.load(INPUT + off);
  const y = v128.load(TARGET + off);
  const dLo = f64x2.sub(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(y));
  const dHi = f64x2.sub(
    f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1)),
    f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 0, 1)),
  );
  const vLo = elemValueX2(kind, dLo, a);
  const vHi = elemValueX2(kind, dHi, a);
  if (wantOut) v128.store(OUT + off, demote4(vLo, vHi));
  if (wantGrad) v128.store(GRAD + off, demote4(elemGradX2(kind, dLo, a, inv), elemGradX2(kind, dHi, a, inv)));
  return f64x2.add(acc, f64x2.add(vLo, vHi));
}

/** Largest |d| for which the f32x4 body is used (d² ≤ 1e36 and 2d stay far from the f32 range). */
const F32_BODY_MAX: f32 = 1e18;

/**
 * Run an elementwise loss over the first n elements of INPUT and TARGET: add Σ value to the accumulator, write
 * per-element values to OUT when F_NONE is set and gradients × inv to GRAD when F_GRAD is set.
 */
@inline export function runElementwise(kind: i32, n: i32, flags: i32, a: f64, inv: f64): i32 {
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  // A head-specialised build runs a copy with the head's constant trip count (see config.ts).
  if (HEAD_BOX_ELEMS > 0 && n == HEAD_BOX_ELEMS) return elementwiseBody(kind, HEAD_BOX_ELEMS, flags, a, inv);
  return elementwiseBody(kind, n, flags, a, inv);
}

@inline function elementwiseBody(kind: i32, n: i32, flags: i32, a: f64, inv: f64): i32 {
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  let sum: f64 = 0;
  let i: i32 = 0;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0);
    const fast = kind == K_L1 || kind == K_MSE || a == 0 || (a >= 1e-18 && a <= 1e18);
    let ok = fast;
    if (fast) {
      const av = f32x4.splat(<f32>a);
      const halfA = f32x4.splat(<f32>(0.5 * a));
      const invA = f32x4.splat(<f32>(1.0 / a));
      const iv = f32x4.splat(<f32>inv);
      // Two blocks per iteration into four f64x2 partial sums: one running sum would make every block wait for
      // the previous f64 add (a 4-cycle latency chain), which alone costs more than the rest of the block.
      let acc1 = f64x2.splat(0);
      let acc2 = f64x2.splat(0);
      let acc3 = f64x2.splat(0);
      for (; i + 8 <= n; i += 8) {
        const off = <usize>i << 2;
        const d0 = f32x4.sub(v128.load(INPUT + off), v128.load(TARGET + off));
        const d1 = f32x4.sub(v128.load(INPUT + off, 16), v128.load(TARGET + off, 16));
        const v0 = elemValueX4(kind, d0, av, halfA, invA);
        const v1 = elemValueX4(kind, d1, av, halfA, invA);
        acc = f64x2.add(acc, f64x2.promote_low_f32x4(v0));
        acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v0, v0, 2, 3, 0, 1)));
        acc2 = f64x2.add(acc2, f64x2.promote_low_f32x4(v1));
        acc3 = f64x2.add(acc3, f64x2.promote_low_f32x4(v128.shuffle<f32>(v1, v1, 2, 3, 0, 1)));
        if (wantOut) {
          v128.store(OUT + off, v0);
          v128.store(OUT + off, v1, 16);
        }
        if (wantGrad) {
          v128.store(GRAD + off, elemGradX4(kind, d0, av, invA, iv));
          v128.store(GRAD + off, elemGradX4(kind, d1, av, invA, iv), 16);
        }
      }
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        const d = f32x4.sub(v128.load(INPUT + off), v128.load(TARGET + off));
        const v = elemValueX4(kind, d, av, halfA, invA);
        acc = f64x2.add(acc, f64x2.add(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))));
        if (wantOut) v128.store(OUT + off, v);
        if (wantGrad) v128.store(GRAD + off, elemGradX4(kind, d, av, invA, iv));
      }
      acc = f64x2.add(f64x2.add(acc, acc1), f64x2.add(acc2, acc3));
      // f32 overflow anywhere (x − y, d², δ(|d| − δ/2); a gradient overflows only where its value does) makes a
      // value ±∞ and so the f64 sum non-finite, as does a NaN or ∞ input. Then redo the chunk's blocks: those with
      // every |d| ≤ 1e18 keep the f32 result, the others take the f64x2 body (the scalar loop's bits). Checking
      // the sum once costs nothing per block; inputs holding NaN or ∞ pay for a second pass.
      const t = f64x2.add(acc, f64x2.shuffle(acc, acc, 1, 0));
      ok = Number.isFinite(f64x2.extract_lane(t, 0));
    }
    if (!ok) {
      acc = f64x2.splat(0);
      i = 0;
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        const x = v128.load(INPUT + off);
        const y = v128.load(TARGET + off);
        const d = f32x4.sub(x, y);
        // In a redone chunk, blocks inside the range keep the f32 result so that a block's bits do not depend on
        // its neighbours; the others take the f64x2 body.
        if (fast && i32x4.all_true(f32x4.le(f32x4.abs(d), f32x4.splat(F32_BODY_MAX)))) {
          const v = elemValueX4(kind, d, f32x4.splat(<f32>a), f32x4.splat(<f32>(0.5 * a)), f32x4.splat(<f32>(1.0 / a)));
          acc = f64x2.add(acc, f64x2.add(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))));
          if (wantOut) v128.store(OUT + off, v);
          if (wantGrad) v128.store(GRAD + off, elemGradX4(kind, d, f32x4.splat(<f32>a), f32x4.splat(<f32>(1.0 / a)), f32x4.splat(<f32>inv)));
        } else {
          acc = blockX2(kind, off, a, inv, wantOut, wantGrad, acc);
        }
      }
    }
    sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  // The scalar loop, unswitched on the two flags so that no per-element branch tests them (interpreters pay for
  // every instruction): four copies of one loop body with constant flags.
  const off = <usize>i << 2;
  const end = <usize>n << 2;
  if (wantGrad) {
    sum += wantOut ? scalarLoop(kind, off, end, true, true, a, inv) : scalarLoop(kind, off, end, false, true, a, inv);
  } else {
    sum += wantOut ? scalarLoop(kind, off, end, true, false, a, inv) : scalarLoop(kind, off, end, false, false, a, inv);
  }
  addAcc(sum);
  return OK;
}

/**
 * Elements [off, end) (byte offsets) in f64: returns Σ value and stores values/gradients as the flags ask. Byte
 * offsets stepping by 4, the buffers' addresses as load/store immediates and a bottom-tested loop keep it to the
 * fewest instructions per element.
 */
@inline function scalarLoop(kind: i32, off: usize, end: usize, wantOut: bool, wantGrad: bool, a: f64, inv: f64): f64 {
  let sum: f64 = 0;
  if (off < end) {
    do {
      const d = <f64>load<f32>(off, INPUT) - <f64>load<f32>(off, TARGET);
      const v = elemValue(kind, d, a);
      sum += v;
      if (wantOut) store<f32>(off, <f32>v, OUT);
      if (wantGrad) store<f32>(off, <f32>elemGrad(kind, d, a, inv), GRAD);
      off += 4;
    } while (off < end);
  }
  return sum;
}
