import { describe, it, expect } from 'vitest';
import { bceLogitsRef } from '../../src/reference/bce_logits.js';
import { bceRef } from '../../src/reference/bce.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];
const opts = (reduction: Reduction, grad: boolean, weight: Float64Array | null = null, posWeight: Float64Array | null = null) => ({
  reduction, grad, weight, posWeight,
});

describe('bceLogitsRef', () => {
  it('logit 0, target 0: each element costs ln 2, grad sigma(0) = 0.5', () => {
    const r = bceLogitsRef(f64(0, 0, 0), f64(0, 0, 0), opts('sum', true));
    expect(r.value).toBeCloseTo(3 * Math.LN2, 15);
    expect(Array.from(r.grad!)).toEqual([0.5, 0.5, 0.5]);
  });

  it('weight and posWeight broadcast (PyTorch literal)', () => {
    // [[0.5,-1.5],[2,0]] vs [[1,0],[0.3,1]], posWeight [2,0.5], weight [1,3]:
    // l = [2 sp(-0.5), 3 sp(-1.5), 0.7 sp(2) + 0.6 sp(-2), 3*0.5*ln2], mean = 1.03928024688
    const r = bceLogitsRef(f64(0.5, -1.5, 2, 0), f64(1, 0, 0.3, 1), opts('mean', true, f64(1, 3), f64(2, 0.5)));
    expect(r.value).toBeCloseTo(1.03928024688, 10);
    const want = [-0.188770334399, 0.136819142855, 0.136259050343, -0.1875];
    for (let i = 0; i < 4; i++) expect(r.grad![i]).toBeCloseTo(want[i]!, 11);
  });

  it('equals the PyTorch spelling (1-y)x + (1 + (pw-1)y) softplus(-x)', () => {
    const rnd = seeded(81);
    const x = uniform(rnd, 10, -8, 8);
    const y = uniform(rnd, 10, 0, 1);
    const pw = uniform(rnd, 10, 0.2, 4);
    const v = bceLogitsRef(x, y, opts('none', false, null, pw)).value as Float64Array;
    for (let i = 0; i < 10; i++) {
      const xi = x[i]!, yi = y[i]!;
      // softplus(-x) = ln(1 + e^-x), fine to evaluate naively for |x| <= 8
      const want = (1 - yi) * xi + (1 + (pw[i]! - 1) * yi) * Math.log(1 + Math.exp(-xi));
      expect(v[i]).toBeCloseTo(want, 12);
    }
  });

  it('relation to bce on probabilities: bceLogits(x) = bce(sigmoid(x)), grad chained by sigma(1-sigma)', () => {
    const rnd = seeded(82);
    const x = uniform(rnd, 9, -4, 4);
    const y = uniform(rnd, 9, 0, 1);
    const w = uniform(rnd, 9, 0.1, 2);
    const p = x.map((v) => 1 / (1 + Math.exp(-v)));
    const a = bceLogitsRef(x, y, opts('none', true, w));
    const b = bceRef(p, y, { reduction: 'none', grad: true, weight: w, convention: 'pytorch', eps: 1e-7 });
    for (let i = 0; i < 9; i++) {
      expect((a.value as Float64Array)[i]).toBeCloseTo((b.value as Float64Array)[i]!, 12);
      expect(a.grad![i]).toBeCloseTo(b.grad![i]! * p[i]! * (1 - p[i]!), 12);
    }
  });

  it('central-difference gradient, every reduction, weight / posWeight shapes', () => {
    const rnd = seeded(83);
    const n = 8;
    const x = uniform(rnd, n, -6, 6);
    const y = uniform(rnd, n, 0, 1);
    y[0] = 0;
    y[1] = 1;
    const ws = [null, f64(2.5), f64(0.5, 2), uniform(rnd, n, 0.1, 3)];
    const pws = [null, f64(3), f64(0.25, 4, 1, 2)];
    for (const w of ws) {
      for (const pw of pws) {
        for (const reduction of R) {
          const f = (xx: Float64Array) => {
            const v = bceLogitsRef(xx, y, opts(reduction, false, w, pw)).value;
            return typeof v === 'number' ? v : total(v);
          };
          gradcheck(f, x, bceLogitsRef(x, y, opts(reduction, true, w, pw)).grad!);
        }
      }
    }
  });

  it('limits: huge and infinite logits give the mathematical limit, never NaN', () => {
    const cases: [number, number, number][] = [
      // [x, y, loss]
      [-120, 1, 120], // softplus(120) = 120 + log1p(e^-120) = 120 in float64
      [120, 0, 120],
      [-120, 0, 0], // log1p(e^-120) ~ 7.7e-53
      [Infinity, 1, 0],
      [Infinity, 0, Infinity],
      [-Infinity, 0, 0],
      [-Infinity, 1, Infinity],
      [1e30, 0, 1e30],
      [1e30, 1, 0],
      [-1e30, 1, 1e30],
      [-1e30, 0, 0],
      [Infinity, 0.5, Infinity],
    ];
    for (const [x, y, want] of cases) {
      const r = bceLogitsRef(f64(x), f64(y), opts('sum', true));
      if (want === 0) expect(r.value as number).toBeCloseTo(0, 50);
      else expect(r.value).toBe(want);
      expect(Number.isNaN(r.grad![0])).toBe(false);
    }
    // gradients at the limits: sigma(+inf) = 1, so y=0 -> 1, y=1 -> 0; sigma(-inf) = 0: y=1 -> -1
    expect(Array.from(bceLogitsRef(f64(Infinity, Infinity, -Infinity, -Infinity), f64(0, 1, 1, 0), opts('none', true)).grad!)).toEqual([1, 0, -1, 0]);
    // no NaN anywhere on a grid including zero weights and posWeights
    const xs = [-Infinity, -1e30, -120, -1, 0, 1, 120, 1e30, Infinity];
    for (const x of xs) for (const y of [0, 0.3, 1]) for (const w of [0, 1, 2]) for (const pw of [0, 1, 3]) {
      const r = bceLogitsRef(f64(x), f64(y), opts('mean', true, f64(w), f64(pw)));
      expect(Number.isNaN(r.value as number)).toBe(false);
      expect(Number.isNaN(r.grad![0])).toBe(false);
      if (w === 0) expect(r.value).toBe(0);
    }
  });

  it('relations: mean = sum/n (weights do not change the denominator), none sums to sum', () => {
    const rnd = seeded(84);
    const x = uniform(rnd, 14, -5, 5);
    const y = uniform(rnd, 14, 0, 1);
    const w = uniform(rnd, 7, 0, 3);
    const s = bceLogitsRef(x, y, opts('sum', true, w, f64(2)));
    const m = bceLogitsRef(x, y, opts('mean', true, w, f64(2)));
    const n = bceLogitsRef(x, y, opts('none', true, w, f64(2)));
    expect(m.value as number).toBeCloseTo((s.value as number) / 14, 12);
    expect(total(n.value as Float64Array)).toBeCloseTo(s.value as number, 12);
    expect(Array.from(n.grad!)).toEqual(Array.from(s.grad!));
    for (let i = 0; i < 14; i++) expect(m.grad![i]).toBeCloseTo(s.grad![i]! / 14, 14);
  });

  it('empty input: mean NaN, sum 0', () => {
    const e = new Float64Array(0);
    expect(bceLogitsRef(e, e, opts('mean', true)).value).toBeNaN();
    expect(bceLogitsRef(e, e, opts('sum', true)).value).toBe(0);
  });
});
