import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, real } from '../helpers/generate.js';
import { parityOf, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// distributionFocalLoss against the reference, both conventions, with and without clamping: targets at 0, at
// integers, inside the bins and beyond the clamp bound; logits include ±1e4 and ±1e30 everywhere, and ±Infinity
// with non-integer targets (an integer y with −Infinity at bin tr is 0 here by the zero-coefficient rule, NaN in the
// reference's plain product; not a promised limit). Rows 0–9 and rows crossing the buffer.
const finiteLogit = fc.oneof({ weight: 8, arbitrary: real(20) }, { weight: 1, arbitrary: fc.constantFrom(1e4, -1e4, 1e30, -1e30) });
const anyLogit = fc.oneof({ weight: 8, arbitrary: real(20) }, { weight: 1, arbitrary: fc.constantFrom(1e4, -1e4, Infinity, -Infinity) });

function gen(rows: number, regMax: number, convention: 'ultralytics' | 'mmdet'): fc.Arbitrary<Case> {
  const bins = convention === 'ultralytics' ? regMax : regMax + 1;
  const top = bins - 1;
  const clamped = fc.oneof(
    fc.double({ min: 0, max: regMax + 1, noNaN: true }),
    fc.integer({ min: 0, max: regMax + 1 }),
    fc.constantFrom(0, top - 0.005, top, 1e6),
  );
  // Below top by more than f32 rounding (a double just under top would round to top in the Float32Array).
  const inside = fc.oneof(fc.double({ min: 0, max: top - 1e-3, noNaN: true }), fc.integer({ min: 0, max: top - 1 }));
  const fraction = fc.tuple(fc.integer({ min: 0, max: top - 1 }), fc.double({ min: 0.05, max: 0.95, noNaN: true })).map(([i, f]) => i + f);
  const base = { regMax, convention };
  return fc.oneof(
    fc.record({ input: f32Array(rows * bins, finiteLogit), target: f32Array(rows, clamped), options: fc.constant(base) }),
    fc.record({ input: f32Array(rows * bins, finiteLogit), target: f32Array(rows, inside), options: fc.constant({ ...base, clampTarget: false }) }),
    fc.record({ input: f32Array(rows * bins, anyLogit), target: f32Array(rows, fraction), options: fc.constant(base) }),
  );
}

async function run(build: 'simd' | 'mvp', shapes: [number, number, 'ultralytics' | 'mmdet', number][]): Promise<void> {
  const el = await load(build);
  for (const [rows, regMax, convention, runs] of shapes) {
    fc.assert(
      fc.property(gen(rows, regMax, convention), (c) => {
        const why = parityOf(el, 'distributionFocalLoss', c, TOLERANCE.dfl!);
        if (why) throw new Error(`rows=${rows} options=${JSON.stringify(c.options)} target=${Array.from(c.target).slice(0, 6)}: ${why}`);
      }),
      { seed: SEED + rows * 7 + regMax, numRuns: runs },
    );
  }
}

type Fn = (x: unknown, y: unknown, o: Record<string, unknown>) => unknown;

describe.each(BUILDS)('distributionFocalLoss on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`matches the reference on 0–9 rows, both conventions, clamped and unclamped${why}`, async () => {
    const shapes: [number, number, 'ultralytics' | 'mmdet', number][] = [];
    for (let rows = 0; rows <= 9; rows++) {
      for (const regMax of [2, 3, 16]) shapes.push([rows, regMax, 'ultralytics', 6]);
      for (const regMax of [1, 4, 16]) shapes.push([rows, regMax, 'mmdet', 6]);
    }
    await run(build, shapes);
  });
  it.skipIf(skip)(`matches the reference when the rows cross the buffer${why}`, async () => {
    const el = await load(build);
    const per = Math.floor(el.capacity / 16);
    await run(build, [[per - 1, 16, 'ultralytics', 2], [per, 16, 'ultralytics', 2], [per + 1, 16, 'ultralytics', 2], [2 * per + 3, 15, 'mmdet', 2]]);
  });
  it.skipIf(skip)(`gives softmax − wl·onehot(tl) − wr·onehot(tr) and clamps as each peer${why}`, async () => {
    const el = await load(build);
    const x = new Float32Array(16);
    const r = el.distributionFocalLoss(x, [2.25], { reduction: 'sum', grad: true }) as GradResult<Float32Array>;
    expect(r.value).toBeCloseTo(Math.log(16), 6);
    expect(r.grad[2]).toBeCloseTo(1 / 16 - 0.75, 6);
    expect(r.grad[3]).toBeCloseTo(1 / 16 - 0.25, 6);
    expect(r.grad[0]).toBeCloseTo(1 / 16, 6);
    const u = el.distributionFocalLoss(x, [100], { reduction: 'sum', grad: true }) as GradResult<Float32Array>;
    expect(u.grad[14]).toBeCloseTo(1 / 16 - 0.01, 6); // y clamped to 14.99: wl = 0.01 on bin 14, wr = 0.99 on bin 15
    expect(u.grad[15]).toBeCloseTo(1 / 16 - 0.99, 6);
    const m = el.distributionFocalLoss(new Float32Array(17), [100], { convention: 'mmdet', reduction: 'sum', grad: true }) as GradResult<Float32Array>;
    expect(m.grad[15]).toBeCloseTo(1 / 17 - 0.1, 6); // y clamped to 15.9
    expect(m.grad[16]).toBeCloseTo(1 / 17 - 0.9, 6);
  });
  it.skipIf(skip)(`throws the same errors as the reference${why}`, async () => {
    const el = await load(build);
    const x4 = new Float32Array(4);
    const bad: [unknown, unknown, Record<string, unknown>, string, string][] = [
      [x4, [-0.5], { regMax: 4 }, 'E_RANGE', 'target'],
      [x4, [NaN], { regMax: 4 }, 'E_RANGE', 'target'],
      [x4, [3], { regMax: 4, clampTarget: false }, 'E_RANGE', 'target'],
      [x4, Float64Array.from([-1e-60]), { regMax: 4 }, 'E_RANGE', 'target'],
      [x4, [1], { regMax: 4, clampTarget: 1 }, 'E_OPTION', 'options.clampTarget'],
      [x4, [1], { regMax: 1 }, 'E_OPTION', 'options.regMax'],
      [x4, [1], { regMax: 2.5 }, 'E_OPTION', 'options.regMax'],
      [x4, [1], { regMax: 4, convention: 'torchvision' }, 'E_OPTION', 'options.convention'],
      [x4, [1], { regMax: 4, convention: 'mmdet' }, 'E_SHAPE', 'input'],
    ];
    for (const [x, t, o, code, arg] of bad) {
      for (const api of [el, reference]) {
        let err: unknown = null;
        try {
          (api.distributionFocalLoss as unknown as Fn)(x, t, o);
        } catch (e) {
          err = e;
        }
        expect(err, JSON.stringify(o)).toBeInstanceOf(EdgeLossError);
        expect((err as EdgeLossError).code, JSON.stringify(o)).toBe(code);
        expect((err as EdgeLossError).arg).toBe(arg);
      }
    }
    expect(() => el.distributionFocalLoss(new Float32Array(el.capacity + 1), [1], { regMax: el.capacity + 1 })).toThrow(/options\.regMax.*E_SHAPE/);
    // −1e-60 in a Float32Array is −0, which is in the domain (≥ 0) for both.
    expect(() => el.distributionFocalLoss(x4, Float32Array.from([-1e-60]), { regMax: 4 })).not.toThrow();
  });
});
