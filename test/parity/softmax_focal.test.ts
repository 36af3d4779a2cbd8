import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, logit, real } from '../helpers/generate.js';
import { parityOf, type Case } from '../helpers/parity.js';
import { TOLERANCE, compareArrays } from '../helpers/tolerance.js';

// softmaxFocalLoss against the reference: index targets (with ignoreIndex rows and label smoothing) and probability
// targets; alpha and gamma (0, below 1, 1, 2, 3); logits include ±1e4, ±1e30 and ±Infinity. Rows 0–9 of 1–5
// classes, and rows crossing the buffer (capacity/C ± 1 and more).
function gen(rows: number, C: number): fc.Arbitrary<Case> {
  const opts = fc.record({
    alpha: fc.constantFrom(undefined, 0.25, 1, 0),
    gamma: fc.constantFrom(undefined, 0, 0.5, 1, 2, 3),
    labelSmoothing: fc.constantFrom(undefined, 0, 0.1, 1),
  });
  const index = fc.record({
    input: f32Array(rows * C, logit),
    target: fc.array(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: C - 1 }) }, { weight: 1, arbitrary: fc.constant(-100) }), { minLength: rows, maxLength: rows }).map((a) => Int32Array.from(a)),
    options: opts.map((o) => clean({ numClasses: C, ...o })),
  });
  const probRow = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: C, maxLength: C }).map((r) => {
    const s = r.reduce((a, b) => a + b, 0);
    return s > 0 ? r.map((v) => v / s) : r;
  });
  const probs = fc.record({
    input: f32Array(rows * C, fc.oneof({ weight: 6, arbitrary: real(30) }, { weight: 1, arbitrary: fc.constantFrom(1e4, -1e4, -Infinity) })),
    target: fc.array(probRow, { minLength: rows, maxLength: rows }).map((a) => Float32Array.from(a.flat())),
    options: opts.map((o) => clean({ numClasses: C, ...o })),
  });
  return fc.oneof(index, probs);
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
  return r;
}

async function run(build: 'simd' | 'mvp', shapes: [number, number, number][]): Promise<void> {
  const el = await load(build);
  for (const [rows, C, runs] of shapes) {
    fc.assert(
      fc.property(gen(rows, C), (c) => {
        const why = parityOf(el, 'softmaxFocalLoss', c, TOLERANCE.softmax_focal!);
        if (why) throw new Error(`rows=${rows} C=${C} options=${JSON.stringify(c.options)}: ${why}`);
      }),
      { seed: SEED + rows * 7 + C, numRuns: runs },
    );
  }
}

type Fn = (x: unknown, y: unknown, o: Record<string, unknown>) => unknown;

describe.each(BUILDS)('softmaxFocalLoss on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`matches the reference on 0–9 rows of 1–5 classes, both target kinds${why}`, async () => {
    const shapes: [number, number, number][] = [];
    for (let rows = 0; rows <= 9; rows++) for (const C of [1, 2, 3, 5]) shapes.push([rows, C, 6]);
    await run(build, shapes);
  });
  it.skipIf(skip)(`matches the reference when the rows cross the buffer${why}`, async () => {
    const el = await load(build);
    const per = Math.floor(el.capacity / 3);
    await run(build, [[per - 1, 3, 2], [per, 3, 2], [per + 1, 3, 2], [2 * per + 1, 3, 2], [1, el.capacity, 1]]);
  });
  it.skipIf(skip)(`equals crossEntropy with gamma 0 and alpha 1${why}`, async () => {
    const el = await load(build);
    const x = Float32Array.from([0.2, -1, 3, 1e4, -Infinity, 0.5, 2, 2, 2]);
    for (const target of [Int32Array.from([2, 0, -100]), Float32Array.from([0.1, 0.2, 0.7, 1, 0, 0, 0.3, 0.3, 0.4])]) {
      for (const reduction of ['mean', 'sum', 'none'] as const) {
        const o = { numClasses: 3, reduction, grad: true, labelSmoothing: 0.1 };
        const f = el.softmaxFocalLoss(x, target, { ...o, gamma: 0, alpha: 1 }) as GradResult<Float32Array>;
        const ce = el.crossEntropy(x, target, o) as GradResult<Float32Array>;
        const vals = (v: number | Float32Array) => (typeof v === 'number' ? [v] : Array.from(v));
        const fv = vals(f.value), cv = vals(ce.value);
        expect(compareArrays(fv, cv, 1e-6, 1e-7), `${reduction} value`).toBeNull();
        expect(compareArrays(f.grad, ce.grad, 1e-6, 1e-7), `${reduction} grad`).toBeNull();
      }
    }
  });
  it.skipIf(skip)(`refuses more classes than the buffer holds, and throws the reference's errors${why}`, async () => {
    const el = await load(build);
    const C = el.capacity + 1;
    expect(() => el.softmaxFocalLoss(new Float32Array(C), Int32Array.from([0]), { numClasses: C })).toThrow(/options\.numClasses.*E_SHAPE/);
    const bad: [unknown, unknown, Record<string, unknown>, string, string][] = [
      [[0, 1], Int32Array.from([2]), { numClasses: 2 }, 'E_RANGE', 'target'],
      [[0, 1], [0.5, 0.5], { numClasses: 2, ignoreIndex: 1 }, 'E_OPTION', 'options.ignoreIndex'],
      [[0, 1], Int32Array.from([0]), {}, 'E_OPTION', 'options.numClasses'],
      [[0, 1], Int32Array.from([0]), { numClasses: 2, gamma: -0.5 }, 'E_OPTION', 'options.gamma'],
      [[0, 1], Int32Array.from([0]), { numClasses: 2, alpha: -1 }, 'E_OPTION', 'options.alpha'],
      [[0, 1], Int32Array.from([0]), { numClasses: 2, weight: [1, 2] }, 'E_OPTION', 'options.weight'],
      [[0, 1, 2], Int32Array.from([0]), { numClasses: 2 }, 'E_SHAPE', 'input'],
    ];
    for (const [x, t, o, code, arg] of bad) {
      for (const api of [el, reference]) {
        let err: unknown = null;
        try {
          (api.softmaxFocalLoss as unknown as Fn)(x, t, o);
        } catch (e) {
          err = e;
        }
        expect(err, JSON.stringify(o)).toBeInstanceOf(EdgeLossError);
        expect((err as EdgeLossError).code, JSON.stringify(o)).toBe(code);
        expect((err as EdgeLossError).arg).toBe(arg);
      }
    }
  });
});
