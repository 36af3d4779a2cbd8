import { describe, it, expect } from 'vitest';
import { dflRef } from '../../src/reference/dfl.js';
import { crossEntropyRef } from '../../src/reference/cross_entropy.js';
import type { Reduction } from '../../src/types.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const opts = (reduction: Reduction, grad: boolean, regMax: number, convention: 'ultralytics' | 'mmdet' = 'ultralytics', clampTarget = true) => ({
  reduction, grad, regMax, convention, clampTarget,
});

describe('dflRef', () => {
  it('ultralytics-dfloss-clamp: 1.90894434393 (3.5 clamped to 2.99)', () => {
    const x = f64(0.2, 1.0, -0.3, 0.5, 1.5, 0.1, 0.0, -1.0, 0.3, 0.3, 2.0, 0.7, -0.2, 0.4, 0.9, 0.1);
    const y = f64(0.5, 2.7, 3.5, 0.0);
    expect(dflRef(x, y, opts('mean', false, 4)).value).toBeCloseTo(1.90894434393, 10);
    // clamping is the same as passing 2.99
    const c = dflRef(x, f64(0.5, 2.7, 2.99, 0.0), opts('none', false, 4, 'ultralytics', false)).value as Float64Array;
    expect((dflRef(x, y, opts('none', false, 4)).value as Float64Array)[2]).toBe(c[2]);
  });

  it('l = wl·CE(tl) + wr·CE(tr); integer targets reduce to CE; gradient softmax − wl·e_tl − wr·e_tr', () => {
    const rnd = seeded(71);
    const x = uniform(rnd, 10, -2, 2); // 2 rows of 5 bins (mmdet, regMax 4)
    const y = f64(1.25, 3.0);
    const r = dflRef(x, y, opts('none', true, 4, 'mmdet'));
    const ce = (row: number, c: number) => crossEntropyRef(x.subarray(5 * row, 5 * row + 5), Int32Array.of(c), {
      reduction: 'sum', grad: false, numClasses: 5, weight: null, ignoreIndex: -100, labelSmoothing: 0,
    }).value as number;
    const v = r.value as Float64Array;
    expect(v[0]).toBeCloseTo(0.75 * ce(0, 1) + 0.25 * ce(0, 2), 14);
    expect(v[1]).toBeCloseTo(ce(1, 3), 14);
    for (let row = 0; row < 2; row++) {
      const z = Array.from(x.subarray(5 * row, 5 * row + 5)).reduce((s, a) => s + Math.exp(a), 0);
      const tl = Math.floor(y[row]!), wl = tl + 1 - y[row]!, wr = y[row]! - tl;
      for (let k = 0; k < 5; k++) {
        const want = Math.exp(x[5 * row + k]!) / z - (k === tl ? wl : 0) - (k === tl + 1 ? wr : 0);
        expect(r.grad![5 * row + k]).toBeCloseTo(want, 14);
      }
    }
  });

  it('conventions: bins regMax (ultralytics) vs regMax + 1 (mmdet), clamps regMax − 1.01 vs regMax − 0.1', () => {
    const rnd = seeded(72);
    const x = uniform(rnd, 17, -1, 1);
    const m = dflRef(x, f64(100), opts('sum', true, 16, 'mmdet'));
    const m2 = dflRef(x, f64(15.9), opts('sum', false, 16, 'mmdet', false));
    expect(m.value).toBe(m2.value);
    expect(m.grad!.length).toBe(17);
    const u = dflRef(x.subarray(0, 16), f64(100), opts('sum', true, 16));
    const u2 = dflRef(x.subarray(0, 16), f64(14.99), opts('sum', false, 16, 'ultralytics', false));
    expect(u.value).toBe(u2.value);
    expect(u.grad!.length).toBe(16);
    expect(dflRef(x, new Float64Array(0), opts('mean', false, 16, 'mmdet')).value).toBeNaN();
  });

  it('central-difference gradient, both conventions', () => {
    const rnd = seeded(73);
    for (const convention of ['ultralytics', 'mmdet'] as const) {
      const bins = convention === 'ultralytics' ? 8 : 9;
      const x = uniform(rnd, 4 * bins, -3, 3);
      const y = f64(0.3, 2.5, 6.2, 7.9);
      for (const red of ['none', 'mean', 'sum'] as const) {
        const f = (xx: Float64Array) => { const v = dflRef(xx, y, opts(red, false, 8, convention)).value; return typeof v === 'number' ? v : total(v); };
        gradcheck(f, x, dflRef(x, y, opts(red, true, 8, convention)).grad!, 1e-6, 1e-9);
      }
    }
  });
});
