// Probe for scripts/atan-check.mjs: runs atan2 (scalar) and atan2X2 (f64x2) of assembly/math/atan.ts over buffers.
import { atan2, atan2X2 } from '../../assembly/math/atan';

const N: i32 = 65536;
const Y = memory.data(N * 8, 16);
const X = memory.data(N * 8, 16);
const OUT = memory.data(N * 8, 16);

export function yPtr(): usize {
  return Y;
}
export function xPtr(): usize {
  return X;
}
export function outPtr(): usize {
  return OUT;
}
/** vector 0: scalar atan2, 1: atan2X2, 2: atan2X2 without its rescaling and infinity steps (the CIoU fast path's
 *  variant, for finite inputs with max(|y|, |x|) 0 or in [2^-1000, 2^1000)); n even, at most 65536. */
export function run(vector: i32, n: i32): void {
  if (vector == 1) {
    for (let i = 0; i < n; i += 2) {
      const off = <usize>i << 3;
      v128.store(OUT + off, atan2X2(v128.load(Y + off), v128.load(X + off), true));
    }
  } else if (vector == 2) {
    for (let i = 0; i < n; i += 2) {
      const off = <usize>i << 3;
      v128.store(OUT + off, atan2X2(v128.load(Y + off), v128.load(X + off), false));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const off = <usize>i << 3;
      store<f64>(OUT + off, atan2(load<f64>(Y + off), load<f64>(X + off)));
    }
  }
}
