// Probe for scripts/ulp-check.mjs: runs the f32x4 functions of assembly/math/simd_math.ts over a buffer.
import { expX4, log1pX4, softplusX4, sigmoidX4 } from '../../assembly/math/simd_math';

const N: i32 = 65536;
const IN = memory.data(N * 4, 16);
const OUT = memory.data(N * 4, 16);

export function inPtr(): usize {
  return IN;
}
export function outPtr(): usize {
  return OUT;
}
/** kind 0 exp, 1 log1p, 2 softplus, 3 sigmoid; n a multiple of 4, at most 65536. */
export function run(kind: i32, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const off = <usize>i << 2;
    const x = v128.load(IN + off);
    let r: v128;
    if (kind == 0) r = expX4(x);
    else if (kind == 1) r = log1pX4(x);
    else if (kind == 2) r = softplusX4(x);
    else r = sigmoidX4(x);
    v128.store(OUT + off, r);
  }
}
