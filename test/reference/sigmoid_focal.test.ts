import { describe, it, expect } from 'vitest';
import { sigmoidFocalRef } from '../../src/reference/sigmoid_focal.js';
import { bceLogitsRef } from '../../src/reference/bce_logits.js';
import type { Reduction } from '../../src/types.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
type Conv = 'torchvision' | 'ultralytics';
const opts = (reduction: Reduction, grad: boolean, alpha = 0.25, gamma = 2, convention: Conv = 'torchvision', numClasses: number | null = null) => ({
  reduction, grad, alpha, gamma, convention, numClasses,
});

describe('sigmoidFocalRef', () => {
  it('mmcv-sigmoid-focal-op-case2 (mean = Σ / N rows: reduction sum divided by N) with its gradient', () => {
    const x = f64(1e-6, 2e-6, 3e-6, 4e-6, 5e-5, 6e-4, 0.007, 0.08, 0.9);
    const labels = [1, 2, 0];
    const t = new Float64Array(9);
    labels.forEach((c, i) => { t[3 * i + c] = 1; });
    const r = sigmoidFocalRef(x, t, opts('sum', true));
    expect((r.value as number) / 3).toBeCloseTo(0.422872511688, 11);
    const want = [0.0745717985695, -0.0248571664363, 0.0745719981321, 0.0745720978856, 0.0745766881582,
      -0.024837280066, -0.0246249892699, 0.0827791655222, 0.180503715835];
    // the peers’ float64 gradient is given to ~1e-10 (differences), well inside the test’s grad_abs 1e-4
    for (let i = 0; i < 9; i++) expect(Math.abs(r.grad![i]! / 3 - want[i]!)).toBeLessThan(1e-9);
    // the float32 literals of the peer test (rtol 1e-2 there)
    expect(Math.abs((r.value as number) / 3 - 0.42287254)).toBeLessThan(1e-7);
  });

  it('torchvision-sigmoid-focal-sum-alpha-neg1-gamma0: 4.78292922592', () => {
    const x = f64(-1, 0.5, 2, 3, -2, 0), t = f64(0, 1, 1, 0, 0, 1);
    expect(sigmoidFocalRef(x, t, opts('sum', false, -1, 0)).value).toBeCloseTo(4.78292922592, 10);
  });

  it('γ = 0 and α < 0 equals BCE-with-logits in value and gradient (every reduction)', () => {
    const rnd = seeded(31);
    const x = uniform(rnd, 12, -8, 8), t = uniform(rnd, 12, 0, 1);
    t[0] = 0; t[1] = 1;
    for (const red of ['none', 'mean', 'sum'] as const) {
      const a = sigmoidFocalRef(x, t, opts(red, true, -1, 0));
      const b = bceLogitsRef(x, t, { reduction: red, grad: true, weight: null, posWeight: null });
      if (red === 'none') (a.value as Float64Array).forEach((v, i) => expect(v).toBeCloseTo((b.value as Float64Array)[i]!, 14));
      else expect(a.value).toBeCloseTo(b.value as number, 14);
      a.grad!.forEach((g, i) => expect(g).toBeCloseTo(b.grad![i]!, 14));
    }
  });

  it('focal ≤ BCE elementwise for α < 0 (and the α weighting: α·t + (1 − α)(1 − t))', () => {
    const rnd = seeded(32);
    const x = uniform(rnd, 30, -6, 6), t = uniform(rnd, 30, 0, 1);
    const bce = bceLogitsRef(x, t, { reduction: 'none', grad: false, weight: null, posWeight: null }).value as Float64Array;
    for (const gamma of [0.5, 1, 2, 3]) {
      const f = sigmoidFocalRef(x, t, opts('none', false, -1, gamma)).value as Float64Array;
      f.forEach((v, i) => expect(v).toBeLessThanOrEqual(bce[i]! + 1e-15));
      const fa = sigmoidFocalRef(x, t, opts('none', false, 0.25, gamma)).value as Float64Array;
      fa.forEach((v, i) => expect(v).toBeCloseTo((0.25 * t[i]! + 0.75 * (1 - t[i]!)) * f[i]!, 15));
    }
  });

  it('γ < 1 keeps a finite gradient at saturated logits; infinite logits give the limits, never NaN', () => {
    for (const gamma of [0, 0.25, 0.5, 1, 1.5, 2]) {
      for (const xv of [-Infinity, -800, -50, 50, 800, Infinity]) {
        for (const tv of [0, 1, 0.3]) {
          for (const alpha of [-1, 0.25]) {
            const r = sigmoidFocalRef(f64(xv), f64(tv), opts('sum', true, alpha, gamma));
            expect(Number.isNaN(r.value as number), `${gamma} ${xv} ${tv}`).toBe(false);
            expect(Number.isFinite(r.grad![0]!), `${gamma} ${xv} ${tv} grad ${r.grad![0]}`).toBe(true);
          }
        }
      }
    }
    // a correct, saturated prediction costs 0 with gradient 0
    const r = sigmoidFocalRef(f64(50, -50), f64(1, 0), opts('sum', true, 0.25, 0.5));
    expect(r.value).toBeLessThan(1e-20);
    expect(Math.abs(r.grad![0]!)).toBeLessThan(1e-15);
  });

  it("ultralytics convention: 'mean' = Σ / numClasses (.mean(1).sum()); torchvision Σ / n", () => {
    const rnd = seeded(33);
    const x = uniform(rnd, 12, -3, 3), t = uniform(rnd, 12, 0, 1);
    const s = sigmoidFocalRef(x, t, opts('sum', true, 0.25, 1.5, 'ultralytics', 4));
    const m = sigmoidFocalRef(x, t, opts('mean', true, 0.25, 1.5, 'ultralytics', 4));
    expect(m.value).toBeCloseTo((s.value as number) / 4, 15);
    m.grad!.forEach((g, i) => expect(g).toBeCloseTo(s.grad![i]! / 4, 15));
    const tv = sigmoidFocalRef(x, t, opts('mean', false, 0.25, 1.5));
    expect(tv.value).toBeCloseTo((s.value as number) / 12, 15);
    expect(sigmoidFocalRef(new Float64Array(0), new Float64Array(0), opts('mean', false)).value).toBeNaN();
  });

  it('central-difference gradient for several α, γ and soft targets', () => {
    const rnd = seeded(34);
    const x = uniform(rnd, 10, -5, 5), t = uniform(rnd, 10, 0, 1);
    t[0] = 0; t[1] = 1;
    for (const alpha of [-1, 0, 0.25, 0.9]) {
      for (const gamma of [0, 0.5, 1, 1.5, 2, 3]) {
        for (const red of ['none', 'mean', 'sum'] as const) {
          const f = (xx: Float64Array) => {
            const v = sigmoidFocalRef(xx, t, opts(red, false, alpha, gamma)).value;
            return typeof v === 'number' ? v : total(v);
          };
          gradcheck(f, x, sigmoidFocalRef(x, t, opts(red, true, alpha, gamma)).grad!, 1e-6, 1e-9);
        }
      }
    }
  });
});
