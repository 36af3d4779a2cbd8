import { describe, it, expect } from 'vitest';
import { vflRef } from '../../src/reference/vfl.js';
import { bceLogitsRef } from '../../src/reference/bce_logits.js';
import type { Reduction } from '../../src/types.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const opts = (reduction: Reduction, grad: boolean, numClasses: number, convention: 'mmdet' | 'ultralytics' = 'mmdet', alpha = 0.75, gamma = 2) => ({
  reduction, grad, numClasses, alpha, gamma, convention,
});
const bce = (x: number, t: number) => (1 - t) * Math.log1p(Math.exp(x)) + t * Math.log1p(Math.exp(-x));

describe('vflRef', () => {
  it('hand values: positives weighted by t, negatives by α·σ^γ', () => {
    const x = f64(0.3, -1.2, 2.0, 0.1), t = f64(0.9, 0, 0, 0.4);
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const want = [0.9 * bce(0.3, 0.9), 0.75 * s(-1.2) ** 2 * bce(-1.2, 0), 0.75 * s(2) ** 2 * bce(2, 0), 0.4 * bce(0.1, 0.4)];
    const none = vflRef(x, t, opts('none', false, 2)).value as Float64Array;
    for (let i = 0; i < 4; i++) expect(none[i]).toBeCloseTo(want[i]!, 15);
    expect(vflRef(x, t, opts('mean', false, 2)).value).toBeCloseTo(total(want) / 4, 15);
    // ultralytics: same elements, 'mean' = Σ/C
    expect(vflRef(x, t, opts('mean', false, 2, 'ultralytics')).value).toBeCloseTo(total(want) / 2, 15);
    expect(Array.from(vflRef(x, t, opts('none', false, 2, 'ultralytics')).value as Float64Array)).toEqual(Array.from(none));
  });

  it('all-positive targets: VFL = t·BCE (value and gradient, the weight t is constant)', () => {
    const rnd = seeded(61);
    const x = uniform(rnd, 8, -3, 3), t = uniform(rnd, 8, 0.05, 1);
    const a = vflRef(x, t, opts('sum', true, 4));
    const b = bceLogitsRef(x, t, { reduction: 'sum', grad: true, weight: t, posWeight: null });
    expect(a.value).toBeCloseTo(b.value as number, 14);
    a.grad!.forEach((g, i) => expect(g).toBeCloseTo(b.grad![i]!, 14));
  });

  it('extreme logits: no NaN', () => {
    const r = vflRef(f64(Infinity, -Infinity, 800, -800), f64(1, 0, 0, 0.5), opts('sum', true, 2));
    expect(Number.isNaN(r.value as number)).toBe(false);
    expect(r.grad!.some(Number.isNaN)).toBe(false);
  });

  it('central-difference gradient (the negative weight is not detached), both conventions', () => {
    const rnd = seeded(62);
    const x = uniform(rnd, 12, -4, 4), t = uniform(rnd, 12, 0, 1);
    for (let i = 0; i < 12; i += 2) t[i] = 0;
    for (const convention of ['mmdet', 'ultralytics'] as const) {
      for (const gamma of [0.5, 1, 2]) {
        for (const red of ['none', 'mean', 'sum'] as const) {
          const o = opts(red, false, 3, convention, 0.75, gamma);
          const f = (xx: Float64Array) => { const v = vflRef(xx, t, o).value; return typeof v === 'number' ? v : total(v); };
          gradcheck(f, x, vflRef(x, t, { ...o, grad: true }).grad!, 1e-6, 1e-9);
        }
      }
    }
  });
});
