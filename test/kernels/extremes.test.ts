import { describe, expect, it } from 'vitest';
import { loadEdgeLoss, reference, type GradResult } from '../../src/index.js';
import { BUILDS, buildAvailable, load } from '../helpers/builds.js';
import { compareArrays, compareNumber } from '../helpers/tolerance.js';

// Cases found by trying to break the kernels, each kept with the whole class it stands for: every elementwise loss
// at magnitudes where f32 intermediates overflow, zero coefficients next to NaN, range checks before rounding,
// and the tiny-eps corners of the BCE conventions. Each is checked on both builds against the reference.

type G = GradResult<Float32Array | Float64Array>;
type Fn = (x: unknown, y: unknown, o?: unknown) => unknown;

const CASES: { what: string; api: string; x: ArrayLike<number>; y: ArrayLike<number>; o: Record<string, unknown> }[] = [
  { what: 'MSE gradient of 3e38 (2d overflows f32)', api: 'mseLoss', x: new Float32Array([3e38, 0]), y: [0, 0], o: {} },
  { what: 'MSE of 2e19 (d² overflows f32)', api: 'mseLoss', x: [2e19, 1], y: [0, 0], o: {} },
  { what: 'L1 of 3e38 − (−3e38)', api: 'l1Loss', x: [3e38], y: [-3e38], o: { reduction: 'sum' } },
  { what: 'SmoothL1 quadratic part at 1e20 with beta 1e30', api: 'smoothL1Loss', x: [1e20, 0], y: [0, 0], o: { beta: 1e30 } },
  { what: 'Huber quadratic part at 1e20 with delta 1e30', api: 'huberLoss', x: [1e20], y: [0], o: { delta: 1e30 } },
  { what: 'SmoothL1 with a beta below the f32 range', api: 'smoothL1Loss', x: [0, 0], y: [1e-40, 0], o: { beta: 1e-40, reduction: 'sum' } },
  { what: 'BCE-with-logits posWeight 0 next to a NaN logit', api: 'binaryCrossEntropyWithLogits', x: [NaN], y: [1], o: { posWeight: [0], reduction: 'sum' } },
  { what: 'cross-entropy zero-weight target class next to a NaN logit', api: 'crossEntropy', x: [0, NaN, 0], y: Int32Array.from([0]), o: { numClasses: 3, weight: [0, 1, 1], reduction: 'sum' } },
  { what: "BCE 'tfjs' at p = 1 with eps 1e-20 (ln ε, not ln 0)", api: 'binaryCrossEntropy', x: [1, 1], y: [0, 0], o: { convention: 'tfjs', eps: 1e-20 } },
  { what: "BCE 'keras' at p = −0 with eps 0", api: 'binaryCrossEntropy', x: new Float32Array([-0]), y: [1], o: { convention: 'keras', eps: 0, reduction: 'sum' } },
  { what: 'mmdet CIoU of identical huge boxes (IoU exactly 1, v = 0)', api: 'completeBoxIouLoss', x: [0, 0, 1e30, 1e30], y: [0, 0, 1e30, 1e30], o: { convention: 'mmdet' } },
  { what: "IoU 'log' loss clamped at eps with an infinite side (no NaN gradient)", api: 'iouLoss', x: [0, 0, Infinity, 10], y: [0, 0, 10, 10], o: { mode: 'log' } },
  { what: 'mmdet mean with a small avgFactor (avg_factor + f32 eps)', api: 'iouLoss', x: [0, 0, 4, 4], y: [1, 1, 2, 2], o: { convention: 'mmdet', avgFactor: 0.001 } },
  { what: 'DFL with an infinite logit at a bin of zero weight', api: 'distributionFocalLoss', x: [0, Infinity, 0, 0], y: [1], o: { regMax: 4 } },
];

describe.each(BUILDS)('extreme inputs on the %s build', (build) => {
  it.skipIf(!buildAvailable(build)).each(CASES)('$what: agrees with the reference, value and gradient', async (c) => {
    const el = await load(build);
    const got = (el[c.api as 'mseLoss'] as unknown as Fn)(c.x, c.y, { ...c.o, grad: true }) as G;
    // The reference gets the same float32 values the kernels see.
    const y32 = c.y instanceof Int32Array ? c.y : Float32Array.from(c.y);
    const want = (reference[c.api as 'mseLoss'] as unknown as Fn)(Float32Array.from(c.x), y32, { ...c.o, grad: true }) as G;
    expect(compareNumber(got.value as number, want.value as number, 1e-6, 0)).toBeNull();
    // A gradient element that is finite in float64 but beyond the float32 range is +-Infinity once stored.
    const want32 = Float32Array.from(want.grad);
    expect(compareArrays(got.grad, want32, 1e-6, 0)).toBeNull();
  });

  it.skipIf(!buildAvailable(build))('propagates a NaN coordinate through boxIou instead of reading it as no overlap', async () => {
    const el = await load(build);
    expect(el.boxIou([NaN, 0, 10, 10], [0, 0, 10, 10])[0]).toBeNaN();
    expect(reference.boxIou([NaN, 0, 10, 10], [0, 0, 10, 10])[0]).toBeNaN();
  });

  it.skipIf(!buildAvailable(build))('names the first inverted box pair by pair, in both tiers', async () => {
    const el = await load(build);
    const n = 2100;
    const p = new Float32Array(4 * n).map((_, i) => (i % 4 < 2 ? 0 : 1));
    const t = p.slice();
    p.set([1, 0, 0, 1], 4 * 1800);
    t.set([1, 0, 0, 1], 4 * 1500);
    for (const f of [el, reference]) expect(() => f.generalizedBoxIouLoss(p, t)).toThrow(/target box 1500/);
  });

  it.skipIf(!buildAvailable(build))('rejects BCE values that reach [0, 1] only by rounding to float32, as the reference does', async () => {
    const el = await load(build);
    for (const [x, y] of [[[0.5], [1 + 1e-12]], [[-1e-50], [0]]] as const) {
      expect(() => el.binaryCrossEntropy(x, y)).toThrow(/E_RANGE/);
      expect(() => reference.binaryCrossEntropy(x, y)).toThrow(/E_RANGE/);
    }
    expect(() => el.binaryCrossEntropyWithLogits([0.5], new Float64Array([1 + 1e-12]))).toThrow(/E_RANGE/);
  });

  it.skipIf(!buildAvailable(build))('reports the first offending element, input before target, in both tiers', async () => {
    const el = await load(build);
    const msg = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    const a = msg(() => el.binaryCrossEntropy(new Float32Array([0.5, 2]), new Float32Array([5, 0.5])));
    const b = msg(() => reference.binaryCrossEntropy(new Float32Array([0.5, 2]), new Float32Array([5, 0.5])));
    expect(a).toContain('target');
    expect(a).toContain('index 0');
    expect(b).toBe(a);
  });
});

describe('loadEdgeLoss', () => {
  it("refuses the debug build (developers reach it through LossModule('debug'))", async () => {
    await expect(loadEdgeLoss({ build: 'debug' as 'mvp' })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
