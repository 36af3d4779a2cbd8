import { describe, it, expect } from 'vitest';
import { wingRef } from '../../src/reference/wing.js';
import type { Reduction } from '../../src/types.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const opts = (reduction: Reduction, grad: boolean, numKeypoints: number, omega = 10, epsilon = 2) => ({ reduction, grad, omega, epsilon, numKeypoints });

describe('wingRef', () => {
  it('mmpose-wing-loss: 31.3119375242 with gradient [4, −2, 1, 0]', () => {
    const r = wingRef(f64(0.5, -3, 12, 0), f64(0, 0, 0, 0), opts('mean', true, 2));
    expect(r.value).toBeCloseTo(31.3119375242, 10);
    const want = [4, -2, 1, 0];
    for (let i = 0; i < 4; i++) expect(Math.abs(r.grad![i]! - want[i]!)).toBeLessThan(1e-9);
  });

  it("'none' per element, 'sum' Σ, 'mean' Σ / rows (rows = n / 2K); continuous at d = ω", () => {
    const rnd = seeded(91);
    const x = uniform(rnd, 16, -15, 15), y = uniform(rnd, 16, -2, 2);
    const none = wingRef(x, y, opts('none', true, 4)).value as Float64Array;
    expect(none.length).toBe(16);
    const s = wingRef(x, y, opts('sum', true, 4));
    const m = wingRef(x, y, opts('mean', true, 4));
    expect(s.value).toBeCloseTo(total(none), 12);
    expect(m.value).toBeCloseTo((s.value as number) / 2, 13);
    m.grad!.forEach((g, i) => expect(g).toBeCloseTo(s.grad![i]! / 2, 15));
    const C = 10 - 10 * Math.log(1 + 10 / 2);
    const at = (d: number) => (wingRef(f64(d), f64(0), opts('sum', false, 1)).value as number);
    expect(at(10)).toBeCloseTo(10 - C, 14);
    expect(at(10 - 1e-12)).toBeCloseTo(10 * Math.log(1 + 10 / 2), 10);
    expect(10 - C).toBeCloseTo(10 * Math.log(6), 12);
  });

  it('central-difference gradient away from d = 0 and d = ω', () => {
    const rnd = seeded(92);
    const x = uniform(rnd, 16, -20, 20), y = uniform(rnd, 16, -1, 1);
    for (const red of ['none', 'mean', 'sum'] as const) {
      for (const [omega, epsilon] of [[10, 2], [5, 0.5]] as const) {
        const f = (xx: Float64Array) => { const v = wingRef(xx, y, opts(red, false, 2, omega, epsilon)).value; return typeof v === 'number' ? v : total(v); };
        gradcheck(f, x, wingRef(x, y, opts(red, true, 2, omega, epsilon)).grad!, 1e-6, 1e-9);
      }
    }
  });
});
