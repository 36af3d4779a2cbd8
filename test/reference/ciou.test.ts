import { describe, it, expect } from 'vitest';
import { ciouRef } from '../../src/reference/ciou.js';
import { diouRef } from '../../src/reference/diou.js';
import type { BoxConvention, BoxRefOptions } from '../../src/reference/box.js';
import { expectGradClose, numericGrad, seeded } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const EPS: Record<BoxConvention, number> = { torchvision: 1e-7, ultralytics: 1e-7, mmdet: 1e-6 };
const opts = (p: Partial<BoxRefOptions> = {}): BoxRefOptions => ({
  reduction: 'none', grad: false, format: 'xyxy', convention: 'torchvision', eps: EPS[p.convention ?? 'torchvision'],
  clamp: false, weight: null, avgFactor: null, ...p,
});
const rows = (r: { value: number | Float64Array }) => Array.from(r.value as Float64Array);

/** The test's own IoU (I/(U + eps), ultralytics with h + eps in the areas) and v (atan of w/h) of one xyxy pair. */
function iouAndV(p: ArrayLike<number>, g: ArrayLike<number>, convention: BoxConvention, eps: number): [number, number] {
  const iw = Math.max(0, Math.min(p[2]!, g[2]!) - Math.max(p[0]!, g[0]!));
  const ih = Math.max(0, Math.min(p[3]!, g[3]!) - Math.max(p[1]!, g[1]!));
  const he = convention === 'torchvision' ? 0 : eps;
  const wp = p[2]! - p[0]!, hp = p[3]! - p[1]! + he, wg = g[2]! - g[0]!, hg = g[3]! - g[1]! + he;
  const ha = convention === 'ultralytics' ? eps : 0;
  const I = iw * ih;
  const U = wp * (p[3]! - p[1]! + ha) + wg * (g[3]! - g[1]! + ha) - I;
  const v = (4 / Math.PI ** 2) * (Math.atan(wg / hg) - Math.atan(wp / hp)) ** 2;
  return [I / (U + eps), v];
}

describe('ciouRef', () => {
  it('torchvision-ciou-loss-single-boxes: [0, 0.8125, 1.1923, 1.25]', () => {
    const p = f64(-1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1);
    const t = f64(-1, -1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 2, 1, 1, 2, 2);
    const v = rows(ciouRef(p, t, opts()));
    const f = [2.4999999404e-8, 0.812500005469, 1.19230769083, 1.24999999861];
    for (let i = 0; i < 4; i++) expect(v[i]).toBeCloseTo(f[i]!, 10);
    expect(Math.abs(v[0]!)).toBeLessThan(1e-7);
  });

  it('torchvision-ciou-loss-batched-sum-mean: sum 2.45, mean 1.225', () => {
    const p = f64(0, 0, 1, 1, 0, 0, 1, 1), t = f64(0, 1, 1, 2, 1, 1, 2, 2);
    expect(ciouRef(p, t, opts({ reduction: 'sum' })).value).toBeCloseTo(2.45, 7);
    expect(ciouRef(p, t, opts({ reduction: 'mean' })).value).toBeCloseTo(1.225, 7);
  });

  it('ultralytics-bbox-iou-xyxy: CIoU 0.409130317975 and its gradient (α held constant)', () => {
    const r = ciouRef(f64(0, 0, 2, 2), f64(0.5, -0.3, 2.5, 2.7), opts({ convention: 'ultralytics', grad: true, reduction: 'sum' }));
    expect(1 - (r.value as number)).toBeCloseTo(0.409130317975, 11);
    const want = [-0.150076695293, 0.171634429336, -0.317425419172, -0.197863937401];
    for (let j = 0; j < 4; j++) expect(Math.abs(r.grad![j]! - want[j]!)).toBeLessThan(1e-6);
  });

  it('ultralytics-bbox-iou-xywh: ultralytics xywh mode has no eps on h', () => {
    // (cx, cy, w, h) = (1, 1, 2, 2) and (1.5, 1.2, 2, 3): the same boxes as the xyxy case.
    const p = f64(1, 1, 2, 2), t = f64(1.5, 1.2, 2, 3);
    const want = 0.409130342365;
    // Our 'ultralytics' convention is bbox_iou(xywh=False) (h + eps), so it differs from the xywh-mode value by
    // eps·∂CIoU/∂h-level terms: |0.409130317975 − 0.409130342365| = 2.4e-8 (eps = 1e-7).
    const ul = 1 - rows(ciouRef(p, t, opts({ convention: 'ultralytics', format: 'cxcywh' })))[0]!;
    expect(Math.abs(ul - want)).toBeLessThan(1e-7);
    expect(ul).toBeCloseTo(0.409130317975, 11);
    // Without h + eps, ultralytics' xywh mode is exactly the torchvision placement (U + eps, c² + eps, raw h in v,
    // α = v/(v − IoU + 1 + eps)): reproduced to float64 precision.
    const tv = 1 - rows(ciouRef(p, t, opts({ convention: 'torchvision', format: 'cxcywh', eps: 1e-7 })))[0]!;
    expect(tv).toBeCloseTo(want, 11);
  });

  it("mmdet: α = [IoU > 0.5]·v/(1 − IoU + v); IoU ≤ 0.5 gives the DIoU loss; result clamped", () => {
    const o = opts({ convention: 'mmdet' });
    // IoU ≤ 0.5, different aspect ratios: α = 0 → equals DIoU
    const p1 = f64(0, 0, 2, 1), t1 = f64(1, 0, 2, 3);
    expect(rows(ciouRef(p1, t1, o))[0]).toBeCloseTo(rows(diouRef(p1, t1, o))[0]!, 15);
    // IoU > 0.5: α·v added
    const p2 = f64(0, 0, 2, 2), t2 = f64(0, 0, 2, 2.6);
    const [iou, v] = iouAndV(p2, t2, 'mmdet', 1e-6);
    expect(iou).toBeGreaterThan(0.5);
    const alpha = v / (1 - iou + v);
    expect(rows(ciouRef(p2, t2, o))[0]).toBeCloseTo(rows(diouRef(p2, t2, o))[0]! + alpha * v, 14);
    // clamp: the loss never exceeds 2 (CIoU ≥ −1)
    const far = rows(ciouRef(f64(0, 0, 1, 1), f64(1e6, 1e6, 1e6 + 1, 1e6 + 1000), o))[0]!;
    expect(far).toBeLessThanOrEqual(2);
  });

  it('torchvision: exact value with α = v/(1 − IoU + v + eps)', () => {
    const p = f64(0, 0, 2, 1), t = f64(0.5, 0.2, 2.1, 2.5);
    const [iou, v] = iouAndV(p, t, 'torchvision', 1e-7);
    const alpha = v / (1 - iou + v + 1e-7);
    expect(rows(ciouRef(p, t, opts()))[0]).toBeCloseTo(rows(diouRef(p, t, opts()))[0]! + alpha * v, 15);
  });

  it('gradient = central differences of DIoU + α₀·v with α₀ frozen at the point (every convention)', () => {
    const rnd = seeded(9);
    const n = 4;
    const p = new Float64Array(4 * n), t = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) {
      const x = rnd(), y = rnd();
      const b = [x, y, x + 1 + 2 * rnd(), y + 1 + 2 * rnd()];
      p.set(b, 4 * i);
      t.set([b[0]! + 0.2 * rnd(), b[1]! - 0.2 * rnd(), b[2]! + 0.3 * rnd(), b[3]! + 0.6 * rnd()], 4 * i); // IoU > 0.5
    }
    for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
      const eps = EPS[convention];
      const o = opts({ convention, reduction: 'sum' });
      const alpha0: number[] = [];
      for (let i = 0; i < n; i++) {
        const [iou, v] = iouAndV(p.subarray(4 * i), t.subarray(4 * i), convention, eps);
        expect(iou).toBeGreaterThan(0.5);
        alpha0.push(convention === 'mmdet' ? v / (1 - iou + v) : v / (1 - iou + v + eps));
      }
      const f = (x: Float64Array) => {
        let s = diouRef(x, t, o).value as number;
        for (let i = 0; i < n; i++) s += alpha0[i]! * iouAndV(x.subarray(4 * i), t.subarray(4 * i), convention, eps)[1];
        return s;
      };
      expectGradClose(ciouRef(p, t, { ...o, grad: true }).grad!, numericGrad(f, p), 1e-6, 1e-9);
      // and it is not the gradient with α varying (α is really held constant)
      const full = numericGrad((x) => ciouRef(x, t, o).value as number, p);
      const g = ciouRef(p, t, { ...o, grad: true }).grad!;
      expect(Math.max(...g.map((gi, k) => Math.abs(gi - full[k]!)))).toBeGreaterThan(1e-5);
    }
  });
});
