import fc from 'fast-check';
import { describe, it } from 'vitest';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, logit, real } from '../helpers/generate.js';
import { parityOf, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// crossEntropy against the reference: index targets (with ignoreIndex rows, class weights, label smoothing) and
// probability targets; logits include ±1e4, ±1e30 and ±Infinity. Rows: 0–9 and enough rows to cross the buffer
// (capacity/C ± 1 and more); rows longer than the buffer (C = capacity + 3) take the online log-sum-exp path.
function gen(rows: number, C: number): fc.Arbitrary<Case> {
  const weight = fc.oneof(fc.constant(undefined), f32Array(C, fc.double({ min: 0, max: 2, noNaN: true })));
  const smoothing = fc.constantFrom(0, 0, 0.1, 1);
  const index = fc.record({
    input: f32Array(rows * C, logit),
    target: fc.array(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: C - 1 }) }, { weight: 1, arbitrary: fc.constant(-100) }), { minLength: rows, maxLength: rows }).map((a) => Int32Array.from(a)),
    options: fc.record({ weight, labelSmoothing: smoothing }).map((o) => clean({ numClasses: C, ...o })),
  });
  const probRow = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: C, maxLength: C }).map((r) => {
    const s = r.reduce((a, b) => a + b, 0);
    return s > 0 ? r.map((v) => v / s) : r;
  });
  const probs = fc.record({
    input: f32Array(rows * C, fc.oneof({ weight: 6, arbitrary: real(30) }, { weight: 1, arbitrary: fc.constantFrom(1e4, -1e4, -Infinity) })),
    target: fc.array(probRow, { minLength: rows, maxLength: rows }).map((a) => Float32Array.from(a.flat())),
    options: fc.record({ weight, labelSmoothing: smoothing }).map((o) => clean({ numClasses: C, ...o })),
  });
  return fc.oneof(index, probs);
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
  return r;
}

function run(build: 'simd' | 'mvp', shapes: [number, number, number][]): Promise<void> {
  return load(build).then((el) => {
    for (const [rows, C, runs] of shapes) {
      fc.assert(
        fc.property(gen(rows, C), (c) => {
          const why = parityOf(el, 'crossEntropy', c, TOLERANCE.cross_entropy!);
          if (why) throw new Error(`rows=${rows} C=${C} options=${JSON.stringify({ ...c.options, weight: c.options.weight ? '[..]' : undefined })}: ${why}`);
        }),
        { seed: SEED + rows * 7 + C, numRuns: runs },
      );
    }
  });
}

describe.each(BUILDS)('crossEntropy on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`matches the reference on short inputs of 0–9 rows and 1–5 classes${why}`, async () => {
    const shapes: [number, number, number][] = [];
    for (let rows = 0; rows <= 9; rows++) for (const C of [1, 2, 3, 5]) shapes.push([rows, C, 6]);
    await run(build, shapes);
  });
  it.skipIf(skip)(`matches the reference when the rows cross the buffer (chunked rows)${why}`, async () => {
    const el = await load(build);
    const per = Math.floor(el.capacity / 3);
    await run(build, [[per - 1, 3, 2], [per, 3, 2], [per + 1, 3, 2], [2 * per + 1, 3, 2]]);
  });
  it.skipIf(skip)(`matches the reference when one row is longer than the buffer (online log-sum-exp)${why}`, async () => {
    const el = await load(build);
    await run(build, [[1, el.capacity + 3, 3], [2, el.capacity + 3, 2], [3, 2 * el.capacity + 1, 1]]);
  });
});
