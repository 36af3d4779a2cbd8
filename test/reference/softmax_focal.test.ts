import { describe, it, expect } from 'vitest';
import { softmaxFocalRef } from '../../src/reference/softmax_focal.js';
import { crossEntropyRef } from '../../src/reference/cross_entropy.js';
import type { Reduction } from '../../src/types.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const opts = (reduction: Reduction, grad: boolean, numClasses: number, p: { alpha?: number; gamma?: number; ignoreIndex?: number; labelSmoothing?: number } = {}) => ({
  reduction, grad, numClasses, alpha: 0.25, gamma: 2, ignoreIndex: -100, labelSmoothing: 0, ...p,
});

describe('softmaxFocalRef', () => {
  const logits = f64(8, 1, 1, 0, 9, 1, 2, 3, 5);

  it('keras-categorical-focal-logits-none (one-hot probability targets and index targets)', () => {
    const want = [1.50961948433e-9, 2.41278045353e-11, 0.00103606432749];
    const probs = softmaxFocalRef(logits, f64(1, 0, 0, 0, 1, 0, 0, 0, 1), opts('none', false, 3)).value as Float64Array;
    const idx = softmaxFocalRef(logits, Int32Array.of(0, 1, 2), opts('none', false, 3)).value as Float64Array;
    for (let i = 0; i < 3; i++) {
      expect(probs[i]! / want[i]!).toBeCloseTo(1, 9);
      expect(idx[i]).toBe(probs[i]);
    }
    // the Keras float32 literals, within the test's 1e-6
    const lit = [1.5096224e-9, 2.4136547e-11, 0.0010360638];
    for (let i = 0; i < 3; i++) expect(Math.abs(probs[i]! - lit[i]!)).toBeLessThan(1e-6);
  });

  it('γ = 0 and α = 1 equals cross-entropy (with label smoothing, index and probability targets)', () => {
    const rnd = seeded(41);
    const x = uniform(rnd, 15, -4, 4);
    const y = Int32Array.of(0, 2, 1, 2, 0);
    const ceOpts = (red: Reduction, ls: number) => ({ reduction: red, grad: true, numClasses: 3, weight: null, ignoreIndex: -100, labelSmoothing: ls });
    for (const ls of [0, 0.1]) {
      const a = softmaxFocalRef(x, y, opts('mean', true, 3, { alpha: 1, gamma: 0, labelSmoothing: ls }));
      const b = crossEntropyRef(x, y, ceOpts('mean', ls));
      expect(a.value).toBeCloseTo(b.value as number, 14);
      a.grad!.forEach((g, i) => expect(g).toBeCloseTo(b.grad![i]!, 14));
      const pt = uniform(rnd, 15, 0, 1);
      const c = softmaxFocalRef(x, pt, opts('sum', true, 3, { alpha: 1, gamma: 0, labelSmoothing: ls }));
      const d = crossEntropyRef(x, pt, ceOpts('sum', ls));
      expect(c.value).toBeCloseTo(d.value as number, 13);
      c.grad!.forEach((g, i) => expect(g).toBeCloseTo(d.grad![i]!, 13));
    }
  });

  it('ignoreIndex rows give 0, are not counted, get gradient 0; all ignored → mean NaN', () => {
    const y = Int32Array.of(0, -100, 2);
    const r = softmaxFocalRef(logits, y, opts('mean', true, 3));
    const kept = softmaxFocalRef(f64(8, 1, 1, 2, 3, 5), Int32Array.of(0, 2), opts('mean', true, 3));
    expect(r.value).toBeCloseTo(kept.value as number, 15);
    expect(Array.from(r.grad!.subarray(3, 6))).toEqual([0, 0, 0]);
    expect((softmaxFocalRef(logits, y, opts('none', false, 3)).value as Float64Array)[1]).toBe(0);
    const all = softmaxFocalRef(logits, Int32Array.of(-100, -100, -100), opts('mean', true, 3));
    expect(all.value).toBeNaN();
    expect(Array.from(all.grad!)).toEqual(new Array(9).fill(0));
    expect(softmaxFocalRef(logits, Int32Array.of(-100, 1, -100), opts('mean', true, 3)).grad!.some(Number.isNaN)).toBe(false);
  });

  it('label smoothing: t′ = t(1 − ε) + ε/C', () => {
    const x = f64(0.5, -1, 2);
    const ls = 0.2;
    const a = softmaxFocalRef(x, Int32Array.of(1), opts('sum', false, 3, { labelSmoothing: ls })).value as number;
    const z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
    const p = [Math.exp(0.5) / z, Math.exp(-1) / z, Math.exp(2) / z];
    let want = 0;
    for (let c = 0; c < 3; c++) want += -0.25 * ((c === 1 ? 1 : 0) * (1 - ls) + ls / 3) * (1 - p[c]!) ** 2 * Math.log(p[c]!);
    expect(a).toBeCloseTo(want, 15);
  });

  it('extreme logits: never NaN', () => {
    const r = softmaxFocalRef(f64(Infinity, 0, -Infinity, 1000, -1000, 0), Int32Array.of(0, 0), opts('sum', true, 3));
    expect(Number.isNaN(r.value as number)).toBe(false);
    expect(r.grad!.some(Number.isNaN)).toBe(false);
  });

  it('central-difference gradient (index and probability targets, smoothing, γ values)', () => {
    const rnd = seeded(42);
    const x = uniform(rnd, 20, -3, 3);
    const y = Int32Array.of(0, 3, -100, 1, 2);
    const pt = uniform(rnd, 20, 0, 1);
    for (const gamma of [0, 0.5, 2, 3]) {
      for (const ls of [0, 0.15]) {
        for (const red of ['none', 'mean', 'sum'] as const) {
          for (const t of [y, pt]) {
            const o = opts(red, false, 4, { gamma, labelSmoothing: ls, alpha: 0.4 });
            const f = (xx: Float64Array) => { const v = softmaxFocalRef(xx, t, o).value; return typeof v === 'number' ? v : total(v); };
            gradcheck(f, x, softmaxFocalRef(x, t, { ...o, grad: true }).grad!, 1e-6, 1e-9);
          }
        }
      }
    }
  });
});
