import { describe, it, expect } from 'vitest';
import { centernessRef, centernessTargetRef } from '../../src/reference/centerness.js';
import { bceLogitsRef } from '../../src/reference/bce_logits.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);

describe('centernessTargetRef / centernessRef', () => {
  it('target: sqrt(min/max(l, r)·min/max(t, b)); 1 at the centre; 0 where a max is 0', () => {
    const c = centernessTargetRef(f64(1, 1, 1, 1, 1, 2, 3, 4, 0, 1, 2, 3, 0, 0, 0, 5, 2, 0, 0, 0));
    expect(c[0]).toBe(1);
    expect(c[1]).toBeCloseTo(Math.sqrt((1 / 3) * (2 / 4)), 15);
    expect(c[2]).toBe(0); // l = 0: min 0
    expect(c[3]).toBe(0); // l = r = 0: max 0
    expect(c[4]).toBe(0); // t = b = 0
    expect(Array.from(c).every(Number.isFinite)).toBe(true);
  });

  it('loss = BCE-with-logits(x, target(ltrb)) in value and gradient', () => {
    const rnd = seeded(81);
    const x = uniform(rnd, 6, -4, 4);
    const ltrb = uniform(rnd, 24, 0.1, 5);
    const t = centernessTargetRef(ltrb);
    for (const red of ['none', 'mean', 'sum'] as const) {
      const a = centernessRef(x, ltrb, { reduction: red, grad: true });
      const b = bceLogitsRef(x, t, { reduction: red, grad: true, weight: null, posWeight: null });
      if (red === 'none') (a.value as Float64Array).forEach((v, i) => expect(v).toBeCloseTo((b.value as Float64Array)[i]!, 15));
      else expect(a.value).toBeCloseTo(b.value as number, 15);
      a.grad!.forEach((g, i) => expect(g).toBeCloseTo(b.grad![i]!, 15));
    }
  });

  it('central-difference gradient w.r.t. the logits', () => {
    const rnd = seeded(82);
    const x = uniform(rnd, 7, -5, 5);
    const ltrb = uniform(rnd, 28, 0, 3);
    for (const red of ['none', 'mean', 'sum'] as const) {
      const f = (xx: Float64Array) => { const v = centernessRef(xx, ltrb, { reduction: red, grad: false }).value; return typeof v === 'number' ? v : total(v); };
      gradcheck(f, x, centernessRef(x, ltrb, { reduction: red, grad: true }).grad!);
    }
  });
});
