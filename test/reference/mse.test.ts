import { describe, it, expect } from 'vitest';
import { mseRef } from '../../src/reference/mse.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];

describe('mseRef', () => {
  it('hand-derived values', () => {
    // d = [1, -2, 3]: d^2 = [1, 4, 9], sum 14, mean 14/3; grad of mean 2d/3 = [2/3, -4/3, 2]
    const m = mseRef(f64(1, 0, 3), f64(0, 2, 0), { reduction: 'mean', grad: true });
    expect(m.value).toBeCloseTo(14 / 3, 14);
    expect(m.grad![0]).toBeCloseTo(2 / 3, 15);
    expect(m.grad![1]).toBeCloseTo(-4 / 3, 15);
    expect(m.grad![2]).toBeCloseTo(2, 15);
    expect(mseRef(f64(1, 0, 3), f64(0, 2, 0), { reduction: 'sum', grad: false }).value).toBe(14);
    const n = mseRef(f64(1, 0, 3), f64(0, 2, 0), { reduction: 'none', grad: true });
    expect(Array.from(n.value as Float64Array)).toEqual([1, 4, 9]);
    expect(Array.from(n.grad!)).toEqual([2, -4, 6]);
  });

  it('central-difference gradient, every reduction', () => {
    const rnd = seeded(21);
    const x = uniform(rnd, 11, -4, 4);
    const y = uniform(rnd, 11, -4, 4);
    for (const reduction of R) {
      const f = (xx: Float64Array) => {
        const v = mseRef(xx, y, { reduction, grad: false }).value;
        return typeof v === 'number' ? v : total(v);
      };
      gradcheck(f, x, mseRef(x, y, { reduction, grad: true }).grad!);
    }
  });

  it('relations: mean = sum/n, none sums to sum', () => {
    const rnd = seeded(22);
    const x = uniform(rnd, 13, -5, 5);
    const y = uniform(rnd, 13, -5, 5);
    const s = mseRef(x, y, { reduction: 'sum', grad: true });
    const m = mseRef(x, y, { reduction: 'mean', grad: true });
    const n = mseRef(x, y, { reduction: 'none', grad: true });
    expect(m.value as number).toBeCloseTo((s.value as number) / 13, 12);
    expect(total(n.value as Float64Array)).toBeCloseTo(s.value as number, 12);
    expect(Array.from(n.grad!)).toEqual(Array.from(s.grad!));
  });

  it('empty input: mean NaN, sum 0', () => {
    const e = new Float64Array(0);
    expect(mseRef(e, e, { reduction: 'mean', grad: true }).value).toBeNaN();
    expect(mseRef(e, e, { reduction: 'sum', grad: true }).value).toBe(0);
  });
});
