import { describe, it, expect } from 'vitest';
import { rmseRef } from '../../src/reference/rmse.js';
import { mseRef } from '../../src/reference/mse.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];

describe('rmseRef', () => {
  it('hand-derived values', () => {
    // d = [3, -4]: ||d|| = 5; mean sqrt(25/2) = 5/sqrt2; grad sum d/5 = [0.6, -0.8];
    // grad mean d/(n*R) = d/(2*5/sqrt2) = d*sqrt2/10
    const s = rmseRef(f64(3, 0), f64(0, 4), { reduction: 'sum', grad: true });
    expect(s.value).toBeCloseTo(5, 14);
    expect(s.grad![0]).toBeCloseTo(0.6, 15);
    expect(s.grad![1]).toBeCloseTo(-0.8, 15);
    const m = rmseRef(f64(3, 0), f64(0, 4), { reduction: 'mean', grad: true });
    expect(m.value).toBeCloseTo(5 / Math.SQRT2, 14);
    expect(m.grad![0]).toBeCloseTo((3 * Math.SQRT2) / 10, 15);
    expect(m.grad![1]).toBeCloseTo((-4 * Math.SQRT2) / 10, 15);
    const n = rmseRef(f64(3, 0, 2), f64(0, 4, 2), { reduction: 'none', grad: true });
    expect(Array.from(n.value as Float64Array)).toEqual([3, 4, 0]);
    expect(Array.from(n.grad!)).toEqual([1, -1, 0]);
  });

  it('gradient is 0, not NaN, where the root is 0', () => {
    for (const reduction of ['mean', 'sum'] as const) {
      const r = rmseRef(f64(1, 2, 3), f64(1, 2, 3), { reduction, grad: true });
      expect(r.value).toBe(0);
      expect(Array.from(r.grad!)).toEqual([0, 0, 0]);
    }
  });

  it('huge errors do not overflow the norm', () => {
    // d = [3e200, 4e200] -> ||d|| = 5e200 (d^2 alone would overflow)
    const r = rmseRef(f64(3e200, 4e200), f64(0, 0), { reduction: 'sum', grad: true });
    expect((r.value as number) / 5e200).toBeCloseTo(1, 14);
    expect(r.grad![1]).toBeCloseTo(0.8, 14);
  });

  it('central-difference gradient, every reduction', () => {
    const rnd = seeded(31);
    const y = uniform(rnd, 10, -3, 3);
    const x = y.map((v, i) => v + (i % 2 ? 1 : -1) * (0.2 + rnd()));
    for (const reduction of R) {
      const f = (xx: Float64Array) => {
        const v = rmseRef(xx, y, { reduction, grad: false }).value;
        return typeof v === 'number' ? v : total(v);
      };
      gradcheck(f, x, rmseRef(x, y, { reduction, grad: true }).grad!);
    }
  });

  it('relations: rmse^2 = mse (mean), sum^2 = sum of squares', () => {
    const rnd = seeded(32);
    const x = uniform(rnd, 23, -5, 5);
    const y = uniform(rnd, 23, -5, 5);
    const rm = rmseRef(x, y, { reduction: 'mean', grad: false }).value as number;
    const rs = rmseRef(x, y, { reduction: 'sum', grad: false }).value as number;
    expect(rm * rm).toBeCloseTo(mseRef(x, y, { reduction: 'mean', grad: false }).value as number, 12);
    expect(rs * rs).toBeCloseTo(mseRef(x, y, { reduction: 'sum', grad: false }).value as number, 11);
    // chain rule: d sqrt(M)/dx = M'/(2 sqrt M)
    const g = rmseRef(x, y, { reduction: 'mean', grad: true }).grad!;
    const gm = mseRef(x, y, { reduction: 'mean', grad: true }).grad!;
    for (let i = 0; i < 23; i++) expect(g[i]).toBeCloseTo(gm[i]! / (2 * rm), 14);
  });

  it('empty input: mean NaN, sum 0', () => {
    const e = new Float64Array(0);
    expect(rmseRef(e, e, { reduction: 'mean', grad: true }).value).toBeNaN();
    expect(rmseRef(e, e, { reduction: 'sum', grad: true }).value).toBe(0);
  });
});
