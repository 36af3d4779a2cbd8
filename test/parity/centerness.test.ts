import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { SEED, f32Array, logit } from '../helpers/generate.js';
import { parityOf, type Case } from '../helpers/parity.js';
import { TOLERANCE, compareArrays } from '../helpers/tolerance.js';

// centernessLoss and centernessTarget against the reference: logits include ±1e4, ±1e30 and ±Infinity; ltrb
// distances positive, zero (degenerate boxes: a max of 0 gives centerness 0) and equal (centerness 1). Rows 0–9 and
// rows crossing the buffer (capacity/4 ± 1: four distances per row).
const dist = fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0, max: 500, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1, 8) });

const gen = (rows: number): fc.Arbitrary<Case> =>
  fc.record({ input: f32Array(rows, logit), target: f32Array(4 * rows, dist), options: fc.constant({}) });

type Fn = (x: unknown, y: unknown, o: Record<string, unknown>) => unknown;

describe.each(BUILDS)('centernessLoss and centernessTarget on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`match the reference for every reduction, short and chunked${why}`, async () => {
    const el = await load(build);
    const per = el.capacity / 4;
    for (const rows of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, per - 1, per, per + 1, 3 * per + 2]) {
      fc.assert(
        fc.property(gen(rows), (c) => {
          const why2 = parityOf(el, 'centernessLoss', c, TOLERANCE.centerness!);
          if (why2) throw new Error(`rows=${rows}: ${why2}`);
          const t = compareArrays(el.centernessTarget(c.target), reference.centernessTarget(c.target), TOLERANCE.centerness!.rtol, TOLERANCE.centerness!.atol);
          if (t) throw new Error(`centernessTarget rows=${rows}: ${t}`);
        }),
        { seed: SEED + rows, numRuns: rows > 16 ? 3 : 25 },
      );
    }
  });
  it.skipIf(skip)(`computes FCOS centerness and BCE against it${why}`, async () => {
    const el = await load(build);
    const c = el.centernessTarget([1, 2, 3, 4, 5, 5, 5, 5, 0, 3, 0, 3, 2, 0, 2, 0]);
    expect(c[0]).toBeCloseTo(Math.sqrt((1 / 3) * (2 / 4)), 6);
    expect(c[1]).toBe(1);
    expect(c[2]).toBe(0);
    expect(c[3]).toBe(0);
    const l = el.centernessLoss([0.3], [1, 2, 3, 4], { reduction: 'sum' }) as number;
    expect(l).toBeCloseTo(el.binaryCrossEntropyWithLogits([0.3], [c[0]!], { reduction: 'sum' }) as number, 6);
  });
  it.skipIf(skip)(`throws the same errors as the reference${why}`, async () => {
    const el = await load(build);
    const bad: [unknown, unknown, string, string][] = [
      [[0.5], [1, -2, 3, 4], 'E_RANGE', 'target'],
      [[0.5], Float64Array.from([1, 2, 3, -1e-60]), 'E_RANGE', 'target'],
      [[0.5, 1], [1, 2, 3, 4], 'E_SHAPE', 'target'],
    ];
    for (const [x, t, code, arg] of bad) {
      for (const api of [el, reference]) {
        let err: unknown = null;
        try {
          (api.centernessLoss as unknown as Fn)(x, t, {});
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(EdgeLossError);
        expect((err as EdgeLossError).code).toBe(code);
        expect((err as EdgeLossError).arg).toBe(arg);
      }
    }
    for (const api of [el, reference]) {
      expect(() => api.centernessTarget([1, 2, 3])).toThrow(/ltrb.*E_SHAPE/);
      expect(() => api.centernessTarget([1, 2, 3, 4, 1, 1, -1, 1])).toThrow(/ltrb holds -1 at index 6.*E_RANGE/);
      expect(() => (api.centernessLoss as unknown as Fn)([0], [1, 1, 1, 1], { weight: [1] })).toThrow(/E_OPTION/);
    }
  });
});
