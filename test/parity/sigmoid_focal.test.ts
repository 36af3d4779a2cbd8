import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { f32Array, logit, prob } from '../helpers/generate.js';
import { checkParity, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// sigmoidFocalLoss against the reference: logits include ±1e4, ±1e30 and ±Infinity, targets hit 0 and 1 (and soft
// values); alpha on, off (< 0) and at 0/1; gamma 0, below 1, 1, 1.5, 2, 3; both conventions ('ultralytics' with a
// numClasses dividing n). Lengths 0–9 and capacity ± 1 (chunked). Plus the relations the contract promises.

const divisors = (n: number): number[] => [1, 2, 3, 4, 5, n].filter((c) => c >= 1 && n % c === 0);

const gen = (n: number): fc.Arbitrary<Case> =>
  fc.record({
    input: f32Array(n, logit),
    target: f32Array(n, prob),
    options: fc.record({
      alpha: fc.constantFrom(undefined, 0.25, 0.5, -1, 0, 1),
      gamma: fc.constantFrom(undefined, 0, 0.25, 0.5, 1, 1.5, 2, 3),
      convention: fc.constantFrom(undefined, 'torchvision', 'ultralytics'),
      numClasses: fc.constantFrom(...divisors(n)),
      withClasses: fc.boolean(),
    }).map((o) => {
      const r: Record<string, unknown> = {};
      if (o.alpha !== undefined) r.alpha = o.alpha;
      if (o.gamma !== undefined) r.gamma = o.gamma;
      if (o.convention !== undefined) r.convention = o.convention;
      if (o.convention === 'ultralytics' || o.withClasses) r.numClasses = o.numClasses;
      return r;
    }),
  });

type Fn = (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => unknown;

/** Equal element by element (±0 equal, NaN equal to NaN). */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const a = got[i]!;
    const b = want[i]!;
    if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) throw new Error(`${what}: index ${i}: ${a} vs ${b}`);
  }
}

describe.each(BUILDS)('sigmoidFocalLoss on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';

  it.skipIf(skip)(`matches the reference for every reduction, option and convention, infinite logits included${why}`, async () => {
    checkParity(await load(build), 'sigmoidFocalLoss', gen, TOLERANCE.sigmoid_focal!);
  });

  it.skipIf(skip)(`with gamma 0 and alpha −1 equals binaryCrossEntropyWithLogits in value and gradient${why}`, async () => {
    const el = await load(build);
    for (const n of [0, 1, 7, el.capacity + 5]) {
      fc.assert(
        fc.property(f32Array(n, logit), f32Array(n, prob), (x, t) => {
          for (const reduction of ['mean', 'sum', 'none'] as const) {
            const f = el.sigmoidFocalLoss(x, t, { gamma: 0, alpha: -1, reduction, grad: true }) as GradResult<Float32Array>;
            const b = el.binaryCrossEntropyWithLogits(x, t, { reduction, grad: true }) as GradResult<Float32Array>;
            if (typeof b.value === 'number') expectSame([f.value as number], [b.value], `${reduction} value`);
            else expectSame(f.value as Float32Array, b.value, `${reduction} value`);
            expectSame(f.grad, b.grad, `${reduction} grad`);
          }
        }),
        { seed: 7 + n, numRuns: n > 16 ? 2 : 20 },
      );
    }
  });

  it.skipIf(skip)(`is at most binaryCrossEntropyWithLogits element by element when alpha < 0${why}`, async () => {
    const el = await load(build);
    fc.assert(
      fc.property(f32Array(64, logit), f32Array(64, prob), fc.constantFrom(0, 0.25, 0.5, 1, 2, 5), (x, t, gamma) => {
        const f = el.sigmoidFocalLoss(x, t, { gamma, alpha: -1, reduction: 'none' }) as Float32Array;
        const b = el.binaryCrossEntropyWithLogits(x, t, { reduction: 'none' }) as Float32Array;
        for (let i = 0; i < f.length; i++) if (!(f[i]! <= b[i]!)) throw new Error(`index ${i}: focal ${f[i]} > bce ${b[i]}`);
        const fr = reference.sigmoidFocalLoss(x, t, { gamma, alpha: -1, reduction: 'none' }) as Float64Array;
        const br = reference.binaryCrossEntropyWithLogits(x, t, { reduction: 'none' }) as Float64Array;
        for (let i = 0; i < fr.length; i++) if (!(fr[i]! <= br[i]!)) throw new Error(`reference index ${i}: focal ${fr[i]} > bce ${br[i]}`);
      }),
      { seed: 11, numRuns: 30 },
    );
  });

  it.skipIf(skip)(`has a finite gradient at saturated logits with gamma < 1${why}`, async () => {
    const el = await load(build);
    const xs = [40, -40, 1e4, -1e4, 1e30, -1e30, Infinity, -Infinity];
    const x = Float32Array.from(xs.flatMap((v) => [v, v]));
    const t = Float32Array.from(xs.flatMap(() => [0, 1]));
    for (const gamma of [0.1, 0.25, 0.5, 0.9]) {
      for (const alpha of [0.25, -1]) {
        for (const reduction of ['mean', 'sum', 'none'] as const) {
          const o = { gamma, alpha, reduction, grad: true };
          const got = el.sigmoidFocalLoss(x, t, o) as GradResult<Float32Array>;
          const want = reference.sigmoidFocalLoss(x, t, o) as GradResult<Float64Array>;
          for (let i = 0; i < x.length; i++) {
            expect(Number.isFinite(got.grad[i]!), `grad[${i}] x=${x[i]} t=${t[i]} γ=${gamma}`).toBe(true);
            expect(Math.abs(got.grad[i]! - want.grad[i]!)).toBeLessThanOrEqual(1e-7);
          }
        }
        // Matched saturation costs 0, mismatched +Infinity or a large finite value; never NaN.
        const v = el.sigmoidFocalLoss(x, t, { gamma, alpha, reduction: 'none' }) as Float32Array;
        for (let i = 0; i < v.length; i++) expect(Number.isNaN(v[i]!), `value[${i}]`).toBe(false);
      }
    }
  });

  it.skipIf(skip)(`uses the 'ultralytics' mean Σ/C and gamma 1.5${why}`, async () => {
    const el = await load(build);
    const x = Float32Array.from([0.3, -1.2, 2.5, 0.1, -0.4, 1.7]);
    const t = Float32Array.from([1, 0, 0, 0, 1, 0]);
    const sum = el.sigmoidFocalLoss(x, t, { convention: 'ultralytics', numClasses: 3, reduction: 'sum' }) as number;
    const mean = el.sigmoidFocalLoss(x, t, { convention: 'ultralytics', numClasses: 3 }) as number;
    expect(mean).toBeCloseTo(sum / 3, 12);
    const explicit = el.sigmoidFocalLoss(x, t, { convention: 'ultralytics', numClasses: 3, gamma: 1.5 }) as number;
    expect(mean).toBe(explicit);
    expect(el.sigmoidFocalLoss([], [], { convention: 'ultralytics', numClasses: 3 })).toBe(0);
    expect(el.sigmoidFocalLoss([], [])).toBeNaN();
  });

  it.skipIf(skip)(`throws the same errors as the reference${why}`, async () => {
    const el = await load(build);
    const bad: [unknown, unknown, unknown, string, string][] = [
      [[0.5, 1], [0, 1.5], {}, 'E_RANGE', 'target'],
      [[0.5, 1], [0, NaN], {}, 'E_RANGE', 'target'],
      [[0.5, 1], [0, 1], { convention: 'ultralytics' }, 'E_OPTION', 'options.numClasses'],
      [[0.5, 1, 2], [0, 1, 0], { numClasses: 2 }, 'E_SHAPE', 'input'],
      [[0.5], [0], { gamma: -1 }, 'E_OPTION', 'options.gamma'],
      [[0.5], [0], { alpha: Infinity }, 'E_OPTION', 'options.alpha'],
      [[0.5], [0], { convention: 'mmdet' }, 'E_OPTION', 'options.convention'],
      [[0.5], [0, 1], {}, 'E_LENGTH', 'target'],
    ];
    for (const [x, t, o, code, arg] of bad) {
      for (const api of [el, reference]) {
        try {
          (api.sigmoidFocalLoss as unknown as Fn)(x as number[], t as number[], o as Record<string, unknown>);
          throw new Error(`no error for ${JSON.stringify([x, t, o])}`);
        } catch (e) {
          expect(e, JSON.stringify(o)).toBeInstanceOf(EdgeLossError);
          expect((e as EdgeLossError).code).toBe(code);
          expect((e as EdgeLossError).arg).toBe(arg);
        }
      }
    }
  });
});
