import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EdgeLoss } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, real } from '../helpers/generate.js';
import { REDUCTIONS } from '../helpers/parity.js';
import { compareArrays, compareNumber, TOLERANCE } from '../helpers/tolerance.js';

// The SIMD build's elementwise regression kernels (assembly/math/elementwise.ts) against the scalar MVP build on
// the same inputs. Blocks of 4 run in f32x4 and must agree within the loss's parity tolerance. A chunk whose f32
// pass overflows or meets NaN/∞ is redone, and there blocks holding a non-finite f32 difference take the f64x2
// body, which must give the scalar loop's bits; so must every block when beta/delta is outside [1e-18, 1e18] (and
// not 0), and the tail (n mod 4 elements).
// Lengths 1–9 and 4096 ± 1 put every tail length behind full blocks and cross the chunk boundary.

type Fn = (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => GradResult<Float32Array>;
const LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 4095, 4096, 4097];

const cases: { api: keyof EdgeLoss; tol: keyof typeof TOLERANCE; options: fc.Arbitrary<Record<string, unknown>> }[] = [
  { api: 'l1Loss', tol: 'l1', options: fc.constant({}) },
  { api: 'mseLoss', tol: 'mse', options: fc.constant({}) },
  { api: 'smoothL1Loss', tol: 'smooth_l1', options: fc.record({ beta: fc.constantFrom(0, 1e-20, 1e-18, 0.1, 1, 3.5, 1e18, 1e20) }) },
  { api: 'huberLoss', tol: 'huber', options: fc.record({ delta: fc.constantFrom(1e-20, 1e-18, 0.1, 1, 3.5, 1e18, 1e20) }) },
];

/** Mostly ordinary values; sometimes ones whose difference leaves the f32 body's range, or ±∞ and NaN. */
const value: fc.Arbitrary<number> = fc.oneof(
  { weight: 12, arbitrary: real(50) },
  { weight: 1, arbitrary: fc.constantFrom(1e19, -1e19, 2e19, 3e38, -3e38, 1e-30, Infinity, -Infinity, NaN) },
);

const same = (p: number, q: number) => p === q || (Number.isNaN(p) && Number.isNaN(q));

/** Whether block b (elements 4b..4b+3) of the SIMD build surely takes the f64x2 body. */
function f64Block(x: Float32Array, t: Float32Array, b: number, o: Record<string, unknown>): boolean {
  const a = (o.beta ?? o.delta ?? 0) as number;
  if (!(a === 0 || (a >= 1e-18 && a <= 1e18))) return true;
  for (let i = 4 * b; i < 4 * b + 4; i++) {
    // A non-finite f32 difference makes the chunk's sum non-finite (a redo) and is beyond the 1e18 limit.
    if (!Number.isFinite(Math.fround(x[i]! - t[i]!))) return true;
  }
  return false;
}

function differ(simd: EdgeLoss, mvp: EdgeLoss, c: (typeof cases)[number], n: number, x: Float32Array, t: Float32Array, o: Record<string, unknown>): string | null {
  const tol = TOLERANCE[c.tol]!;
  for (const reduction of REDUCTIONS) {
    const oo = { ...o, reduction, grad: true };
    const a = (simd[c.api] as unknown as Fn)(x, t, oo);
    const b = (mvp[c.api] as unknown as Fn)(x, t, oo);
    const v = typeof b.value === 'number'
      ? compareNumber(a.value as number, b.value, tol.rtol, tol.atol)
      : compareArrays(a.value as Float32Array, b.value as Float32Array, tol.rtol, tol.atol);
    if (v) return `${reduction} value: ${v}`;
    const g = compareArrays(a.grad, b.grad, tol.grtol, tol.gatol);
    if (g) return `${reduction} grad: ${g}`;
    if (reduction === 'none') {
      const cap = 4096;
      for (let i = 0; i < n; i++) {
        const local = i % cap;
        const chunkLen = Math.min(cap, n - (i - local));
        const tail = local >= chunkLen - (chunkLen % 4);
        if (!tail && !f64Block(x, t, Math.floor(i / 4), o)) continue;
        const av = (a.value as Float32Array)[i]!;
        const bv = (b.value as Float32Array)[i]!;
        if (!same(av, bv) || !same(a.grad[i]!, b.grad[i]!)) {
          return `index ${i} (${tail ? 'tail' : 'f64x2 block'}): value ${av} vs ${bv}, grad ${a.grad[i]} vs ${b.grad[i]}`;
        }
      }
    }
  }
  return null;
}

describe.each(cases)('$api: the SIMD build equals the scalar build', (c) => {
  const skip = !buildAvailable('simd');
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';

  it.skipIf(skip)(`within the parity tolerance, and bit for bit on f64 blocks and tails, lengths 1–9 and 4096 ± 1${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    for (const n of LENGTHS) {
      fc.assert(
        fc.property(f32Array(n, value), f32Array(n, value), c.options, (x, t, o) => {
          const why2 = differ(simd, mvp, c, n, x, t, o);
          if (why2) throw new Error(`n=${n} options=${JSON.stringify(o)}: ${why2}`);
        }),
        { seed: SEED + 31 * n, numRuns: n > 100 ? 8 : 60 },
      );
    }
    expect(true).toBe(true);
  });

  it.skipIf(skip)(`keeps f64 where f32 overflows: x − y = 3e38 − (−3e38) gives the scalar build's finite value${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const x = new Float32Array([3e38, 3e38, 3e38, 3e38, 1, 2, 3, 4, 5, 6, 7, 8]);
    const t = new Float32Array([-3e38, -3e38, -3e38, -3e38, 0, 0, 0, 0, 0, 0, 0, 0]);
    const o = c.api === 'smoothL1Loss' ? { beta: 1 } : c.api === 'huberLoss' ? { delta: 1 } : {};
    const a = (simd[c.api] as unknown as Fn)(x, t, { ...o, grad: true });
    const b = (mvp[c.api] as unknown as Fn)(x, t, { ...o, grad: true });
    expect(Number.isFinite(a.value as number)).toBe(true);
    const tol = TOLERANCE[c.tol]!;
    expect(compareNumber(a.value as number, b.value as number, tol.rtol, tol.atol)).toBeNull();
    // The overflowing block takes the f64x2 body (the scalar bits); the in-range blocks keep their f32 results.
    expect(Array.from(a.grad.subarray(0, 4))).toEqual(Array.from(b.grad.subarray(0, 4)));
    expect(compareArrays(a.grad, b.grad, tol.grtol, tol.gatol)).toBeNull();
  });
});
