import { describe, it, expect } from 'vitest';
import { siouRef } from '../../src/reference/siou.js';
import type { BoxConvention, BoxRefOptions } from '../../src/reference/box.js';
import { gradcheck, seeded } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const EPS: Record<BoxConvention, number> = { torchvision: 1e-7, ultralytics: 1e-7, mmdet: 1e-6 };
const opts = (p: Partial<BoxRefOptions> & { negGamma?: boolean } = {}): BoxRefOptions & { negGamma: boolean } => ({
  reduction: 'none', grad: false, format: 'xyxy', convention: 'mmdet', eps: EPS[p.convention ?? 'mmdet'],
  clamp: false, weight: null, avgFactor: null, negGamma: true, ...p,
});
const rows = (r: { value: number | Float64Array }) => Array.from(r.value as Float64Array);

describe('siouRef', () => {
  it('mmdet-siou-loss: negGamma false 0.725469708403, true 0.918532971553 (eps 1e-7)', () => {
    const p = f64(0, 0, 2, 2), t = f64(1, 0.5, 3, 3.5);
    expect(rows(siouRef(p, t, opts({ eps: 1e-7, negGamma: false })))[0]).toBeCloseTo(0.725469708403, 11);
    expect(rows(siouRef(p, t, opts({ eps: 1e-7, negGamma: true })))[0]).toBeCloseTo(0.918532971553, 11);
    // torchvision's IoU placement is the same I/(U + eps) here
    expect(rows(siouRef(p, t, opts({ convention: 'torchvision', eps: 1e-7, negGamma: false })))[0]).toBeCloseTo(0.725469708403, 11);
  });

  /** The test's own SIoU loss of one xyxy pair (mmdet placement), with sin α = min(a1, a2) (a1² + a2² = 1). */
  function handSiou(p: number[], g: number[], e: number, negGamma: boolean): number {
    const scw = (g[0]! + g[2]! - p[0]! - p[2]!) / 2 + e, sch = (g[1]! + g[3]! - p[1]! - p[3]!) / 2 + e;
    const sigma = Math.hypot(scw, sch);
    const sinA = Math.min(Math.abs(scw), Math.abs(sch)) / sigma;
    const angle = Math.sin(2 * Math.asin(sinA)); // cos(2·asin − π/2)
    const gamma = negGamma ? angle - 2 : 2 - angle;
    const cw = Math.max(p[2]!, g[2]!) - Math.min(p[0]!, g[0]!), ch = Math.max(p[3]!, g[3]!) - Math.min(p[1]!, g[1]!);
    const rx = (scw / cw) ** 2, ry = (sch / ch) ** 2;
    const delta = 2 - Math.exp(gamma * rx) - Math.exp(gamma * ry);
    const wp = p[2]! - p[0]!, wg = g[2]! - g[0]!, hp = p[3]! - p[1]! + e, hg = g[3]! - g[1]! + e;
    const ow = Math.abs(wp - wg) / Math.max(wp, wg), oh = Math.abs(hp - hg) / Math.max(hp, hg);
    const omega = (1 - Math.exp(-ow)) ** 4 + (1 - Math.exp(-oh)) ** 4;
    const iw = Math.max(0, Math.min(p[2]!, g[2]!) - Math.max(p[0]!, g[0]!));
    const ih = Math.max(0, Math.min(p[3]!, g[3]!) - Math.max(p[1]!, g[1]!));
    const iou = (iw * ih) / (wp * (p[3]! - p[1]!) + wg * (g[3]! - g[1]!) - iw * ih + e);
    return 1 - Math.min(1, Math.max(-1, iou - (delta + omega) / 2));
  }

  it('hand values: horizontal and vertical dominant offsets (both angle branches), both negGamma', () => {
    const pairs: [number[], number[]][] = [
      [[0, 0, 2, 2], [1, 0.5, 3, 3.5]],
      [[0, 0, 2, 2], [2, 0.3, 4.5, 2.5]], // |s_cw| > |s_ch|
      [[0, 0, 2, 3], [0.2, 1.5, 2.1, 4]], // |s_ch| > |s_cw|
      [[1, 1, 3, 2], [-0.5, 0.2, 1.2, 1.9]], // negative offsets
    ];
    for (const negGamma of [true, false]) {
      for (const [p, g] of pairs) {
        const got = rows(siouRef(f64(...p), f64(...g), opts({ eps: 1e-7, negGamma })))[0]!;
        expect(got, `${p} ${g} ${negGamma}`).toBeCloseTo(handSiou(p, g, 1e-7, negGamma), 13);
      }
    }
  });

  it('identical boxes → ~0; far-apart boxes hit the clamp', () => {
    expect(Math.abs(rows(siouRef(f64(0, 0, 2, 3), f64(0, 0, 2, 3), opts()))[0]!)).toBeLessThan(1e-5);
    // negGamma false (mmdet default): Δ = 2 − e^(γρx) − e^(γρy) → −∞, SIoU clamped to 1, loss 0, gradient 0
    const far = siouRef(f64(0, 0, 1, 1), f64(100, 0, 101, 50), opts({ negGamma: false, grad: true }));
    expect((far.value as Float64Array)[0]).toBe(0);
    expect(Array.from(far.grad!)).toEqual([0, 0, 0, 0]);
    // negGamma true: Δ < 2, Ω < 2, the loss stays in [0, 2]
    const farT = rows(siouRef(f64(0, 0, 1, 1), f64(100, 0, 101, 50), opts({ negGamma: true })))[0]!;
    expect(farT).toBeGreaterThan(1.5);
    expect(farT).toBeLessThanOrEqual(2);
  });

  it('central-difference gradient, both negGamma values, every convention', () => {
    const rnd = seeded(14);
    const p = new Float64Array(16), t = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      const x = 3 * rnd(), y = 3 * rnd();
      p.set([x, y, x + 0.5 + 2 * rnd(), y + 0.5 + 2 * rnd()], 4 * i);
      const u = x + 1.5 * (rnd() - 0.5), w = y + 1.5 * (rnd() - 0.5);
      t.set([u, w, u + 0.5 + 2 * rnd(), w + 0.5 + 2 * rnd()], 4 * i);
    }
    for (const negGamma of [true, false]) {
      for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
        const o = opts({ convention, negGamma, reduction: 'sum' });
        gradcheck((x) => siouRef(x, t, o).value as number, p, siouRef(p, t, { ...o, grad: true }).grad!, 1e-6, 1e-9);
      }
    }
  });
});
