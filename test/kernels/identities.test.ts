import { describe, expect, it } from 'vitest';
import type { GradResult } from '../../src/index.js';
import { BUILDS, buildAvailable, load } from '../helpers/builds.js';

// Relations between losses and reductions, checked on the kernels themselves (the reference has its own).
// They catch errors that a golden number copied from a buggy source would not.

type G = GradResult<Float32Array>;

function series(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

describe.each(BUILDS)('relations on the %s build', (build) => {
  const skip = !buildAvailable(build);
  const n = 4096 * 2 + 5; // crosses the buffer twice
  const x = series(n, (i) => Math.sin(i * 0.7) * 3);
  const y = series(n, (i) => Math.cos(i * 0.3));

  it.skipIf(skip)('mean = sum / n and the per-element values add up to the sum, for every elementwise loss', async () => {
    const el = await load(build);
    for (const api of ['l1Loss', 'mseLoss', 'powerLoss', 'smoothL1Loss', 'huberLoss', 'binaryCrossEntropyWithLogits'] as const) {
      const yy = api === 'binaryCrossEntropyWithLogits' ? y.map((v) => (v + 1) / 2) : y;
      const mean = el[api](x, yy) as number;
      const sum = el[api](x, yy, { reduction: 'sum' }) as number;
      const none = el[api](x, yy, { reduction: 'none' }) as Float32Array;
      expect(mean, api).toBeCloseTo(sum / n, 10);
      const total = none.reduce((a, b) => a + b, 0);
      expect(Math.abs(total - sum) / sum, api).toBeLessThan(1e-6);
    }
  });

  it.skipIf(skip)("the 'none' gradient equals the 'sum' gradient and n times the 'mean' gradient", async () => {
    const el = await load(build);
    const gs = (el.huberLoss(x, y, { reduction: 'sum', grad: true }) as G).grad;
    const gn = (el.huberLoss(x, y, { reduction: 'none', grad: true }) as G).grad;
    const gm = (el.huberLoss(x, y, { grad: true }) as G).grad;
    expect(gn).toEqual(gs);
    for (let i = 0; i < n; i += 97) expect(gm[i]! * n).toBeCloseTo(gs[i]!, 5);
  });

  it.skipIf(skip)('smoothL1 with beta = 0 is exactly L1, value and gradient', async () => {
    const el = await load(build);
    expect(el.smoothL1Loss(x, y, { beta: 0, reduction: 'none', grad: true })).toEqual(el.l1Loss(x, y, { reduction: 'none', grad: true }));
  });

  it.skipIf(skip)('huber(delta) = delta · smoothL1(beta = delta)', async () => {
    const el = await load(build);
    for (const d of [0.3, 1, 2.5]) {
      const h = el.huberLoss(x, y, { delta: d }) as number;
      const s = el.smoothL1Loss(x, y, { beta: d }) as number;
      expect(h).toBeCloseTo(d * s, 6);
    }
  });

  it.skipIf(skip)('power with p = 2 is MSE and with p = 1 is L1; RMSE² is MSE', async () => {
    const el = await load(build);
    expect(el.powerLoss(x, y, { p: 2 }) as number).toBeCloseTo(el.mseLoss(x, y) as number, 6);
    expect(el.powerLoss(x, y, { p: 1 }) as number).toBeCloseTo(el.l1Loss(x, y) as number, 6);
    expect((el.rmseLoss(x, y) as number) ** 2).toBeCloseTo(el.mseLoss(x, y) as number, 5);
  });

  it.skipIf(skip)('crossEntropy with one-hot probability targets equals class-index targets', async () => {
    const el = await load(build);
    const C = 7;
    const rows = 1200; // 8400 logits: crosses the buffer
    const logits = series(rows * C, (i) => Math.sin(i * 1.3) * 5);
    const idx = Int32Array.from({ length: rows }, (_, r) => (r * 5) % C);
    const onehot = new Float32Array(rows * C);
    idx.forEach((c, r) => (onehot[r * C + c] = 1));
    const a = el.crossEntropy(logits, idx, { numClasses: C, grad: true }) as G;
    const b = el.crossEntropy(logits, onehot, { numClasses: C, grad: true }) as G;
    expect(a.value as number).toBeCloseTo(b.value as number, 10);
    for (let i = 0; i < a.grad.length; i += 31) expect(a.grad[i]).toBeCloseTo(b.grad[i]!, 7);
  });

  it.skipIf(skip)('accumulates in f64: the MAE of [16777216, 1, 1, 1, 1] against zeros is exactly 3355444', async () => {
    const el = await load(build);
    // An f32 running sum gives 3355443.25 here: 16777216 + 1 rounds back to 16777216.
    expect(el.l1Loss(Float32Array.from([16777216, 1, 1, 1, 1]), new Float32Array(5))).toBe(3355444);
  });

  it.skipIf(skip)('keeps a large mean exact across chunks: 1e6 copies of f32(0.1) have mean f32(0.1)', async () => {
    const el = await load(build);
    const m = 1_000_000;
    const v = el.l1Loss(new Float32Array(m).fill(0.1), new Float32Array(m)) as number;
    expect(Math.abs(v - Math.fround(0.1)) / Math.fround(0.1)).toBeLessThan(1e-14);
  });

  it.skipIf(skip)('gives the documented limits for infinite logits and never NaN', async () => {
    const el = await load(build);
    const v = el.binaryCrossEntropyWithLogits(
      [Infinity, Infinity, -Infinity, -Infinity, 1e30, -1e30], [1, 0, 0, 1, 1, 1], { reduction: 'none', grad: true },
    ) as G;
    expect(Array.from(v.value as Float32Array)).toEqual([0, Infinity, 0, Infinity, 0, 1e30 as number].map(Math.fround));
    expect(Array.from(v.grad)).toEqual([0, 1, 0, -1, 0, -1]);
    const ce = el.crossEntropy([-Infinity, -Infinity, -Infinity, 0, Infinity, 5], Int32Array.from([1, 1]), { numClasses: 3, reduction: 'none', grad: true }) as G;
    expect((ce.value as Float32Array)[0]).toBeCloseTo(Math.log(3), 6); // all -Inf: uniform
    expect((ce.value as Float32Array)[1]).toBe(0); // +Inf at the target class
    expect(ce.grad.every((g) => !Number.isNaN(g))).toBe(true);
  });

  it.skipIf(skip)('gives NaN for a mean over nothing and 0 for a sum over nothing', async () => {
    const el = await load(build);
    expect(el.mseLoss([], [])).toBeNaN();
    expect(el.mseLoss([], [], { reduction: 'sum' })).toBe(0);
    expect(el.rmseLoss([], [], { reduction: 'sum' })).toBe(0);
    expect(el.crossEntropy([1, 2], Int32Array.from([-100]), { numClasses: 2 })).toBeNaN();
    const r = el.crossEntropy([1, 2], Int32Array.from([-100]), { numClasses: 2, grad: true }) as G;
    expect(Array.from(r.grad)).toEqual([0, 0]);
  });

  it.skipIf(skip)('gives the RMSE gradient 0, not NaN, at zero error', async () => {
    const el = await load(build);
    const r = el.rmseLoss([1, 2, 3], [1, 2, 3], { grad: true }) as G;
    expect(r.value).toBe(0);
    expect(Array.from(r.grad)).toEqual([0, 0, 0]);
  });
});

describe('the debug build', () => {
  it('gives the same values as the MVP build (same features, no optimisation)', async () => {
    const { bindModule, LossModule } = await import('../../src/index.js');
    const dbg = bindModule(new LossModule('debug'));
    const mvp = await load('mvp');
    const x = series(100, (i) => Math.sin(i));
    const y = series(100, (i) => (i % 2) * 1.0);
    expect(dbg.binaryCrossEntropyWithLogits(x, y, { grad: true })).toEqual(mvp.binaryCrossEntropyWithLogits(x, y, { grad: true }));
    expect(dbg.huberLoss(x, y, { reduction: 'none' })).toEqual(mvp.huberLoss(x, y, { reduction: 'none' }));
  });
});
