import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EdgeLoss } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, logit, prob, real } from '../helpers/generate.js';
import { REDUCTIONS } from '../helpers/parity.js';
import { compareArrays, compareNumber, TOLERANCE } from '../helpers/tolerance.js';

// The SIMD paths of the classification losses against the scalar path (the MVP build) on the same inputs, under each
// loss's parity tolerance, for every reduction with the gradient:
// - cross-entropy: rows of C = 1–9, 16, 80 classes (the class tail of 1–3 after pairs and blocks of 4 in every
//   row), index targets with ignore_index rows, class weights and label smoothing, probability targets, rows across
//   the 4096-element buffer, and rows longer than it (the segment kernels with the online log-sum-exp);
// - DFL: rows of 2–17 bins, both conventions, rows across the buffer;
// - softmax focal: rows of 1–9 and 80 classes, index and probability targets, smoothing, γ = 2 and others, rows
//   with a dominant class (q = 1 - p near 0);
// - BCE with logits, sigmoid focal and VFL: lengths that leave a tail of 1–7 after the (pairs of) blocks of 4,
//   around the buffer capacity, hard (0/1) and soft targets (separate SIMD loops), weights, and chunks that fall back
//   to the scalar loop (non-finite logits) next to chunks that do not;
// - QFL: rows of 1–9 and 80 elements (the SIMD blocks run within each row), targets near σ(x) where d = σ(x) - t
//   cancels, β = 2 (f32 e) and other β (f64 e).
// Logits are mostly ordinary reals, with ±1e4, ±1e30 and ±Infinity mixed in, so rows and chunks that leave the SIMD
// path for the scalar one are covered too.

type Fn = (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => GradResult<Float32Array> | number | Float32Array;

function differ(simd: EdgeLoss, mvp: EdgeLoss, api: keyof EdgeLoss, tol: keyof typeof TOLERANCE, x: ArrayLike<number>, t: ArrayLike<number>, o: Record<string, unknown>): string | null {
  const t0 = TOLERANCE[tol]!;
  for (const reduction of REDUCTIONS) {
    const oo = { ...o, reduction, grad: true };
    const a = (simd[api] as unknown as Fn)(x, t, oo) as GradResult<Float32Array>;
    const b = (mvp[api] as unknown as Fn)(x, t, oo) as GradResult<Float32Array>;
    const v = typeof b.value === 'number'
      ? compareNumber(a.value as number, b.value, t0.rtol, t0.atol)
      : compareArrays(a.value as Float32Array, b.value as Float32Array, t0.rtol, t0.atol);
    if (v) return `${reduction} value: ${v}`;
    const g = compareArrays(a.grad, b.grad, t0.grtol, t0.gatol);
    if (g) return `${reduction} grad: ${g}`;
    // Without the gradient: the same value.
    const plain = (simd[api] as unknown as Fn)(x, t, { ...o, reduction });
    const same = typeof plain === 'number'
      ? compareNumber(plain, a.value as number, 0, 0)
      : compareArrays(plain as Float32Array, a.value as Float32Array, 0, 0);
    if (same) return `${reduction} value without grad differs: ${same}`;
  }
  return null;
}

const skip = !buildAvailable('simd');
const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';

describe('crossEntropy: the SIMD path equals the scalar path within the parity tolerance', () => {
  const rowLogit = (extremes: boolean) => (extremes ? logit : real(20));

  function cases(rows: number, C: number, extremes: boolean) {
    const weight = fc.oneof(fc.constant(undefined), f32Array(C, fc.double({ min: 0, max: 2, noNaN: true })));
    const smoothing = fc.constantFrom(0, 0, 0.1, 1);
    const index = fc.record({
      x: f32Array(rows * C, rowLogit(extremes)),
      t: fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: C - 1 }) }, { weight: 1, arbitrary: fc.constant(-100) }), { minLength: rows, maxLength: rows }).map((a) => Int32Array.from(a)),
      o: fc.record({ weight, labelSmoothing: smoothing }),
    });
    const probRow = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: C, maxLength: C }).map((r) => {
      const s = r.reduce((a, b) => a + b, 0);
      return s > 0 ? r.map((v) => v / s) : r;
    });
    const probs = fc.record({
      x: f32Array(rows * C, extremes ? fc.oneof({ weight: 6, arbitrary: real(30) }, { weight: 1, arbitrary: fc.constantFrom(1e4, -1e4, -Infinity) }) : real(30)),
      t: fc.array(probRow, { minLength: rows, maxLength: rows }).map((a) => Float32Array.from(a.flat())),
      o: fc.record({ weight, labelSmoothing: smoothing }),
    });
    return fc.oneof(index, probs);
  }

  async function check(shapes: [number, number, number][], extremes: boolean): Promise<void> {
    const simd = await load('simd');
    const mvp = await load('mvp');
    for (const [rows, C, runs] of shapes) {
      fc.assert(
        fc.property(cases(rows, C, extremes), ({ x, t, o }) => {
          const opts: Record<string, unknown> = { numClasses: C, labelSmoothing: o.labelSmoothing };
          if (o.weight) opts.weight = o.weight;
          const d = differ(simd, mvp, 'crossEntropy', 'cross_entropy', x, t, opts);
          if (d) throw new Error(`rows=${rows} C=${C} ${t instanceof Int32Array ? 'index' : 'prob'} weight=${!!o.weight} ε=${o.labelSmoothing}: ${d}`);
        }),
        { seed: SEED + 31 * rows + C, numRuns: runs },
      );
    }
    expect(true).toBe(true);
  }

  it.skipIf(skip)(`on rows of 1–9, 16 and 80 classes, finite logits${why}`, async () => {
    const shapes: [number, number, number][] = [];
    for (const C of [1, 2, 3, 4, 5, 6, 7, 8, 9, 16]) for (const rows of [1, 2, 3, 7]) shapes.push([rows, C, 8]);
    shapes.push([1, 80, 10], [5, 80, 6], [51, 80, 3]);
    await check(shapes, false);
  });

  it.skipIf(skip)(`with ±1e4, ±1e30 and ±Infinity logits (rows left to the scalar path)${why}`, async () => {
    const shapes: [number, number, number][] = [];
    for (const C of [1, 2, 3, 5, 8, 9]) for (const rows of [1, 4]) shapes.push([rows, C, 8]);
    shapes.push([3, 80, 6]);
    await check(shapes, true);
  });

  it.skipIf(skip)(`when the rows cross the 4096-element buffer${why}`, async () => {
    await check([[51, 80, 2], [52, 80, 2], [103, 80, 1], [585, 7, 2], [586, 7, 1]], false);
  });

  it.skipIf(skip)(`on rows longer than the buffer (segments, online log-sum-exp)${why}`, async () => {
    const el = await load('simd');
    await check([[1, el.capacity + 3, 3], [2, el.capacity + 1, 2], [1, 2 * el.capacity + 5, 2]], false);
    await check([[2, el.capacity + 3, 2]], true);
  });
});

describe('distributionFocalLoss: the SIMD path equals the scalar path within the parity tolerance', () => {
  it.skipIf(skip)(`on 1–9 rows of 2–17 bins and rows across the buffer, both conventions${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const shapes: [number, number, 'ultralytics' | 'mmdet', number][] = [];
    for (const regMax of [2, 3, 4, 5, 7, 8, 9, 16]) for (const rows of [1, 3, 9]) shapes.push([rows, regMax, 'ultralytics', 5]);
    for (const regMax of [1, 4, 15, 16]) for (const rows of [1, 4]) shapes.push([rows, regMax, 'mmdet', 5]);
    const per = Math.floor(simd.capacity / 16);
    shapes.push([per, 16, 'ultralytics', 2], [per + 1, 16, 'ultralytics', 2], [2 * per + 3, 16, 'mmdet', 1]);
    for (const [rows, regMax, convention, runs] of shapes) {
      const bins = convention === 'ultralytics' ? regMax : regMax + 1;
      const lg = fc.oneof({ weight: 12, arbitrary: real(20) }, { weight: 1, arbitrary: fc.constantFrom(1e4, -1e4, 1e30, -1e30, Infinity, -Infinity) });
      const target = fc.oneof(fc.double({ min: 0, max: bins - 1.001, noNaN: true }), fc.integer({ min: 0, max: bins - 2 }));
      fc.assert(
        fc.property(f32Array(rows * bins, lg), f32Array(rows, target), (x, t) => {
          const d = differ(simd, mvp, 'distributionFocalLoss', 'dfl', x, t, { regMax, convention });
          if (d) throw new Error(`rows=${rows} regMax=${regMax} ${convention}: ${d}`);
        }),
        { seed: SEED + 13 * rows + regMax, numRuns: runs },
      );
    }
    expect(true).toBe(true);
  });
});

describe.each([
  { api: 'binaryCrossEntropyWithLogits' as const, tol: 'bce_logits' as const },
  { api: 'sigmoidFocalLoss' as const, tol: 'sigmoid_focal' as const },
  { api: 'varifocalLoss' as const, tol: 'vfl' as const },
])('$api: the SIMD loops equal the scalar path within the parity tolerance', ({ api, tol }) => {
  // Tails of 0–7 after the steps of 8, around one and two buffers.
  const LENGTHS = [8, 9, 10, 11, 12, 13, 14, 15, 16, 23, 4088, 4095, 4096, 4097, 4101, 8192 + 7];
  const options = api === 'binaryCrossEntropyWithLogits'
    ? (n: number) => fc.oneof(fc.constant({}), fc.constant({ weight: [2.5] }), fc.record({ weight: f32Array(n, fc.double({ min: 0, max: 3, noNaN: true })), posWeight: f32Array(n, fc.double({ min: 0, max: 3, noNaN: true })) }))
    : api === 'sigmoidFocalLoss'
      ? () => fc.record({ alpha: fc.constantFrom(0.25, -1, 0.5), gamma: fc.constantFrom(2, 0, 1, 0.5, 1.5) })
      : () => fc.record({ alpha: fc.constantFrom(0.75, 0, 2), gamma: fc.constantFrom(2, 0, 1, 0.5, 1.5), numClasses: fc.constant(1) });

  it.skipIf(skip)(`with hard and soft targets, tails of 1–7 and the buffer boundary${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    for (const n of LENGTHS) {
      fc.assert(
        fc.property(f32Array(n, real(20)), fc.boolean(), fc.integer({ min: 0, max: 0x7fffffff }), options(n), (x, soft, s, o) => {
          // Soft targets near σ(x) (where the gradient cancels) or anywhere in [0, 1], or hard 0/1 targets.
          let r = s;
          const next = () => ((r = (Math.imul(r, 1103515245) + 12345) >>> 0) / 4294967296);
          const t = Float32Array.from(x, (v) => (soft ? (next() < 0.5 ? Math.min(1, Math.max(0, 1 / (1 + Math.exp(-v)) + (next() - 0.5) * 0.01)) : next()) : next() < 0.5 ? 0 : 1));
          const d = differ(simd, mvp, api, tol, x, t, o);
          if (d) throw new Error(`n=${n} soft=${soft} options=${JSON.stringify(o).slice(0, 80)}: ${d}`);
        }),
        { seed: SEED + 29 * n, numRuns: n > 100 ? 4 : 20 },
      );
    }
    expect(true).toBe(true);
  });

  it.skipIf(skip)(`when one chunk falls back to the scalar loop (±Infinity, ±1e30 logits) and the next does not${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const n = 2 * simd.capacity + 13;
    fc.assert(
      fc.property(f32Array(n, real(20)), f32Array(n, prob), fc.constantFrom(Infinity, -Infinity, 1e30, -1e30, 1e4), fc.nat(simd.capacity - 1), options(n), (x, t, v, at, o) => {
        x[at] = v; // first chunk only
        const d = differ(simd, mvp, api, tol, x, t, o);
        if (d) throw new Error(`x[${at}] = ${v}: ${d}`);
      }),
      { seed: SEED + 5, numRuns: 10 },
    );
    expect(true).toBe(true);
  });

  it.skipIf(skip)(`on logits up to ±87 (e = exp(-|x|) down to the f32 clamp) and beyond${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const n = 4096;
    const x = Float32Array.from({ length: n }, (_, i) => -100 + (200 * i) / n);
    for (const tv of [0, 1, 0.5, 0.25, 1e-3]) {
      const t = new Float32Array(n).fill(tv);
      const opts = api === 'binaryCrossEntropyWithLogits' ? [{}, { weight: [3] }] : api === 'sigmoidFocalLoss' ? [{ alpha: 0.25, gamma: 2 }, { alpha: -1, gamma: 0.5 }] : [{ alpha: 0.75, gamma: 2, numClasses: 1 }, { alpha: 1, gamma: 0.5, numClasses: 1 }];
      for (const o of opts) {
        const d = differ(simd, mvp, api, tol, x, t, o);
        if (d) throw new Error(`target ${tv} ${JSON.stringify(o)}: ${d}`);
      }
    }
    expect(true).toBe(true);
  });
});

describe('qualityFocalLoss: the SIMD path equals the scalar path within the parity tolerance', () => {
  it.skipIf(skip)(`on rows of 1–9 and 80 elements, targets near σ(x), β = 2 and others${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const shapes: [number, number, number][] = [];
    for (const C of [1, 2, 3, 4, 5, 6, 7, 8, 9]) shapes.push([3, C, 6]);
    shapes.push([1, 80, 10], [7, 80, 4], [52, 80, 2]);
    for (const [rows, C, runs] of shapes) {
      const n = rows * C;
      fc.assert(
        fc.property(f32Array(n, logit), fc.integer({ min: 0, max: 0x7fffffff }), fc.constantFrom(2, 2, 0, 0.5, 1, 1.5, 3), (x, s, beta) => {
          let r = s;
          const next = () => ((r = (Math.imul(r, 1103515245) + 12345) >>> 0) / 4294967296);
          const t = Float32Array.from(x, (v) => (next() < 0.5 ? Math.min(1, Math.max(0, 1 / (1 + Math.exp(-v)) + (next() - 0.5) * 1e-3)) : next() < 0.5 ? next() : 0));
          const d = differ(simd, mvp, 'qualityFocalLoss', 'qfl', x, t, { numClasses: C, beta });
          if (d) throw new Error(`rows=${rows} C=${C} β=${beta}: ${d}`);
        }),
        { seed: SEED + 17 * rows + C, numRuns: runs },
      );
    }
    expect(true).toBe(true);
  });
});

describe('softmaxFocalLoss: the SIMD path equals the scalar path within the parity tolerance', () => {
  it.skipIf(skip)(`on rows of 1–9 and 80 classes, both target kinds, γ = 2 and others${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const shapes: [number, number, number][] = [];
    for (const C of [1, 2, 3, 4, 5, 7, 9]) shapes.push([3, C, 6]);
    shapes.push([1, 80, 8], [9, 80, 4], [52, 80, 2]);
    for (const [rows, C, runs] of shapes) {
      const rowLogits = fc.oneof({ weight: 4, arbitrary: f32Array(C, real(20)) }, { weight: 1, arbitrary: f32Array(C, real(2)).map((r) => { r[0] = 30; return r; }) }, { weight: 1, arbitrary: f32Array(C, logit) });
      const x = fc.array(rowLogits, { minLength: rows, maxLength: rows }).map((a) => Float32Array.from(a.flatMap((r) => Array.from(r))));
      const probRow = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: C, maxLength: C }).map((r) => {
        const sum = r.reduce((a, b) => a + b, 0);
        return sum > 0 ? r.map((v) => v / sum) : r;
      });
      const target = fc.oneof(
        fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: C - 1 }) }, { weight: 1, arbitrary: fc.constant(-100) }), { minLength: rows, maxLength: rows }).map((a) => Int32Array.from(a)),
        fc.array(probRow, { minLength: rows, maxLength: rows }).map((a) => Float32Array.from(a.flat())),
      );
      const o = fc.record({ gamma: fc.constantFrom(2, 2, 0, 0.5, 1.5), alpha: fc.constantFrom(0.25, 1), labelSmoothing: fc.constantFrom(0, 0.1) });
      fc.assert(
        fc.property(x, target, o, (xs, t, oo) => {
          const d = differ(simd, mvp, 'softmaxFocalLoss', 'softmax_focal', xs, t, { ...oo, numClasses: C });
          if (d) throw new Error(`rows=${rows} C=${C} ${t instanceof Int32Array ? 'index' : 'prob'} ${JSON.stringify(oo)}: ${d}`);
        }),
        { seed: SEED + 19 * rows + C, numRuns: runs },
      );
    }
    expect(true).toBe(true);
  });
});
