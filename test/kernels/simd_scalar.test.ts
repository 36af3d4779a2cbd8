import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference, type EdgeLoss } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, logit, prob } from '../helpers/generate.js';
import { REDUCTIONS } from '../helpers/parity.js';
import { compareArrays, compareNumber, TOLERANCE } from '../helpers/tolerance.js';

// The SIMD path of BCE-with-logits (f32x4 per element) and sigmoid focal (f32x4 exp/log1p from
// assembly/math/simd_math.ts, its factors in f64; docs/semantics.md) against the scalar path (the MVP build, all f64)
// on the same inputs, under the loss's parity tolerance.
// Lengths 1–9 and 4096 ± 1 put every tail length 1–7 (and 0) behind full blocks of 4; tail elements run the scalar
// loop in both builds, so they must be bit-identical there.

type Fn = (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => GradResult<Float32Array>;
const LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 4095, 4096, 4097];

const cases: { api: 'binaryCrossEntropyWithLogits' | 'sigmoidFocalLoss'; tol: keyof typeof TOLERANCE; options: fc.Arbitrary<Record<string, unknown>> }[] = [
  {
    api: 'binaryCrossEntropyWithLogits',
    tol: 'bce_logits',
    options: fc.constantFrom<Record<string, unknown>>({}, { weight: [1.5] }, { posWeight: [2.5] }, { weight: [0], posWeight: [3] }),
  },
  {
    api: 'sigmoidFocalLoss',
    tol: 'sigmoid_focal',
    options: fc.record({ alpha: fc.constantFrom(0.25, -1, 0, 1), gamma: fc.constantFrom(0, 0.5, 1, 1.5, 2, 3) }),
  },
];

function differ(simd: EdgeLoss, mvp: EdgeLoss, api: string, tol: keyof typeof TOLERANCE, n: number, x: Float32Array, t: Float32Array, o: Record<string, unknown>): string | null {
  const t0 = TOLERANCE[tol]!;
  for (const reduction of REDUCTIONS) {
    const oo = { ...o, reduction, grad: true };
    const a = (simd[api as keyof EdgeLoss] as unknown as Fn)(x, t, oo);
    const b = (mvp[api as keyof EdgeLoss] as unknown as Fn)(x, t, oo);
    const v = typeof b.value === 'number'
      ? compareNumber(a.value as number, b.value, t0.rtol, t0.atol)
      : compareArrays(a.value as Float32Array, b.value as Float32Array, t0.rtol, t0.atol);
    if (v) return `${reduction} value: ${v}`;
    const g = compareArrays(a.grad, b.grad, t0.grtol, t0.gatol);
    if (g) return `${reduction} grad: ${g}`;
    if (reduction === 'none' && n <= 4096) {
      // The tail (the last n mod 4 elements) is the scalar loop in both builds: identical bits.
      for (let i = n - (n % 4); i < n; i++) {
        const av = (a.value as Float32Array)[i]!;
        const bv = (b.value as Float32Array)[i]!;
        const ag = a.grad[i]!;
        const bg = b.grad[i]!;
        const same = (p: number, q: number) => p === q || (Number.isNaN(p) && Number.isNaN(q));
        if (!same(av, bv) || !same(ag, bg)) return `tail index ${i}: value ${av} vs ${bv}, grad ${ag} vs ${bg}`;
      }
    }
  }
  return null;
}

describe.each(cases)('$api: the SIMD path equals the scalar path within the parity tolerance', ({ api, tol, options }) => {
  const skip = !buildAvailable('simd');
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';

  it.skipIf(skip)(`for lengths 1–9 and 4096 ± 1, infinite logits included${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    for (const n of LENGTHS) {
      fc.assert(
        fc.property(f32Array(n, logit), f32Array(n, prob), options, (x, t, o) => {
          const why2 = differ(simd, mvp, api, tol, n, x, t, o);
          if (why2) throw new Error(`n=${n} options=${JSON.stringify(o)}: ${why2}`);
        }),
        { seed: SEED + 17 * n, numRuns: n > 100 ? 6 : 60 },
      );
    }
    expect(true).toBe(true);
  });

  it.skipIf(skip)(`on a dense sweep of logits in [-110, 110] and the extremes${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const n = 4096;
    const extremes = [0, -0, 1e-30, -1e-30, 1e4, -1e4, 1e30, -1e30, Infinity, -Infinity, 87.3, -87.3, 103.9, -103.9];
    for (const tv of [0, 1, 0.5, 0.25, 1e-3]) {
      const x = Float32Array.from({ length: n }, (_, i) => (i < extremes.length ? extremes[i]! : -110 + (220 * i) / n));
      const t = new Float32Array(n).fill(tv);
      for (const o of [{}, { alpha: 0.25, gamma: 2 }]) {
        if (api === 'binaryCrossEntropyWithLogits' && 'gamma' in o) continue;
        const why2 = differ(simd, mvp, api, tol, n, x, t, o);
        if (why2) throw new Error(`target ${tv} options=${JSON.stringify(o)}: ${why2}`);
      }
    }
    expect(true).toBe(true);
  });

  it.skipIf(skip)(`reports a target outside [0, 1] at the same index, inside a block of 4 or in the tail${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const x = Float32Array.from({ length: 9 }, (_, i) => i - 4);
    for (let bad = 0; bad < 9; bad++) {
      for (const v of [1.5, -0.5, NaN]) {
        const t = new Float32Array(9).fill(0.5);
        t[bad] = v;
        const err = (el: EdgeLoss) => {
          try {
            (el[api] as unknown as Fn)(x, t, { grad: true });
          } catch (e) {
            return e as EdgeLossError;
          }
          return null;
        };
        const a = err(simd);
        const b = err(mvp);
        expect(a, `bad ${v} at ${bad}`).toBeInstanceOf(EdgeLossError);
        expect(b).toBeInstanceOf(EdgeLossError);
        expect([a!.code, a!.arg, a!.message]).toEqual([b!.code, b!.arg, b!.message]);
      }
    }
  });
});

// Regression: the f32x4 exp used to return e^-87 instead of 0 below -87, and the focal losses multiply e (as 1 - p)
// by ce ≈ |x|, so at x = 3e38 the SIMD gradient was 8.16 where it is 0.75 (sigmoid focal, VFL alike; QFL 10.9 vs 1).
describe('focal-family gradients at logits near the float32 maximum (SIMD blocks of 8)', () => {
  const skip = !buildAvailable('simd');
  it.skipIf(skip)(`equal the reference${skip ? ` (skipped: ${SIMD_SKIP_REASON})` : ''}`, async () => {
    const simd = await load('simd');
    for (const big of [1e32, 1e36, 3e38, -3e38]) {
      const x = Float32Array.of(big, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8);
      const t = new Float32Array(9);
      if (big < 0) t[0] = 1;
      const cases: [string, Record<string, unknown>][] = [
        ['sigmoidFocalLoss', { alpha: 0.25, gamma: 2 }],
        ['sigmoidFocalLoss', { alpha: -1, gamma: 5 }],
        ['varifocalLoss', { numClasses: 1 }],
        ['qualityFocalLoss', { numClasses: 9 }],
      ];
      for (const [api, o] of cases) {
        const oo = { ...o, reduction: 'sum', grad: true };
        const a = (simd[api as keyof EdgeLoss] as unknown as Fn)(x, t, oo);
        const r = (reference[api as keyof typeof reference] as unknown as (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => GradResult<Float64Array>)(x, t, oo);
        const tol = TOLERANCE[api === 'sigmoidFocalLoss' ? 'sigmoid_focal' : api === 'varifocalLoss' ? 'vfl' : 'qfl']!;
        expect(compareArrays(a.grad, r.grad, tol.grtol, tol.gatol), `${api} x[0]=${big} ${JSON.stringify(o)}`).toBeNull();
      }
    }
  });
});
