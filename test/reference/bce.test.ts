import { describe, it, expect } from 'vitest';
import { bceRef } from '../../src/reference/bce.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];
type Conv = 'pytorch' | 'tfjs' | 'keras';
const opts = (reduction: Reduction, grad: boolean, convention: Conv, weight: Float64Array | null = null, eps = 1e-7) => ({
  reduction, grad, convention, weight, eps,
});

describe('bceRef', () => {
  it('pytorch convention: log clamped at -100, grad denominator clamped at 1e-12', () => {
    // p=[0,1,0.25,1], y=[1,0,0,1]: l = [100 (ln 0 -> -100), 100, -ln 0.75, 0 (clamp before multiply)]
    // grad (p-y)/max(p(1-p),1e-12)/4 = [-1e12/4, 1e12/4, (0.25/0.1875)/4, 0]
    const r = bceRef(f64(0, 1, 0.25, 1), f64(1, 0, 0, 1), opts('mean', true, 'pytorch'));
    expect(r.value).toBeCloseTo((100 + 100 - Math.log(0.75) + 0) / 4, 12);
    expect(r.grad![0]).toBeCloseTo(-2.5e11, 0);
    expect(r.grad![1]).toBeCloseTo(2.5e11, 0);
    expect(r.grad![2]).toBeCloseTo(0.25 / (0.25 * 0.75) / 4, 14);
    expect(r.grad![3]).toBe(0);
    const n = bceRef(f64(0, 1, 0.25, 1), f64(1, 0, 0, 1), opts('none', false, 'pytorch'));
    expect((n.value as Float64Array)[3]).toBe(0);
    expect((n.value as Float64Array)[0]).toBe(100);
  });

  it('pytorch convention: p = y in {0, 1} gives exactly 0 (never NaN)', () => {
    const r = bceRef(f64(0, 1), f64(0, 1), opts('none', true, 'pytorch'));
    expect(Array.from(r.value as Float64Array)).toEqual([0, 0]);
    expect(Array.from(r.grad!)).toEqual([0, 0]);
  });

  it('tfjs convention: ln(p + eps), no clamp', () => {
    // p=0.5,y=1: -ln(0.5+1e-7), grad -1/(0.5+1e-7); p=0,y=1: -ln(1e-7) = 7 ln 10; p=0,y=0: -ln(1+1e-7)
    const r = bceRef(f64(0.5, 0, 0), f64(1, 1, 0), opts('none', true, 'tfjs'));
    const v = r.value as Float64Array;
    expect(v[0]).toBeCloseTo(-Math.log(0.5 + 1e-7), 14);
    expect(v[1]).toBeCloseTo(7 * Math.LN10, 12);
    expect(v[2]).toBeCloseTo(-1e-7, 14);
    expect(r.grad![0]).toBeCloseTo(-1 / (0.5 + 1e-7), 12);
    expect(r.grad![1]! / -1e7).toBeCloseTo(1, 12);
    // soft target y=0.25 at p=0.5: -(0.25 ln(0.5+eps) + 0.75 ln(0.5+eps)) = -ln(0.5+eps); other eps
    const s = bceRef(f64(0.5), f64(0.25), opts('sum', true, 'tfjs', null, 0.01));
    expect(s.value).toBeCloseTo(-Math.log(0.51), 14);
    expect(s.grad![0]).toBeCloseTo((-0.25 + 0.75) / 0.51, 14);
  });

  it('keras convention: float32 clip bounds, no gradient outside the clip', () => {
    // hi = f32(1 - 1e-7) = 1 - 2^-23, so p=1,y=0 costs -ln(2^-23) = 23 ln 2 (Keras's 15.94)
    // lo = f32(1e-7), so p=0,y=1 costs -ln(f32(1e-7)); both outside the clip: grad 0
    const r = bceRef(f64(1, 0, 0.5), f64(0, 1, 1), opts('none', true, 'keras'));
    const v = r.value as Float64Array;
    expect(v[0]).toBeCloseTo(23 * Math.LN2, 12);
    expect(v[1]).toBeCloseTo(-Math.log(Math.fround(1e-7)), 12);
    expect(v[2]).toBeCloseTo(Math.LN2, 14);
    expect(r.grad![0]).toBe(0);
    expect(r.grad![1]).toBe(0);
    // inside: (q - y)/(q(1-q)) = -0.5/0.25 = -2
    expect(r.grad![2]).toBeCloseTo(-2, 14);
  });

  it('weight broadcasts as weight[i mod L], mean still divides by n', () => {
    const p = f64(0.2, 0.7, 0.4, 0.9);
    const y = f64(0, 1, 1, 0.5);
    for (const conv of ['pytorch', 'tfjs', 'keras'] as const) {
      const base = bceRef(p, y, opts('none', true, conv));
      const bv = base.value as Float64Array;
      const w2 = f64(2, 0.5);
      const wr = bceRef(p, y, opts('none', true, conv, w2));
      const wv = wr.value as Float64Array;
      for (let i = 0; i < 4; i++) {
        expect(wv[i]).toBeCloseTo(bv[i]! * w2[i % 2]!, 14);
        expect(wr.grad![i]).toBeCloseTo(base.grad![i]! * w2[i % 2]!, 14);
      }
      const m = bceRef(p, y, opts('mean', false, conv, w2)).value as number;
      expect(m).toBeCloseTo(total(wv) / 4, 14);
      const w1 = bceRef(p, y, opts('sum', false, conv, f64(3))).value as number;
      expect(w1).toBeCloseTo(3 * total(bv), 13);
    }
    // weight 0 on an element that would cost 100 gives 0
    expect(bceRef(f64(0, 0.5), f64(1, 1), opts('none', false, 'pytorch', f64(0, 1))).value).toEqual(f64(0, Math.LN2));
  });

  it('central-difference gradient, every convention, reduction and weight shape', () => {
    const rnd = seeded(71);
    const n = 8;
    const p = uniform(rnd, n, 0.05, 0.95);
    const y = uniform(rnd, n, 0, 1);
    y[0] = 0;
    y[1] = 1;
    const weights = [null, f64(1.7), f64(0.5, 2), uniform(rnd, n, 0.1, 3)];
    for (const conv of ['pytorch', 'tfjs', 'keras'] as const) {
      for (const w of weights) {
        for (const reduction of R) {
          const f = (xx: Float64Array) => {
            const v = bceRef(xx, y, opts(reduction, false, conv, w)).value;
            return typeof v === 'number' ? v : total(v);
          };
          gradcheck(f, p, bceRef(p, y, opts(reduction, true, conv, w)).grad!);
        }
      }
    }
  });

  it('keras gradient check across the clip (eps = 0.1): clipped elements have numeric gradient 0', () => {
    const p = f64(0.05, 0.3, 0.6, 0.97);
    const y = f64(1, 0.2, 0.9, 0);
    for (const reduction of R) {
      const f = (xx: Float64Array) => {
        const v = bceRef(xx, y, opts(reduction, false, 'keras', null, 0.1)).value;
        return typeof v === 'number' ? v : total(v);
      };
      const g = bceRef(p, y, opts(reduction, true, 'keras', null, 0.1)).grad!;
      expect(g[0]).toBe(0);
      expect(g[3]).toBe(0);
      gradcheck(f, p, g);
    }
  });

  it('relations: mean = sum/n, none sums to sum, none grad = sum grad', () => {
    const rnd = seeded(72);
    const p = uniform(rnd, 12, 0, 1);
    const y = uniform(rnd, 12, 0, 1);
    for (const conv of ['pytorch', 'tfjs', 'keras'] as const) {
      const s = bceRef(p, y, opts('sum', true, conv));
      const m = bceRef(p, y, opts('mean', true, conv));
      const n = bceRef(p, y, opts('none', true, conv));
      expect(m.value as number).toBeCloseTo((s.value as number) / 12, 12);
      expect(total(n.value as Float64Array)).toBeCloseTo(s.value as number, 12);
      expect(Array.from(n.grad!)).toEqual(Array.from(s.grad!));
      for (let i = 0; i < 12; i++) expect(m.grad![i]).toBeCloseTo(s.grad![i]! / 12, 12);
    }
  });

  it('empty input: mean NaN, sum 0', () => {
    const e = new Float64Array(0);
    expect(bceRef(e, e, opts('mean', true, 'pytorch')).value).toBeNaN();
    expect(bceRef(e, e, opts('sum', true, 'keras')).value).toBe(0);
  });
});
