/**
 * Central-difference gradient checking for float64 functions, plus a small seeded generator for test data.
 */
import { expect } from 'vitest';

/**
 * Numeric gradient of the scalar function `f` at `x` by central differences:
 * g_i = (f(x + h e_i) − f(x − h e_i)) / (x_i+h − (x_i−h)), h = step·max(1, |x_i|).
 * `x` is not modified.
 */
export function numericGrad(f: (x: Float64Array) => number, x: Float64Array, step = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  const xx = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const h = step * Math.max(1, Math.abs(xi));
    const xp = xi + h;
    const xm = xi - h;
    xx[i] = xp;
    const fp = f(xx);
    xx[i] = xm;
    const fm = f(xx);
    xx[i] = xi;
    g[i] = (fp - fm) / (xp - xm); // the actually representable step, not 2h
  }
  return g;
}

/** Asserts |a_i − n_i| ≤ rtol·max(|a_i|, |n_i|) + atol for every i (analytic vs numeric). */
export function expectGradClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>, rtol = 1e-6, atol = 1e-8): void {
  expect(analytic.length).toBe(numeric.length);
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    const tol = rtol * Math.max(Math.abs(a), Math.abs(n)) + atol;
    if (!(Math.abs(a - n) <= tol)) {
      throw new Error(`gradient mismatch at ${i}: analytic ${a}, numeric ${n} (tol ${tol})`);
    }
  }
}

/** Numeric gradient of `f` at `x` compared with `analytic`. */
export function gradcheck(
  f: (x: Float64Array) => number,
  x: Float64Array,
  analytic: ArrayLike<number>,
  rtol = 1e-6,
  atol = 1e-8,
): Float64Array {
  const num = numericGrad(f, x);
  expectGradClose(analytic, num, rtol, atol);
  return num;
}

/** Deterministic uniform generator on [0, 1) for reproducible test data: the project's own mulberry32. */
export { mulberry32 as seeded } from '../../src/prng.js';

/** n values uniform in [lo, hi) from `rnd`. */
export function uniform(rnd: () => number, n: number, lo: number, hi: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rnd();
  return a;
}

/** Plain float64 sum, for relations in tests. */
export function total(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
