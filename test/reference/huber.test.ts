import { describe, it, expect } from 'vitest';
import { huberRef } from '../../src/reference/huber.js';
import { smoothL1Ref } from '../../src/reference/smooth_l1.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];

describe('huberRef', () => {
  it('hand-derived values (delta 0.5)', () => {
    // d = [0.2, -1, 2, -0.2]; |d| < 0.5 -> 0.5 d^2 = 0.02; else 0.5(|d| - 0.25): 0.375, 0.875
    // sum 1.29, mean 0.3225; grad clamp(d, -0.5, 0.5)/4 = [0.05, -0.125, 0.125, -0.05]
    const r = huberRef(f64(0.2, -1, 3, 0.1), f64(0, 0, 1, 0.3), { reduction: 'mean', grad: true, delta: 0.5 });
    expect(r.value).toBeCloseTo(0.3225, 14);
    const want = [0.05, -0.125, 0.125, -0.05];
    for (let i = 0; i < 4; i++) expect(r.grad![i]).toBeCloseTo(want[i]!, 15);
  });

  it('default-like delta 1: d = 3 -> 1*(3 - 0.5) = 2.5, grad 1', () => {
    const r = huberRef(f64(3), f64(0), { reduction: 'sum', grad: true, delta: 1 });
    expect(r.value).toBe(2.5);
    expect(r.grad![0]).toBe(1);
  });

  it('central-difference gradient, every reduction, several delta', () => {
    const y = f64(0.5, -1, 2, 0.3, -0.7, 1.1, 0, 2.5);
    const dd = [0.1, -0.35, 0.8, -1.7, 3, -0.1, 0.35, -0.8];
    const x = y.map((v, i) => v + dd[i]!);
    for (const delta of [0.5, 1, 2.2]) {
      for (const reduction of R) {
        const f = (xx: Float64Array) => {
          const v = huberRef(xx, y, { reduction, grad: false, delta }).value;
          return typeof v === 'number' ? v : total(v);
        };
        gradcheck(f, x, huberRef(x, y, { reduction, grad: true, delta }).grad!);
      }
    }
  });

  it('relations: huber(delta) = delta * smoothL1(beta = delta); mean = sum/n', () => {
    const rnd = seeded(61);
    const x = uniform(rnd, 21, -4, 4);
    const y = uniform(rnd, 21, -4, 4);
    for (const delta of [0.3, 1, 2.5]) {
      for (const reduction of R) {
        const h = huberRef(x, y, { reduction, grad: true, delta });
        const s = smoothL1Ref(x, y, { reduction, grad: true, beta: delta });
        if (reduction === 'none') {
          const hv = h.value as Float64Array, sv = s.value as Float64Array;
          for (let i = 0; i < 21; i++) expect(hv[i]).toBeCloseTo(delta * sv[i]!, 12);
        } else expect(h.value as number).toBeCloseTo(delta * (s.value as number), 11);
        for (let i = 0; i < 21; i++) expect(h.grad![i]).toBeCloseTo(delta * s.grad![i]!, 13);
      }
    }
    const s = huberRef(x, y, { reduction: 'sum', grad: false, delta: 1 }).value as number;
    expect(huberRef(x, y, { reduction: 'mean', grad: false, delta: 1 }).value as number).toBeCloseTo(s / 21, 12);
    expect(total(huberRef(x, y, { reduction: 'none', grad: false, delta: 1 }).value as Float64Array)).toBeCloseTo(s, 12);
  });

  it('empty input: mean NaN, sum 0', () => {
    const e = new Float64Array(0);
    expect(huberRef(e, e, { reduction: 'mean', grad: false, delta: 1 }).value).toBeNaN();
    expect(huberRef(e, e, { reduction: 'sum', grad: false, delta: 1 }).value).toBe(0);
  });
});
