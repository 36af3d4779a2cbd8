import { describe, it, expect } from 'vitest';
import { iouRef } from '../../src/reference/iou.js';
import { giouRef } from '../../src/reference/giou.js';
import type { BoxConvention, BoxRefOptions } from '../../src/reference/box.js';
import { gradcheck, seeded } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
type Mode = 'linear' | 'square' | 'log';
const EPS: Record<BoxConvention, number> = { torchvision: 1e-7, ultralytics: 1e-7, mmdet: 1e-6 };
const opts = (p: Partial<BoxRefOptions> & { mode?: Mode } = {}): BoxRefOptions & { mode: Mode } => ({
  reduction: 'none', grad: false, format: 'xyxy', convention: 'torchvision', eps: EPS[p.convention ?? 'torchvision'],
  clamp: false, weight: null, avgFactor: null, mode: 'linear', ...p,
});
const rows = (r: { value: number | Float64Array }) => Array.from(r.value as Float64Array);

describe('iouRef', () => {
  it('torchvision geometric cases: identical → 0, quarter-size box inside → 0.75, touching → 1', () => {
    const p = f64(-1, -1, 1, 1, -1, -1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1);
    const t = f64(-1, -1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 2, 1, 1, 2, 2);
    const v = rows(iouRef(p, t, opts()));
    expect(v[0]).toBeCloseTo(0, 7);
    expect(v[1]).toBeCloseTo(0.75, 7);
    expect(v[2]).toBe(1);
    expect(v[3]).toBe(1);
    // exact float64 values of 1 − I/(U + eps)
    expect(v[0]).toBeCloseTo(1 - 4 / (4 + 1e-7), 15);
    expect(v[1]).toBeCloseTo(1 - 1 / (4 + 1e-7), 15);
  });

  it('modes: square 1 − IoU², log −ln IoU', () => {
    const p = f64(0, 0, 2, 2), t = f64(1, 0, 3, 2); // IoU = 2/6
    const iou = 2 / (6 + 1e-7);
    expect(rows(iouRef(p, t, opts({ mode: 'square' })))[0]).toBeCloseTo(1 - iou * iou, 15);
    expect(rows(iouRef(p, t, opts({ mode: 'log' })))[0]).toBeCloseTo(-Math.log(iou), 15);
  });

  it('conventions: ultralytics U + eps with h + eps; mmdet I/max(U, eps) clamped ≥ eps (log finite)', () => {
    const p = f64(0, 0, 2, 2), t = f64(0.5, -0.3, 2.5, 2.7);
    // ultralytics-bbox-iou-xyxy: IoU = 0.428571397959
    expect(rows(iouRef(p, t, opts({ convention: 'ultralytics' })))[0]).toBeCloseTo(1 - 0.428571397959, 11);
    expect(rows(iouRef(p, t, opts({ convention: 'mmdet' })))[0]).toBeCloseTo(1 - 3 / 7, 15);
    // disjoint: 'log' clamps IoU at eps in every convention → −ln(eps), finite
    const d = f64(5, 5, 6, 6);
    expect(rows(iouRef(p, d, opts({ convention: 'mmdet', mode: 'log' })))[0]).toBeCloseTo(-Math.log(1e-6), 12);
    expect(rows(iouRef(p, d, opts({ mode: 'log' })))[0]).toBeCloseTo(-Math.log(1e-7), 12);
    expect(rows(iouRef(p, d, opts({ mode: 'log', convention: 'ultralytics' })))[0]).toBeCloseTo(-Math.log(1e-7), 12);
    // only mmdet clamps 'linear' / 'square': torchvision's disjoint linear loss is exactly 1
    expect(rows(iouRef(p, d, opts({ convention: 'mmdet' })))[0]).toBeCloseTo(1 - 1e-6, 15);
    expect(rows(iouRef(p, d, opts()))[0]).toBe(1);
    // the clamp passes no gradient below eps
    for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
      const r = iouRef(p, d, opts({ convention, mode: 'log', grad: true }));
      expect(Array.from(r.grad!)).toEqual([0, 0, 0, 0]);
    }
  });

  it('IoU loss ≤ GIoU loss (the GIoU term is ≥ 0; ultralytics only up to eps: its union carries h + eps)', () => {
    const rnd = seeded(5);
    for (let k = 0; k < 50; k++) {
      const b = () => { const x = 4 * rnd(), y = 4 * rnd(); return [x, y, x + 0.1 + 3 * rnd(), y + 0.1 + 3 * rnd()]; };
      const p = f64(...b()), t = f64(...b());
      for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
        const a = rows(iouRef(p, t, opts({ convention })))[0]!;
        const g = rows(giouRef(p, t, opts({ convention })))[0]!;
        expect(g).toBeGreaterThanOrEqual(a - (convention === 'ultralytics' ? 1e-6 : 1e-15));
      }
    }
  });

  it('gradient: a hand-checked case and central differences for every mode and convention', () => {
    // 1 − I/U with pred [0,0,2,2], target [1,0,3,2]: I = 2(px2 − 1), U = 2·px2 + 4 − I, so dI/dpx2 = 2, dU/dpx2 = 0
    // and d/dpx2 = −2/U = −1/3; d/dpx1: I const, dU/dpx1 = −2 → −(0 − I·(−2))/U² = −4/36
    const r = iouRef(f64(0, 0, 2, 2), f64(1, 0, 3, 2), opts({ grad: true, eps: 0 }));
    expect(r.grad![2]).toBeCloseTo(-1 / 3, 14);
    expect(r.grad![0]).toBeCloseTo(-4 / 36, 14);
    const rnd = seeded(6);
    const p = new Float64Array(12), t = new Float64Array(12);
    for (let i = 0; i < 3; i++) {
      const x = rnd(), y = rnd();
      p.set([x, y, x + 2 + rnd(), y + 2 + rnd()], 4 * i);
      t.set([x + 0.5 * rnd(), y - 0.5 * rnd(), x + 2.2 + rnd(), y + 1.7 + rnd()], 4 * i);
    }
    for (const mode of ['linear', 'square', 'log'] as const) {
      for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
        const o = opts({ mode, convention, reduction: 'mean' });
        gradcheck((x) => iouRef(x, t, o).value as number, p, iouRef(p, t, { ...o, grad: true }).grad!, 1e-6, 1e-9);
      }
    }
  });
});
