// Probe for scripts/ulp-check.mjs: runs the vector functions of assembly/math/simd_math.ts over a buffer.
import { expNegX4, expX2, log1pUnitX4, sigmoidX4, softplusX4 } from '../../assembly/math/simd_math';

const N: i32 = 65536;
const IN = memory.data(N * 8, 16);
const OUT = memory.data(N * 8, 16);

export function inPtr(): usize {
  return IN;
}
export function outPtr(): usize {
  return OUT;
}
/**
 * kind 0 expNegX4, 1 log1pUnitX4, 2 softplusX4, 3 sigmoidX4 (f32 in, f32 out; n a multiple of 4);
 * kind 4 expX2 (f64 in, f64 out; n a multiple of 2). n at most 65536.
 */
export function run(kind: i32, n: i32): void {
  if (kind == 4) {
    for (let i = 0; i < n; i += 2) {
      const off = <usize>i << 3;
      v128.store(OUT + off, expX2(v128.load(IN + off)));
    }
    return;
  }
  for (let i = 0; i < n; i += 4) {
    const off = <usize>i << 2;
    const x = v128.load(IN + off);
    let r: v128;
    if (kind == 0) r = expNegX4(x);
    else if (kind == 1) r = log1pUnitX4(x);
    else if (kind == 2) r = softplusX4(x);
    else r = sigmoidX4(x);
    v128.store(OUT + off, r);
  }
}
