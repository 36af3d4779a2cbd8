import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, real } from '../helpers/generate.js';
import { parityOf, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// wingLoss against the reference: keypoints [N, K·2] for K = 1, 4 (default), 17; errors on both sides of ω (the
// log and the linear piece), exact zeros; omega/epsilon defaults and others. Rows 0–9 and rows crossing the buffer.
const coord = fc.oneof({ weight: 6, arbitrary: real(40) }, { weight: 1, arbitrary: fc.constantFrom(0, 10, -10, 1e4) });

function gen(rows: number, K: number): fc.Arbitrary<Case> {
  const n = rows * 2 * K;
  return fc.record({
    input: f32Array(n, coord),
    target: f32Array(n, coord),
    options: fc.record({ omega: fc.constantFrom(undefined, 10, 5, 0.5), epsilon: fc.constantFrom(undefined, 2, 0.5, 1e-3) }).map((o) => {
      const r: Record<string, unknown> = K === 4 ? {} : { numKeypoints: K };
      if (o.omega !== undefined) r.omega = o.omega;
      if (o.epsilon !== undefined) r.epsilon = o.epsilon;
      return r;
    }),
  });
}

type Fn = (x: unknown, y: unknown, o: Record<string, unknown>) => unknown;

describe.each(BUILDS)('wingLoss on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`matches the reference for every reduction and option, short and chunked${why}`, async () => {
    const el = await load(build);
    const shapes: [number, number, number][] = [];
    for (let rows = 0; rows <= 9; rows++) for (const K of [1, 4, 17]) shapes.push([rows, K, 10]);
    const per = el.capacity / 8;
    shapes.push([per - 1, 4, 3], [per, 4, 3], [per + 1, 4, 3], [Math.ceil(el.capacity / 34) + 1, 17, 3]);
    for (const [rows, K, runs] of shapes) {
      fc.assert(
        fc.property(gen(rows, K), (c) => {
          const w = parityOf(el, 'wingLoss', c, TOLERANCE.wing!);
          if (w) throw new Error(`rows=${rows} K=${K} options=${JSON.stringify(c.options)}: ${w}`);
        }),
        { seed: SEED + rows * 31 + K, numRuns: runs },
      );
    }
  });
  it.skipIf(skip)(`is continuous at ω, means over rows, and has gradient ω/(ε + d) then 1${why}`, async () => {
    const el = await load(build);
    const C = 10 - 10 * Math.log(1 + 10 / 2);
    const r = el.wingLoss([10, 3, 0, 12, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], { reduction: 'none', grad: true }) as GradResult<Float32Array>;
    const v = r.value as Float32Array;
    expect(v[0]).toBeCloseTo(10 - C, 5);
    expect(v[0]).toBeCloseTo(10 * Math.log(1 + 10 / 2), 5);
    expect(v[1]).toBeCloseTo(10 * Math.log(1 + 3 / 2), 5);
    expect(r.grad[1]).toBeCloseTo(10 / 5, 6);
    expect(r.grad[3]).toBe(1);
    expect(r.grad[2]).toBe(0);
    const sum = el.wingLoss([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8], new Float32Array(16), { reduction: 'sum' }) as number;
    expect(el.wingLoss([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8], new Float32Array(16))).toBeCloseTo(sum / 2, 10);
  });
  it.skipIf(skip)(`throws the same errors as the reference${why}`, async () => {
    const el = await load(build);
    const z8 = new Float32Array(8);
    const bad: [unknown, unknown, Record<string, unknown>, string, string][] = [
      [new Float32Array(6), new Float32Array(6), {}, 'E_SHAPE', 'input'],
      [z8, new Float32Array(7), {}, 'E_LENGTH', 'target'],
      [z8, z8, { omega: 0 }, 'E_OPTION', 'options.omega'],
      [z8, z8, { epsilon: -1 }, 'E_OPTION', 'options.epsilon'],
      [z8, z8, { numKeypoints: 0 }, 'E_OPTION', 'options.numKeypoints'],
    ];
    for (const [x, t, o, code, arg] of bad) {
      for (const api of [el, reference]) {
        let err: unknown = null;
        try {
          (api.wingLoss as unknown as Fn)(x, t, o);
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
