import { describe, it, expect } from 'vitest';
import { giouRef } from '../../src/reference/giou.js';
import type { BoxConvention, BoxRefOptions } from '../../src/reference/box.js';
import { gradcheck, seeded } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const EPS: Record<BoxConvention, number> = { torchvision: 1e-7, ultralytics: 1e-7, mmdet: 1e-6 };
const opts = (p: Partial<BoxRefOptions> = {}): BoxRefOptions => ({
  reduction: 'none', grad: false, format: 'xyxy', convention: 'torchvision', eps: EPS[p.convention ?? 'torchvision'],
  clamp: false, weight: null, avgFactor: null, ...p,
});
const rows = (r: { value: number | Float64Array }) => Array.from(r.value as Float64Array);

describe('giouRef', () => {
  it('torchvision-giou-loss-single-boxes: identical 0, quarter inside 0.75, side by side 1.0, corner 1.5', () => {
    const p = f64(-1, -1, 1, 1, -1, -1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1);
    const t = f64(-1, -1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 2, 1, 1, 2, 2);
    const v = rows(giouRef(p, t, opts()));
    const want = [0, 0.75, 1.0, 1.5];
    for (let i = 0; i < 4; i++) expect(Math.abs(v[i]! - want[i]!)).toBeLessThan(1e-7);
    // the peers' float64 values (f64_recomputed)
    const f = [2.4999999404e-8, 0.75000000625, 1.0, 1.4999999875];
    for (let i = 0; i < 4; i++) expect(v[i]).toBeCloseTo(f[i]!, 10);
  });

  it('mmdet-bbox-overlaps-giou-pairwise via aligned pairs (1 − loss = GIoU)', () => {
    const b1 = [[0, 0, 10, 10], [10, 10, 20, 20], [32, 32, 38, 42]];
    const b2 = [[0, 0, 10, 20], [0, 10, 10, 19], [10, 10, 20, 20]];
    const want = [[0.5, 0.0, -0.5], [-0.25, -0.05, 1.0], [-0.83709273183, -0.876644736842, -0.821428571429]];
    const p: number[] = [], t: number[] = [];
    for (const a of b1) for (const b of b2) { p.push(...a); t.push(...b); }
    for (const convention of ['mmdet', 'torchvision'] as const) {
      const v = rows(giouRef(f64(...p), f64(...t), opts({ convention, eps: 1e-7 })));
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(1 - v[3 * i + j]!).toBeCloseTo(want[i]![j]!, 8);
    }
  });

  it('ultralytics-bbox-iou-xyxy: GIoU 0.361904785515', () => {
    const v = rows(giouRef(f64(0, 0, 2, 2), f64(0.5, -0.3, 2.5, 2.7), opts({ convention: 'ultralytics' })));
    expect(1 - v[0]!).toBeCloseTo(0.361904785515, 11);
  });

  it('mmdet: enclosing area max(A_c, eps) and union max(U, eps): identical point boxes give 0', () => {
    const v = rows(giouRef(f64(1, 1, 1, 1), f64(1, 1, 1, 1), opts({ convention: 'mmdet' })));
    expect(v[0]).toBe(1);
    // disjoint point boxes: IoU 0, enclosing 4, union eps → 1 + (4 − eps)/4
    const d = rows(giouRef(f64(0, 0, 0, 0), f64(2, 2, 2, 2), opts({ convention: 'mmdet' })));
    expect(d[0]).toBeCloseTo(1 + (4 - 1e-6) / 4, 14);
  });

  it('central-difference gradient, every convention', () => {
    const rnd = seeded(7);
    const p = new Float64Array(16), t = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      const x = 3 * rnd(), y = 3 * rnd();
      p.set([x, y, x + 0.5 + 2 * rnd(), y + 0.5 + 2 * rnd()], 4 * i);
      const u = 3 * rnd(), w = 3 * rnd();
      t.set([u, w, u + 0.5 + 2 * rnd(), w + 0.5 + 2 * rnd()], 4 * i);
    }
    for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
      const o = opts({ convention, reduction: 'sum' });
      gradcheck((x) => giouRef(x, t, o).value as number, p, giouRef(p, t, { ...o, grad: true }).grad!, 1e-6, 1e-9);
    }
  });
});
