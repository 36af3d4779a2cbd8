import { describe, it, expect } from 'vitest';
import { diouRef } from '../../src/reference/diou.js';
import { iouRef } from '../../src/reference/iou.js';
import type { BoxConvention, BoxRefOptions } from '../../src/reference/box.js';
import { gradcheck, seeded } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const EPS: Record<BoxConvention, number> = { torchvision: 1e-7, ultralytics: 1e-7, mmdet: 1e-6 };
const opts = (p: Partial<BoxRefOptions> = {}): BoxRefOptions => ({
  reduction: 'none', grad: false, format: 'xyxy', convention: 'torchvision', eps: EPS[p.convention ?? 'torchvision'],
  clamp: false, weight: null, avgFactor: null, ...p,
});
const rows = (r: { value: number | Float64Array }) => Array.from(r.value as Float64Array);

describe('diouRef', () => {
  it('torchvision-diou-loss-single-boxes: [0, 0.8125, 1.1923, 1.25]', () => {
    const p = f64(-1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1);
    const t = f64(-1, -1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 2, 1, 1, 2, 2);
    const v = rows(diouRef(p, t, opts()));
    const f = [2.4999999404e-8, 0.812500005469, 1.19230769083, 1.24999999861];
    for (let i = 0; i < 4; i++) expect(v[i]).toBeCloseTo(f[i]!, 10);
    expect(Math.abs(v[0]!)).toBeLessThan(1e-7);
    expect(v[2]).toBeCloseTo(1.1923, 4);
  });

  it('torchvision-diou-loss-batched-sum-mean: sum 2.45, mean 1.225', () => {
    const p = f64(0, 0, 1, 1, 0, 0, 1, 1), t = f64(0, 1, 1, 2, 1, 1, 2, 2);
    expect(diouRef(p, t, opts({ reduction: 'sum' })).value).toBeCloseTo(2.45, 7);
    expect(diouRef(p, t, opts({ reduction: 'mean' })).value).toBeCloseTo(1.225, 7);
  });

  it('ultralytics-bbox-iou-xyxy: DIoU 0.409555004641', () => {
    const v = rows(diouRef(f64(0, 0, 2, 2), f64(0.5, -0.3, 2.5, 2.7), opts({ convention: 'ultralytics' })));
    expect(1 - v[0]!).toBeCloseTo(0.409555004641, 11);
  });

  it('DIoU loss = IoU loss + ρ²/(c² + eps) (exact, mmdet with U + eps)', () => {
    const p = f64(0, 0, 2, 2), t = f64(1, 0.5, 3, 3.5);
    const d = rows(diouRef(p, t, opts({ convention: 'mmdet' })))[0]!;
    // ρ² = ((0 + 2 − 1 − 3)² + (0 + 2 − 0.5 − 3.5)²)/4 = (4 + 4)/4 = 2, C_w = 3, C_h = 3.5
    const c2 = 9 + 3.5 * 3.5 + 1e-6;
    const iou = 1 * 1.5 / (4 + 6 - 1.5 + 1e-6);
    expect(d).toBeCloseTo(1 - iou + 2 / c2, 14);
    expect(d).toBeGreaterThan(rows(iouRef(p, t, { ...opts({ convention: 'torchvision' }), mode: 'linear' }))[0]! - 1e-6);
  });

  it('central-difference gradient, every convention', () => {
    const rnd = seeded(8);
    const p = new Float64Array(16), t = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      const x = 3 * rnd(), y = 3 * rnd();
      p.set([x, y, x + 0.5 + 2 * rnd(), y + 0.5 + 2 * rnd()], 4 * i);
      const u = 3 * rnd(), w = 3 * rnd();
      t.set([u, w, u + 0.5 + 2 * rnd(), w + 0.5 + 2 * rnd()], 4 * i);
    }
    for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
      const o = opts({ convention, reduction: 'mean' });
      gradcheck((x) => diouRef(x, t, o).value as number, p, diouRef(p, t, { ...o, grad: true }).grad!, 1e-6, 1e-9);
    }
  });
});
