/**
 * The parity check: for one generated case, call the loss on a build and on the float64 reference for every
 * reduction, with the gradient, and compare under the loss's tolerance.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { reference, type EdgeLoss } from '../../src/index.js';
import type { ApiName } from '../../src/names.js';
import type { GradResult, Reduction } from '../../src/types.js';
import { SEED, lengthsFor, runsFor } from './generate.js';
import { compareArrays, compareNumber, type Tolerance } from './tolerance.js';

export interface Case {
  input: ArrayLike<number>;
  target: ArrayLike<number>;
  options: Record<string, unknown>;
}

export const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

type Fn = (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => unknown;

/** Compare one case on one build for all reductions; returns the first discrepancy, or null. */
export function parityOf(el: EdgeLoss, api: ApiName, c: Case, tol: Tolerance): string | null {
  const wasm = el[api] as unknown as Fn;
  const ref = reference[api] as unknown as Fn;
  for (const reduction of REDUCTIONS) {
    const o = { ...c.options, reduction, grad: true };
    const got = wasm(c.input, c.target, o) as GradResult<Float32Array>;
    const want = ref(c.input, c.target, o) as GradResult<Float64Array>;
    const v = typeof want.value === 'number'
      ? compareNumber(got.value as number, want.value, tol.rtol, tol.atol)
      : compareArrays(got.value as Float32Array, want.value, tol.rtol, tol.atol);
    if (v) return `${reduction} value: ${v}`;
    const g = compareArrays(got.grad, want.grad, tol.grtol, tol.gatol);
    if (g) return `${reduction} grad: ${g}`;
    // The plain call (no grad) must give the same value as the grad call.
    const plain = wasm(c.input, c.target, { ...c.options, reduction });
    const same = typeof plain === 'number'
      ? compareNumber(plain, got.value as number, 0, 0)
      : compareArrays(plain as Float32Array, got.value as Float32Array, 0, 0);
    if (same) return `${reduction} value without grad differs from value with grad: ${same}`;
  }
  return null;
}

/** Run `parityOf` over seeded cases of every length in lengthsFor(capacity). */
export function checkParity(el: EdgeLoss, api: ApiName, gen: (n: number) => fc.Arbitrary<Case>, tol: Tolerance): void {
  for (const n of lengthsFor(el.capacity)) {
    fc.assert(
      fc.property(gen(n), (c) => {
        const why = parityOf(el, api, c, tol);
        if (why) throw new Error(`${api} n=${n} options=${JSON.stringify(c.options)}: ${why}`);
      }),
      { seed: SEED + n, numRuns: runsFor(n) },
    );
  }
  expect(true).toBe(true);
}
