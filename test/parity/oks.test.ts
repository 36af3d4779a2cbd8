import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, real } from '../helpers/generate.js';
import { parityOf, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// oksLoss against the reference: K = 1, 4 (default), 17 (COCO sigmas by default); areas 0, small and large; given
// or default sigmas; visibility absent, 0/1 (rows all invisible included) or fractional. Rows 0–9 and rows crossing
// the buffer (capacity/(2K) ± 1).
function gen(rows: number, K: number): fc.Arbitrary<Case> {
  const n = rows * 2 * K;
  const area = fc.array(fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom(0, 1, 100)), { minLength: rows, maxLength: rows });
  const sigmas = fc.oneof(fc.constant(undefined), fc.array(fc.double({ min: 0.01, max: 2, noNaN: true }), { minLength: K, maxLength: K }));
  const vis = fc.oneof(
    fc.constant(undefined),
    fc.array(fc.constantFrom(0, 1), { minLength: rows * K, maxLength: rows * K }),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: rows * K, maxLength: rows * K }),
  );
  return fc.record({
    input: f32Array(n, real(60)),
    target: f32Array(n, real(60)),
    options: fc.record({ area, sigmas, visibility: vis }).map((o) => {
      const r: Record<string, unknown> = { area: Float32Array.from(o.area) };
      if (K !== 4) r.numKeypoints = K;
      if (o.sigmas) r.sigmas = Float32Array.from(o.sigmas);
      if (o.visibility) r.visibility = Float32Array.from(o.visibility);
      return r;
    }),
  });
}

type Fn = (x: unknown, y: unknown, o: Record<string, unknown>) => unknown;

describe.each(BUILDS)('oksLoss on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`matches the reference for every reduction and option, short and chunked${why}`, async () => {
    const el = await load(build);
    const shapes: [number, number, number][] = [];
    for (let rows = 0; rows <= 9; rows++) for (const K of [1, 4, 17]) shapes.push([rows, K, 10]);
    const per = el.capacity / 8;
    shapes.push([per - 1, 4, 3], [per, 4, 3], [per + 1, 4, 3], [Math.floor(el.capacity / 34) + 1, 17, 3]);
    for (const [rows, K, runs] of shapes) {
      fc.assert(
        fc.property(gen(rows, K), (c) => {
          const w = parityOf(el, 'oksLoss', c, TOLERANCE.oks!);
          if (w) throw new Error(`rows=${rows} K=${K}: ${w}`);
        }),
        { seed: SEED + rows * 31 + K, numRuns: runs },
      );
    }
  });
  it.skipIf(skip)(`follows ultralytics: mean over N·K terms, 0 at a perfect match, invisible keypoints free${why}`, async () => {
    const el = await load(build);
    const pred = Float32Array.from([0, 0, 3, 4, 1, 1, 2, 2]);
    const gt = Float32Array.from([0, 0, 0, 0, 1, 1, 2, 2]);
    const area = [10, 5];
    const sig = [0.5, 0.25];
    const r = el.oksLoss(pred, gt, { numKeypoints: 2, area, sigmas: sig, reduction: 'none', grad: true }) as GradResult<Float32Array>;
    const e = 25 / ((2 * 0.25) ** 2 * (10 + 1e-9) * 2);
    const f = 2 / (2 + 1e-9);
    expect((r.value as Float32Array)[0]).toBeCloseTo((f * (1 - Math.exp(-e))) / 2, 6);
    expect((r.value as Float32Array)[1]).toBe(0);
    const mean = el.oksLoss(pred, gt, { numKeypoints: 2, area, sigmas: sig }) as number;
    expect(mean).toBeCloseTo((f * (1 - Math.exp(-e))) / 4, 7); // ultralytics: .mean() over N·K = 4 terms
    const hidden = el.oksLoss(pred, gt, { numKeypoints: 2, area, sigmas: sig, visibility: [1, 0, 1, 1], reduction: 'none', grad: true }) as GradResult<Float32Array>;
    expect((hidden.value as Float32Array)[0]).toBe(0);
    expect(Array.from(hidden.grad.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });
  it.skipIf(skip)(`defaults sigmas to COCO's for K = 17 and to 1/K otherwise${why}`, async () => {
    const el = await load(build);
    const coco = [0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89].map((s) => s / 10);
    const x = Float32Array.from({ length: 34 }, (_, i) => (i * 7) % 5);
    const y = new Float32Array(34);
    expect(el.oksLoss(x, y, { numKeypoints: 17, area: [50] })).toBe(el.oksLoss(x, y, { numKeypoints: 17, area: [50], sigmas: coco }));
    const x4 = x.subarray(0, 8);
    expect(el.oksLoss(x4, y.subarray(0, 8), { area: [50] })).toBe(el.oksLoss(x4, y.subarray(0, 8), { area: [50], sigmas: [0.25, 0.25, 0.25, 0.25] }));
  });
  it.skipIf(skip)(`throws the same errors as the reference${why}`, async () => {
    const el = await load(build);
    const z = new Float32Array(8);
    const bad: [unknown, unknown, Record<string, unknown>, string, string][] = [
      [z, z, {}, 'E_OPTION', 'options.area'],
      [z, z, { area: [1, 2] }, 'E_SHAPE', 'options.area'],
      [z, z, { area: [-1] }, 'E_RANGE', 'options.area'],
      [z, z, { area: [1], sigmas: [1, 1, 1] }, 'E_SHAPE', 'options.sigmas'],
      [z, z, { area: [1], sigmas: [1, 0, 1, 1] }, 'E_RANGE', 'options.sigmas'],
      [z, z, { area: [1], visibility: [1, 1] }, 'E_SHAPE', 'options.visibility'],
      [z, z, { area: [1], visibility: [1, NaN, 1, 1] }, 'E_RANGE', 'options.visibility'],
      [new Float32Array(6), new Float32Array(6), { area: [1] }, 'E_SHAPE', 'input'],
      [z, z, { area: [1], numKeypoints: 1.5 }, 'E_OPTION', 'options.numKeypoints'],
    ];
    for (const [x, t, o, code, arg] of bad) {
      for (const api of [el, reference]) {
        let err: unknown = null;
        try {
          (api.oksLoss as unknown as Fn)(x, t, o);
        } catch (e) {
          err = e;
        }
        expect(err, JSON.stringify(o)).toBeInstanceOf(EdgeLossError);
        expect((err as EdgeLossError).code, JSON.stringify(o)).toBe(code);
        expect((err as EdgeLossError).arg).toBe(arg);
      }
    }
    const K = el.capacity / 2 + 1;
    expect(() => el.oksLoss(new Float32Array(2 * K), new Float32Array(2 * K), { numKeypoints: K, area: [1] })).toThrow(/options\.numKeypoints.*E_SHAPE/);
  });
});
