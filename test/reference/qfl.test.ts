import { describe, it, expect } from 'vitest';
import { qflRef } from '../../src/reference/qfl.js';
import { bceLogitsRef } from '../../src/reference/bce_logits.js';
import type { Reduction } from '../../src/types.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const opts = (reduction: Reduction, grad: boolean, numClasses: number, beta = 2) => ({ reduction, grad, numClasses, beta });

describe('qflRef', () => {
  it('mmdet-quality-focal-loss: 1.21724325173 with its gradient (nothing detached)', () => {
    // labels [1, 3 = background], scores [0.8, 0] → soft targets [[0, 0.8, 0], [0, 0, 0]]
    const x = f64(0.2, -1.0, 0.5, 1.5, 0.3, -0.4), t = f64(0, 0.8, 0, 0, 0, 0);
    const r = qflRef(x, t, opts('mean', true, 3));
    expect(r.value).toBeCloseTo(1.21724325173, 10);
    const want = [0.191733333321, -0.191123808113, 0.263075910945, 0.480712343598, 0.214753234307, 0.0817807226383];
    for (let i = 0; i < 6; i++) expect(Math.abs(r.grad![i]! - want[i]!)).toBeLessThan(1e-9);
  });

  it("rows: 'none' [N] is the row sum over classes; 'mean' over N rows; β = 0 gives BCE-with-logits", () => {
    const rnd = seeded(51);
    const x = uniform(rnd, 12, -3, 3), t = uniform(rnd, 12, 0, 1);
    const none = qflRef(x, t, opts('none', false, 4)).value as Float64Array;
    expect(none.length).toBe(3);
    expect(qflRef(x, t, opts('mean', false, 4)).value).toBeCloseTo(total(none) / 3, 15);
    const b0 = qflRef(x, t, opts('sum', true, 4, 0));
    const bce = bceLogitsRef(x, t, { reduction: 'sum', grad: true, weight: null, posWeight: null });
    expect(b0.value).toBeCloseTo(bce.value as number, 13);
    b0.grad!.forEach((g, i) => expect(g).toBeCloseTo(bce.grad![i]!, 14));
    // negatives: BCE(x, 0)·σ^β
    const n = qflRef(f64(0.7), f64(0), opts('sum', false, 1)).value as number;
    const s = 1 / (1 + Math.exp(-0.7));
    expect(n).toBeCloseTo(Math.log1p(Math.exp(0.7)) * s * s, 15);
  });

  it('extreme logits: finite gradient, no NaN', () => {
    const r = qflRef(f64(Infinity, -Infinity, 60, -60), f64(1, 0, 0.5, 0), opts('sum', true, 2));
    expect(Number.isNaN(r.value as number)).toBe(false);
    expect(r.grad!.every(Number.isFinite)).toBe(true);
  });

  it('central-difference gradient', () => {
    const rnd = seeded(52);
    const x = uniform(rnd, 12, -4, 4), t = uniform(rnd, 12, 0, 1);
    for (let i = 0; i < 12; i += 3) t[i] = 0;
    for (const beta of [0.5, 1, 2, 3]) {
      for (const red of ['none', 'mean', 'sum'] as const) {
        const f = (xx: Float64Array) => { const v = qflRef(xx, t, opts(red, false, 3, beta)).value; return typeof v === 'number' ? v : total(v); };
        gradcheck(f, x, qflRef(x, t, opts(red, true, 3, beta)).grad!, 1e-6, 1e-9);
      }
    }
  });
});
