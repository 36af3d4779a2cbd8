import { describe, it, expect } from 'vitest';
import { oksRef, COCO_SIGMAS } from '../../src/reference/oks.js';
import type { Reduction } from '../../src/types.js';
import { gradcheck, seeded, uniform, total } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const opts = (reduction: Reduction, grad: boolean, numKeypoints: number, area: Float64Array, sigmas: Float64Array | null = null, visibility: Float64Array | null = null) => ({
  reduction, grad, numKeypoints, area, sigmas, visibility,
});

/** The test's own per-element matrix factor_i·(1 − e^(−e_ik))·v_ik (ultralytics KeypointLoss before .mean()). */
function terms(x: Float64Array, y: Float64Array, K: number, area: Float64Array, sig: ArrayLike<number>, vis: Float64Array | null): number[] {
  const N = x.length / (2 * K);
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    let vs = 0;
    for (let k = 0; k < K; k++) vs += vis ? vis[i * K + k]! : 1;
    const factor = K / (vs + 1e-9);
    for (let k = 0; k < K; k++) {
      const j = 2 * (i * K + k);
      const d = (x[j]! - y[j]!) ** 2 + (x[j + 1]! - y[j + 1]!) ** 2;
      const e = d / ((2 * sig[k]!) ** 2 * (area[i]! + 1e-9) * 2);
      out.push(factor * (1 - Math.exp(-e)) * (vis ? vis[i * K + k]! : 1));
    }
  }
  return out;
}

describe('oksRef', () => {
  const rnd = seeded(101);
  const K = 4, N = 3;
  const x = uniform(rnd, 2 * K * N, 0, 10), y = uniform(rnd, 2 * K * N, 0, 10);
  const area = f64(20, 55, 9);
  const vis = f64(1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0);

  it("'mean' is ultralytics' mean over N·K; 'none' rows Σ_k/K; 'sum' Σ of rows", () => {
    for (const v of [null, vis]) {
      const tm = terms(x, y, K, area, new Array(K).fill(1 / K), v);
      expect(oksRef(x, y, opts('mean', false, K, area, null, v)).value).toBeCloseTo(total(tm) / (N * K), 14);
      const none = oksRef(x, y, opts('none', false, K, area, null, v)).value as Float64Array;
      for (let i = 0; i < N; i++) expect(none[i]).toBeCloseTo(total(tm.slice(i * K, i * K + K)) / K, 14);
      expect(oksRef(x, y, opts('sum', false, K, area, null, v)).value).toBeCloseTo(total(none), 14);
    }
  });

  it('default sigmas: 1/K for K ≠ 17, COCO for K = 17; a perfect prediction costs 0', () => {
    const r = seeded(102);
    const x17 = uniform(r, 34, 0, 50), y17 = uniform(r, 34, 0, 50);
    const a = oksRef(x17, y17, opts('mean', false, 17, f64(300)));
    const b = oksRef(x17, y17, opts('mean', false, 17, f64(300), COCO_SIGMAS));
    expect(a.value).toBe(b.value);
    expect(COCO_SIGMAS[0]).toBeCloseTo(0.026, 15);
    expect(oksRef(x, x, opts('sum', true, K, area)).value).toBe(0);
    // a row with no visible keypoint contributes 0
    const none = oksRef(x, y, opts('none', false, K, area, null, f64(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1))).value as Float64Array;
    expect(none[0]).toBe(0);
  });

  it('central-difference gradient (with visibility and explicit sigmas)', () => {
    const sig = f64(0.1, 0.3, 0.2, 0.5);
    const xs = uniform(seeded(103), 2 * K * N, 0, 6), ys = uniform(seeded(104), 2 * K * N, 0, 6);
    for (const red of ['none', 'mean', 'sum'] as const) {
      for (const [s, v] of [[null, null], [sig, vis]] as const) {
        const o = opts(red, false, K, area, s, v);
        const f = (xx: Float64Array) => { const val = oksRef(xx, ys, o).value; return typeof val === 'number' ? val : total(val); };
        gradcheck(f, xs, oksRef(xs, ys, { ...o, grad: true }).grad!, 1e-6, 1e-10);
      }
    }
  });
});
