import { describe, it, expect } from 'vitest';
import { smoothL1Ref } from '../../src/reference/smooth_l1.js';
import { l1Ref } from '../../src/reference/l1.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];

describe('smoothL1Ref', () => {
  it('hand-derived values', () => {
    // beta = 1, d = [0.5, 2, -3]: [0.5*0.25/1, 2 - 0.5, 3 - 0.5] = [0.125, 1.5, 2.5]; grad [0.5, 1, -1]
    const n = smoothL1Ref(f64(0.5, 2, 0), f64(0, 0, 3), { reduction: 'none', grad: true, beta: 1 });
    expect(Array.from(n.value as Float64Array)).toEqual([0.125, 1.5, 2.5]);
    expect(Array.from(n.grad!)).toEqual([0.5, 1, -1]);
    // mmpose literal: beta = 0.5, d = 1 -> 1 - 0.25 = 0.75
    expect(smoothL1Ref(f64(1), f64(0), { reduction: 'mean', grad: false, beta: 0.5 }).value).toBe(0.75);
    // beta = 2, d = [1, -1]: 0.5*1/2 = 0.25 each, mean 0.25; grad d/beta/n = [0.25, -0.25]
    const m = smoothL1Ref(f64(1, -1), f64(0, 0), { reduction: 'mean', grad: true, beta: 2 });
    expect(m.value).toBe(0.25);
    expect(Array.from(m.grad!)).toEqual([0.25, -0.25]);
  });

  it('central-difference gradient, every reduction, several beta (away from |d| = beta and 0)', () => {
    // |d| in {0.1, 0.35, 0.8, 1.7, 3} patterns; betas chosen so none is within 0.04 of |d|
    const y = f64(0.5, -1, 2, 0.3, -0.7, 1.1, 0, 2.5, -2);
    const dd = [0.1, -0.35, 0.8, -1.7, 3, -0.1, 0.35, -0.8, 1.7];
    const x = y.map((v, i) => v + dd[i]!);
    for (const beta of [0, 0.5, 1, 2.2]) {
      for (const reduction of R) {
        const f = (xx: Float64Array) => {
          const v = smoothL1Ref(xx, y, { reduction, grad: false, beta }).value;
          return typeof v === 'number' ? v : total(v);
        };
        gradcheck(f, x, smoothL1Ref(x, y, { reduction, grad: true, beta }).grad!);
      }
    }
  });

  it('relations: beta = 0 equals l1 (value and grad), mean = sum/n, none sums to sum', () => {
    const rnd = seeded(51);
    const x = uniform(rnd, 19, -3, 3);
    const y = uniform(rnd, 19, -3, 3);
    for (const reduction of R) {
      const a = smoothL1Ref(x, y, { reduction, grad: true, beta: 0 });
      const b = l1Ref(x, y, { reduction, grad: true });
      if (reduction === 'none') expect(Array.from(a.value as Float64Array)).toEqual(Array.from(b.value as Float64Array));
      else expect(a.value).toBe(b.value);
      expect(Array.from(a.grad!)).toEqual(Array.from(b.grad!));
    }
    const s = smoothL1Ref(x, y, { reduction: 'sum', grad: false, beta: 0.7 }).value as number;
    expect(smoothL1Ref(x, y, { reduction: 'mean', grad: false, beta: 0.7 }).value as number).toBeCloseTo(s / 19, 12);
    expect(total(smoothL1Ref(x, y, { reduction: 'none', grad: false, beta: 0.7 }).value as Float64Array)).toBeCloseTo(s, 12);
  });

  it('continuity at |d| = beta', () => {
    const beta = 0.8;
    const a = smoothL1Ref(f64(beta * (1 - 1e-12)), f64(0), { reduction: 'sum', grad: false, beta }).value as number;
    const b = smoothL1Ref(f64(beta), f64(0), { reduction: 'sum', grad: false, beta }).value as number;
    expect(a).toBeCloseTo(0.5 * beta, 10);
    expect(b).toBeCloseTo(0.5 * beta, 14);
  });

  it('empty input: mean NaN, sum 0', () => {
    const e = new Float64Array(0);
    expect(smoothL1Ref(e, e, { reduction: 'mean', grad: false, beta: 1 }).value).toBeNaN();
    expect(smoothL1Ref(e, e, { reduction: 'sum', grad: false, beta: 1 }).value).toBe(0);
  });
});
