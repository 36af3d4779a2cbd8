import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeLossError, reference } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { f32Array, logit, prob } from '../helpers/generate.js';
import { checkParity, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// varifocalLoss against the reference: logits include ±1e4, ±1e30 and ±Infinity; targets are mostly 0 with IoU
// values and exact 1s; alpha, gamma (0, below 1, 1, 2) and both conventions; numClasses any divisor of n.
// Lengths 0–9 and capacity ± 1 (chunked).
const divisors = (n: number): number[] => [1, 2, 3, 4, 5, n].filter((c) => c >= 1 && n % c === 0);
const target = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: prob });

const gen = (n: number): fc.Arbitrary<Case> =>
  fc.record({
    input: f32Array(n, logit),
    target: f32Array(n, target),
    options: fc.record({
      numClasses: fc.constantFrom(...divisors(n)),
      alpha: fc.constantFrom(undefined, 0.75, 0, 1.5),
      gamma: fc.constantFrom(undefined, 0, 0.5, 1, 2),
      convention: fc.constantFrom(undefined, 'mmdet', 'ultralytics'),
    }).map((o) => {
      const r: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) if (v !== undefined) r[k] = v;
      return r;
    }),
  });

type Fn = (x: unknown, y: unknown, o: Record<string, unknown>) => unknown;

describe.each(BUILDS)('varifocalLoss on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip)(`matches the reference for every reduction, option and convention, infinite logits included${why}`, async () => {
    checkParity(await load(build), 'varifocalLoss', gen, TOLERANCE.vfl!);
  });
  it.skipIf(skip)(`weights positives by their target and negatives by alpha·σ^gamma; means over N·C or C${why}`, async () => {
    const el = await load(build);
    const x = Float32Array.from([0.5, -1, 2, 0]);
    const t = Float32Array.from([0.8, 0, 0, 1]);
    const v = el.varifocalLoss(x, t, { numClasses: 2, reduction: 'none' }) as Float32Array;
    const b = el.binaryCrossEntropyWithLogits(x, t, { reduction: 'none' }) as Float32Array;
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const w = [0.8, 0.75 * s(-1) ** 2, 0.75 * s(2) ** 2, 1];
    for (let i = 0; i < 4; i++) expect(v[i]).toBeCloseTo(b[i]! * w[i]!, 6);
    const sum = el.varifocalLoss(x, t, { numClasses: 2, reduction: 'sum' }) as number;
    expect(el.varifocalLoss(x, t, { numClasses: 2 })).toBeCloseTo(sum / 4, 12);
    expect(el.varifocalLoss(x, t, { numClasses: 2, convention: 'ultralytics' })).toBeCloseTo(sum / 2, 12);
    // x = +Infinity on a negative: value +Infinity, gradient alpha (finite), never NaN.
    const inf = el.varifocalLoss([Infinity], [0], { numClasses: 1, reduction: 'sum', grad: true }) as GradResult<Float32Array>;
    expect(inf.value).toBe(Infinity);
    expect(inf.grad[0]).toBeCloseTo(0.75, 6);
  });
  it.skipIf(skip)(`throws the same errors as the reference${why}`, async () => {
    const el = await load(build);
    const bad: [unknown, unknown, Record<string, unknown>, string, string][] = [
      [[0, 1], [0, -0.5], { numClasses: 2 }, 'E_RANGE', 'target'],
      [[0, 1], [0, 1], {}, 'E_OPTION', 'options.numClasses'],
      [[0, 1], [0, 1], { numClasses: 2, alpha: -1 }, 'E_OPTION', 'options.alpha'],
      [[0, 1], [0, 1], { numClasses: 2, convention: 'torchvision' }, 'E_OPTION', 'options.convention'],
      [[0, 1, 2], [0, 1, 0], { numClasses: 2 }, 'E_SHAPE', 'input'],
    ];
    for (const [x, t, o, code, arg] of bad) {
      for (const api of [el, reference]) {
        let err: unknown = null;
        try {
          (api.varifocalLoss as unknown as Fn)(x, t, o);
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
