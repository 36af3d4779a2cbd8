import { describe, it, expect } from 'vitest';
import { powerRef } from '../../src/reference/power.js';
import { mseRef } from '../../src/reference/mse.js';
import { l1Ref } from '../../src/reference/l1.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];

describe('powerRef', () => {
  it('hand-derived values', () => {
    // p = 3, d = [-2, 1]: |d|^3 = [8, 1] sum 9; grad 3|d|^2 sign(d) = [-12, 3]
    const s = powerRef(f64(0, 1), f64(2, 0), { reduction: 'sum', grad: true, p: 3 });
    expect(s.value).toBe(9);
    expect(Array.from(s.grad!)).toEqual([-12, 3]);
    // p = 0.5, d = [4, 0, -9]: sqrt|d| = [2, 0, 3] mean 5/3; grad 0.5/sqrt|d| sign = [0.25, 0 (d = 0), -1/6]
    const m = powerRef(f64(4, 1, 0), f64(0, 1, 9), { reduction: 'mean', grad: true, p: 0.5 });
    expect(m.value).toBeCloseTo(5 / 3, 14);
    expect(m.grad![0]).toBeCloseTo(0.25 / 3, 15);
    expect(m.grad![1]).toBe(0);
    expect(m.grad![2]).toBeCloseTo(-1 / 6 / 3, 15);
  });

  it('gradient exactly 0 at d = 0 for every p', () => {
    for (const p of [0.3, 1, 1.5, 2, 4]) {
      const r = powerRef(f64(7), f64(7), { reduction: 'sum', grad: true, p });
      expect(r.value).toBe(0);
      expect(r.grad![0]).toBe(0);
    }
  });

  it('central-difference gradient, every reduction and several p', () => {
    const rnd = seeded(41);
    const y = uniform(rnd, 8, -3, 3);
    const x = y.map((v, i) => v + (i % 2 ? 1 : -1) * (0.2 + rnd()));
    for (const p of [0.5, 1.5, 2, 3.7]) {
      for (const reduction of R) {
        const f = (xx: Float64Array) => {
          const v = powerRef(xx, y, { reduction, grad: false, p }).value;
          return typeof v === 'number' ? v : total(v);
        };
        gradcheck(f, x, powerRef(x, y, { reduction, grad: true, p }).grad!);
      }
    }
  });

  it('relations: p = 2 is mse, p = 1 is l1, mean = sum/n', () => {
    const rnd = seeded(42);
    const x = uniform(rnd, 15, -5, 5);
    const y = uniform(rnd, 15, -5, 5);
    for (const reduction of R) {
      const a = powerRef(x, y, { reduction, grad: true, p: 2 });
      const b = mseRef(x, y, { reduction, grad: true });
      const c = powerRef(x, y, { reduction, grad: true, p: 1 });
      const d = l1Ref(x, y, { reduction, grad: true });
      if (reduction === 'none') {
        const av = a.value as Float64Array, bv = b.value as Float64Array, cv = c.value as Float64Array, dv = d.value as Float64Array;
        for (let i = 0; i < 15; i++) {
          expect(av[i]).toBeCloseTo(bv[i]!, 12);
          expect(cv[i]).toBeCloseTo(dv[i]!, 12);
        }
      } else {
        expect(a.value as number).toBeCloseTo(b.value as number, 11);
        expect(c.value as number).toBeCloseTo(d.value as number, 11);
      }
      for (let i = 0; i < 15; i++) {
        expect(a.grad![i]).toBeCloseTo(b.grad![i]!, 12);
        expect(c.grad![i]).toBeCloseTo(d.grad![i]!, 12);
      }
    }
    const s = powerRef(x, y, { reduction: 'sum', grad: false, p: 1.3 }).value as number;
    expect(powerRef(x, y, { reduction: 'mean', grad: false, p: 1.3 }).value as number).toBeCloseTo(s / 15, 12);
  });

  it('empty input: mean NaN, sum 0', () => {
    const e = new Float64Array(0);
    expect(powerRef(e, e, { reduction: 'mean', grad: false, p: 3 }).value).toBeNaN();
    expect(powerRef(e, e, { reduction: 'sum', grad: false, p: 3 }).value).toBe(0);
  });
});
