import { describe, it, expect } from 'vitest';
import { crossEntropyRef } from '../../src/reference/cross_entropy.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const i32 = (...v: number[]) => new Int32Array(v);
const R: Reduction[] = ['none', 'mean', 'sum'];
const opts = (
  reduction: Reduction,
  grad: boolean,
  numClasses: number,
  extra: { weight?: Float64Array | null; ignoreIndex?: number; labelSmoothing?: number } = {},
) => ({
  reduction,
  grad,
  numClasses,
  weight: extra.weight ?? null,
  ignoreIndex: extra.ignoreIndex ?? -100,
  labelSmoothing: extra.labelSmoothing ?? 0,
});

const LOGITS = f64(2, 1, 0.1, 0.5, 2.5, 0.3, 1.2, 0.2, 3.1, 0.3, 0.3, 0.3);
const TARGETS = i32(0, 2, 1, -100);

const oneHot = (t: Int32Array, C: number) => {
  const out = new Float64Array(t.length * C);
  for (let i = 0; i < t.length; i++) out[i * C + t[i]!] = 1;
  return out;
};

describe('crossEntropyRef', () => {
  it('two classes by hand: logits [0, ln 3] -> p = [1/4, 3/4]', () => {
    // target 1: loss -ln(3/4), grad p - onehot = [0.25, -0.25]
    const r = crossEntropyRef(f64(0, Math.log(3)), i32(1), opts('mean', true, 2));
    expect(r.value).toBeCloseTo(-Math.log(0.75), 15);
    expect(r.grad![0]).toBeCloseTo(0.25, 15);
    expect(r.grad![1]).toBeCloseTo(-0.25, 15);
    // label smoothing 0.5, C=2, no weights: 0.5(-ln .75) + 0.25(-ln .25 - ln .75)
    const s = crossEntropyRef(f64(0, Math.log(3)), i32(1), opts('sum', true, 2, { labelSmoothing: 0.5 }));
    expect(s.value).toBeCloseTo(-0.5 * Math.log(0.75) - 0.25 * (Math.log(0.25) + Math.log(0.75)), 15);
    // grad: 0.5(p - e1) + 0.25(2p - 1) = [0.125 + 0.25*(-0.5), -0.125 + 0.25*0.5] = [0, 0]
    expect(s.grad![0]).toBeCloseTo(0, 15);
    expect(s.grad![1]).toBeCloseTo(0, 15);
  });

  it('PyTorch literals: plain mean over kept rows, weighted + smoothed mean', () => {
    const r = crossEntropyRef(LOGITS, TARGETS, opts('mean', true, 3));
    expect(r.value).toBeCloseTo(1.97440677542, 10);
    // ignored row has zero gradient
    expect(Array.from(r.grad!.subarray(9))).toEqual([0, 0, 0]);
    // each kept row's gradient sums to 0 (softmax minus one-hot)
    for (let i = 0; i < 3; i++) expect(total(r.grad!.subarray(3 * i, 3 * i + 3))).toBeCloseTo(0, 15);
    const w = crossEntropyRef(LOGITS, TARGETS, opts('mean', false, 3, { weight: f64(0.2, 0.3, 0.5), labelSmoothing: 0.1 }));
    expect(w.value).toBeCloseTo(2.15811971165, 10);
  });

  it('weighted mean divides by the sum of kept target weights', () => {
    const wt = f64(0.2, 0.3, 0.5);
    const s = crossEntropyRef(LOGITS, TARGETS, opts('sum', true, 3, { weight: wt })).value as number;
    const m = crossEntropyRef(LOGITS, TARGETS, opts('mean', true, 3, { weight: wt })).value as number;
    // kept targets 0, 2, 1 -> 0.2 + 0.5 + 0.3 = 1
    expect(m).toBeCloseTo(s / 1.0, 14);
    const noW = crossEntropyRef(LOGITS, TARGETS, opts('sum', false, 3)).value as number;
    expect(crossEntropyRef(LOGITS, TARGETS, opts('mean', false, 3)).value as number).toBeCloseTo(noW / 3, 14);
  });

  it('ignoreIndex inside [0, C) skips those rows', () => {
    const r = crossEntropyRef(LOGITS, i32(0, 2, 1, 1), opts('none', true, 3, { ignoreIndex: 1 }));
    const v = r.value as Float64Array;
    expect(v[2]).toBe(0);
    expect(v[3]).toBe(0);
    expect(v[0]).toBeGreaterThan(0);
    expect(Array.from(r.grad!.subarray(6))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('central-difference gradient: index targets, every reduction and option', () => {
    const rnd = seeded(91);
    const C = 4;
    const N = 5;
    const x = uniform(rnd, N * C, -3, 3);
    const variants: { weight?: Float64Array; ignoreIndex?: number; labelSmoothing?: number }[] = [
      {},
      { weight: f64(0.5, 1.5, 2, 0.25) },
      { labelSmoothing: 0.2 },
      { weight: f64(0.5, 1.5, 2, 0.25), labelSmoothing: 0.3 },
      { labelSmoothing: 1 },
      { ignoreIndex: 3, weight: f64(1, 0, 2, 3), labelSmoothing: 0.1 },
    ];
    for (const ex of variants) {
      // targets must be in [0, C) or equal to ignoreIndex
      const t = ex.ignoreIndex === 3 ? i32(0, 3, 3, 1, 2) : i32(0, 3, -100, 1, 2);
      for (const reduction of R) {
        const f = (xx: Float64Array) => {
          const v = crossEntropyRef(xx, t, opts(reduction, false, C, ex)).value;
          return typeof v === 'number' ? v : total(v);
        };
        gradcheck(f, x, crossEntropyRef(x, t, opts(reduction, true, C, ex)).grad!);
      }
    }
  });

  it('central-difference gradient: probability targets, every reduction and option', () => {
    const rnd = seeded(92);
    const C = 3;
    const N = 4;
    const x = uniform(rnd, N * C, -3, 3);
    const t = new Float64Array(N * C);
    for (let i = 0; i < N; i++) {
      const a = uniform(rnd, C, 0, 1);
      const s = total(a);
      for (let c = 0; c < C; c++) t[i * C + c] = a[c]! / s;
    }
    for (const ex of [{}, { weight: f64(0.3, 1, 2) }, { labelSmoothing: 0.25 }, { weight: f64(0.3, 1, 2), labelSmoothing: 0.6 }]) {
      for (const reduction of R) {
        const f = (xx: Float64Array) => {
          const v = crossEntropyRef(xx, t, opts(reduction, false, C, ex)).value;
          return typeof v === 'number' ? v : total(v);
        };
        gradcheck(f, x, crossEntropyRef(x, t, opts(reduction, true, C, ex)).grad!);
      }
    }
  });

  it('relations: one-hot probability targets equal index targets', () => {
    const rnd = seeded(93);
    const C = 5;
    const x = uniform(rnd, 6 * C, -4, 4);
    const t = i32(4, 0, 2, 2, 1, 3);
    const p = oneHot(t, C);
    for (const ex of [{}, { weight: f64(0.5, 1, 1.5, 2, 3) }, { labelSmoothing: 0.15 }, { weight: f64(0.5, 1, 1.5, 2, 3), labelSmoothing: 0.4 }]) {
      // 'none' and 'sum' agree always; 'mean' only without weights (index mean divides by sum of w_y, probability mean by N)
      const reds: Reduction[] = ex.weight ? ['none', 'sum'] : R;
      for (const reduction of reds) {
        const a = crossEntropyRef(x, t, opts(reduction, true, C, ex));
        const b = crossEntropyRef(x, p, opts(reduction, true, C, ex));
        if (reduction === 'none') {
          const av = a.value as Float64Array, bv = b.value as Float64Array;
          for (let i = 0; i < 6; i++) expect(av[i]).toBeCloseTo(bv[i]!, 13);
        } else expect(a.value as number).toBeCloseTo(b.value as number, 12);
        for (let j = 0; j < 6 * C; j++) expect(a.grad![j]).toBeCloseTo(b.grad![j]!, 14);
      }
    }
  });

  it('relations: label smoothing 0 is plain CE (-logp of the target), mean = sum / kept, none sums to sum', () => {
    const rnd = seeded(94);
    const C = 3;
    const x = uniform(rnd, 7 * C, -5, 5);
    const t = i32(0, 1, 2, -100, 2, 1, 0);
    const n = crossEntropyRef(x, t, opts('none', true, C, { labelSmoothing: 0 }));
    const nv = n.value as Float64Array;
    for (let i = 0; i < 7; i++) {
      if (t[i] === -100) {
        expect(nv[i]).toBe(0);
        continue;
      }
      // independent log-sum-exp
      const row = Array.from(x.subarray(i * C, i * C + C));
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      expect(nv[i]).toBeCloseTo(lse - row[t[i]!]!, 13);
    }
    const s = crossEntropyRef(x, t, opts('sum', true, C));
    const m = crossEntropyRef(x, t, opts('mean', true, C));
    expect(total(nv)).toBeCloseTo(s.value as number, 13);
    expect(m.value as number).toBeCloseTo((s.value as number) / 6, 13);
    expect(Array.from(n.grad!)).toEqual(Array.from(s.grad!));
    for (let j = 0; j < 7 * C; j++) expect(m.grad![j]).toBeCloseTo(s.grad![j]! / 6, 15);
  });

  it('probability targets: mean divides by N even with weights', () => {
    const t = f64(0.2, 0.8, 0.5, 0.5, 1, 0);
    const x = f64(1, -1, 0.3, 0.2, -2, 4);
    const o = { weight: f64(3, 0.5) };
    const s = crossEntropyRef(x, t, opts('sum', false, 2, o)).value as number;
    expect(crossEntropyRef(x, t, opts('mean', false, 2, o)).value as number).toBeCloseTo(s / 3, 14);
  });

  it('limits: all -Infinity rows are uniform, +Infinity logits are limits', () => {
    const C = 4;
    const r = crossEntropyRef(f64(-Infinity, -Infinity, -Infinity, -Infinity), i32(2), opts('sum', true, C));
    expect(r.value).toBeCloseTo(Math.log(4), 15);
    expect(Array.from(r.grad!)).toEqual([0.25, 0.25, -0.75, 0.25]);
    // +Infinity at the target: loss 0, grad 0
    const a = crossEntropyRef(f64(1, Infinity, -3), i32(1), opts('sum', true, 3));
    expect(a.value).toBe(0);
    expect(Array.from(a.grad!)).toEqual([0, 0, 0]);
    // +Infinity at another class: loss +Infinity, grad finite (p - onehot)
    const b = crossEntropyRef(f64(1, Infinity, -3), i32(0), opts('sum', true, 3));
    expect(b.value).toBe(Infinity);
    expect(Array.from(b.grad!)).toEqual([-1, 1, 0]);
    // two +Infinity entries share the mass: target at one of them costs ln 2
    const c = crossEntropyRef(f64(Infinity, 0, Infinity), i32(2), opts('sum', true, 3));
    expect(c.value).toBeCloseTo(Math.LN2, 15);
    expect(Array.from(c.grad!)).toEqual([0.5, 0, -0.5]);
    // a -Infinity non-target entry with label smoothing 0 contributes nothing (coefficient 0)
    const d = crossEntropyRef(f64(0, -Infinity), i32(0), opts('sum', true, 2));
    expect(d.value).toBe(0);
    // ... but with smoothing it costs +Infinity (the smoothed target puts mass on it)
    const e = crossEntropyRef(f64(0, -Infinity), i32(0), opts('sum', true, 2, { labelSmoothing: 0.1 }));
    expect(e.value).toBe(Infinity);
    // ... unless its class weight is 0
    const w = crossEntropyRef(f64(0, -Infinity), i32(0), opts('sum', true, 2, { labelSmoothing: 0.1, weight: f64(1, 0) }));
    expect(w.value).toBe(0);
    // probability target 0 on a -Infinity logit: 0, not NaN
    const p = crossEntropyRef(f64(0, -Infinity), f64(1, 0), opts('sum', true, 2));
    expect(p.value).toBe(0);
    expect(Array.from(p.grad!)).toEqual([0, 0]);
  });

  it('NaN propagates to its row only', () => {
    const r = crossEntropyRef(f64(1, NaN, 0, 1, 2, 3), i32(0, 2), opts('none', true, 3));
    const v = r.value as Float64Array;
    expect(v[0]).toBeNaN();
    expect(Number.isFinite(v[1]!)).toBe(true);
    expect(r.grad![0]).toBeNaN();
    expect(Number.isFinite(r.grad![4]!)).toBe(true);
  });

  it('zero denominators: empty, all ignored, zero total class weight', () => {
    const e = new Float64Array(0);
    expect(crossEntropyRef(e, new Int32Array(0), opts('mean', true, 3)).value).toBeNaN();
    expect(crossEntropyRef(e, new Int32Array(0), opts('sum', true, 3)).value).toBe(0);
    expect(crossEntropyRef(e, e, opts('mean', true, 3)).value).toBeNaN();
    expect(crossEntropyRef(e, e, opts('sum', true, 3)).value).toBe(0);
    // every row ignored: mean NaN, grad 0 (ignored rows); sum 0
    const all = crossEntropyRef(LOGITS, i32(-100, -100, -100, -100), opts('mean', true, 3));
    expect(all.value).toBeNaN();
    expect(Array.from(all.grad!)).toEqual(new Array(12).fill(0));
    expect(crossEntropyRef(LOGITS, i32(-100, -100, -100, -100), opts('sum', false, 3)).value).toBe(0);
    // kept rows all have target weight 0: mean NaN, grad NaN on kept rows, 0 on ignored
    const z = crossEntropyRef(LOGITS, i32(0, 0, -100, 0), opts('mean', true, 3, { weight: f64(0, 1, 1) }));
    expect(z.value).toBeNaN();
    const g = z.grad!;
    for (const j of [0, 1, 2, 3, 4, 5, 9, 10, 11]) expect(g[j]).toBeNaN();
    expect(Array.from(g.subarray(6, 9))).toEqual([0, 0, 0]);
  });
});
