import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, logit, prob } from '../helpers/generate.js';
import { parityOf, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// qualityFocalLoss against the reference: logits include ±1e4, ±1e30 and ±Infinity; targets are GFL-shaped (one
// quality in [0, 1] per row, 0 elsewhere) or any values in [0, 1] with 0 and 1 likely; beta 0, below 1, 1, 2, 3.
// Rows 0–9 of 1–5 classes, rows crossing the buffer, and rows longer than the buffer (segments).
function gen(rows: number, C: number): fc.Arbitrary<Case> {
  const options = fc.constantFrom(undefined, 0, 0.5, 1, 2, 3).map((beta) => (beta === undefined ? { numClasses: C } : { numClasses: C, beta }));
  const gfl = fc.array(fc.tuple(fc.integer({ min: 0, max: C - 1 }), prob), { minLength: rows, maxLength: rows }).map((a) => {
    const t = new Float32Array(rows * C);
    a.forEach(([c, q], r) => { t[r * C + c] = q; });
    return t;
  });
  return fc.record({
    input: f32Array(rows * C, logit),
    target: fc.oneof(gfl, f32Array(rows * C, prob)),
    options,
  });
}

async function run(build: 'simd' | 'mvp', shapes: [number, number, number][]): Promise<void> {
  const el = await load(build);
  for (const [rows, C, runs] of shapes) {
    fc.assert(
      fc.property(gen(rows, C), (c) => {
        const why = parityOf(el, 'qualityFocalLoss', c, TOLERANCE.qfl!);
        if (why) throw new Error(`rows=${rows} C=${C} options=${JSON.stringify(c.options)}: ${why}`);
      }),
      { seed: SEED + rows * 7 + C, numRuns: runs },
    );
  }
}

type Fn = (x: unknown, y: unknown, o: Record<string, unknown>) => unknown;

describe.each(BUILDS)('qualityFocalLoss on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`matches the reference on 0–9 rows of 1–5 classes${why}`, async () => {
    const shapes: [number, number, number][] = [];
    for (let rows = 0; rows <= 9; rows++) for (const C of [1, 2, 3, 5]) shapes.push([rows, C, 6]);
    await run(build, shapes);
  });
  it.skipIf(skip)(`matches the reference when rows cross the buffer and when one row is longer than it${why}`, async () => {
    const el = await load(build);
    const per = Math.floor(el.capacity / 3);
    await run(build, [[per - 1, 3, 2], [per, 3, 2], [per + 1, 3, 2], [1, el.capacity + 3, 2], [3, 2 * el.capacity + 1, 1]]);
  });
  it.skipIf(skip)(`throws the same errors as the reference${why}`, async () => {
    const el = await load(build);
    const bad: [unknown, unknown, Record<string, unknown>, string, string][] = [
      [[0, 1], [0, 1.5], { numClasses: 2 }, 'E_RANGE', 'target'],
      [[0, 1], Float64Array.from([0, 1 + 1e-12]), { numClasses: 2 }, 'E_RANGE', 'target'],
      [[0, 1], [0, 1], {}, 'E_OPTION', 'options.numClasses'],
      [[0, 1], [0, 1], { numClasses: 2, beta: -1 }, 'E_OPTION', 'options.beta'],
      [[0, 1, 2], [0, 1, 0], { numClasses: 2 }, 'E_SHAPE', 'input'],
      [[0, 1], [0], { numClasses: 2 }, 'E_LENGTH', 'target'],
    ];
    for (const [x, t, o, code, arg] of bad) {
      for (const api of [el, reference]) {
        let err: unknown = null;
        try {
          (api.qualityFocalLoss as unknown as Fn)(x, t, o);
        } catch (e) {
          err = e;
        }
        expect(err, JSON.stringify(o)).toBeInstanceOf(EdgeLossError);
        expect((err as EdgeLossError).code).toBe(code);
        expect((err as EdgeLossError).arg).toBe(arg);
      }
    }
  });
});
