import { describe, it, expect } from 'vitest';
import { l1Ref } from '../../src/reference/l1.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];

describe('l1Ref', () => {
  it('hand-derived values', () => {
    // |d| = [5, 5, 6] -> sum 16, mean 16/3
    expect(l1Ref(f64(25, 55, 96), f64(30, 60, 90), { reduction: 'mean', grad: false }).value).toBeCloseTo(16 / 3, 14);
    expect(l1Ref(f64(25, 55, 96), f64(30, 60, 90), { reduction: 'sum', grad: false }).value).toBe(16);
    // 2^24 + 4 = 16777220 is exact in float64 (a float32 running sum would lose the ones); /5 = 3355444 exactly
    expect(l1Ref(f64(16777216, 1, 1, 1, 1), new Float64Array(5), { reduction: 'mean', grad: false }).value).toBe(3355444);
  });

  it('gradient is sign(d)/n with sign(0) = 0', () => {
    // d = [-1, 0, 2, -3] -> sign [-1, 0, 1, -1], mean divides by 4
    const r = l1Ref(f64(1, 2, 5, 0), f64(2, 2, 3, 3), { reduction: 'mean', grad: true });
    expect(Array.from(r.grad!)).toEqual([-0.25, 0, 0.25, -0.25]);
    const s = l1Ref(f64(1, 2, 5, 0), f64(2, 2, 3, 3), { reduction: 'none', grad: true });
    expect(Array.from(s.value as Float64Array)).toEqual([1, 0, 2, 3]);
    expect(Array.from(s.grad!)).toEqual([-1, 0, 1, -1]);
  });

  it('central-difference gradient, every reduction (away from d = 0)', () => {
    const rnd = seeded(11);
    const y = uniform(rnd, 9, -3, 3);
    const x = y.map((v, i) => v + (i % 2 ? 1 : -1) * (0.1 + rnd()));
    for (const reduction of R) {
      const f = (xx: Float64Array) => {
        const v = l1Ref(xx, y, { reduction, grad: false }).value;
        return typeof v === 'number' ? v : total(v);
      };
      gradcheck(f, x, l1Ref(x, y, { reduction, grad: true }).grad!);
    }
  });

  it('relations: mean = sum/n, none sums to sum', () => {
    const rnd = seeded(12);
    const x = uniform(rnd, 17, -5, 5);
    const y = uniform(rnd, 17, -5, 5);
    const s = l1Ref(x, y, { reduction: 'sum', grad: true });
    const m = l1Ref(x, y, { reduction: 'mean', grad: true });
    const n = l1Ref(x, y, { reduction: 'none', grad: true });
    expect(m.value as number).toBeCloseTo((s.value as number) / 17, 12);
    expect(total(n.value as Float64Array)).toBeCloseTo(s.value as number, 12);
    expect(Array.from(n.grad!)).toEqual(Array.from(s.grad!));
    for (let i = 0; i < 17; i++) expect(m.grad![i]).toBeCloseTo(s.grad![i]! / 17, 15);
  });

  it('empty input: mean NaN, sum 0, none empty', () => {
    const e = new Float64Array(0);
    expect(l1Ref(e, e, { reduction: 'mean', grad: false }).value).toBeNaN();
    expect(l1Ref(e, e, { reduction: 'sum', grad: false }).value).toBe(0);
    const n = l1Ref(e, e, { reduction: 'none', grad: true });
    expect((n.value as Float64Array).length).toBe(0);
    expect(n.grad!.length).toBe(0);
  });

  it('no grad key unless asked', () => {
    expect('grad' in l1Ref(f64(1), f64(0), { reduction: 'mean', grad: false })).toBe(false);
  });
});
