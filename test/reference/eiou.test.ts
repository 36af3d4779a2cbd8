import { describe, it, expect } from 'vitest';
import { eiouRef } from '../../src/reference/eiou.js';
import { diouRef } from '../../src/reference/diou.js';
import type { BoxConvention, BoxRefOptions } from '../../src/reference/box.js';
import { gradcheck, seeded } from '../helpers/gradcheck.js';

const f64 = (...v: number[]) => new Float64Array(v);
const EPS: Record<BoxConvention, number> = { torchvision: 1e-7, ultralytics: 1e-7, mmdet: 1e-6 };
const opts = (p: Partial<BoxRefOptions> = {}): BoxRefOptions => ({
  reduction: 'none', grad: false, format: 'xyxy', convention: 'torchvision', eps: EPS[p.convention ?? 'torchvision'],
  clamp: false, weight: null, avgFactor: null, ...p,
});
const rows = (r: { value: number | Float64Array }) => Array.from(r.value as Float64Array);

describe('eiouRef', () => {
  it('hand value: 1 − IoU + ρ²/(c² + eps) + Δw²/(C_w² + eps) + Δh²/(C_h² + eps)', () => {
    // p = [0,0,2,2], g = [1,0.5,3,3.5]: I = 1·1.5, U = 4 + 6 − 1.5, ρ² = (4 + 4)/4 = 2, C_w = 3, C_h = 3.5, Δw = 0, Δh = 1
    const e = 1e-7;
    const want = 1 - 1.5 / (8.5 + e) + 2 / (9 + 12.25 + e) + 0 + 1 / (12.25 + e);
    expect(rows(eiouRef(f64(0, 0, 2, 2), f64(1, 0.5, 3, 3.5), opts()))[0]).toBeCloseTo(want, 15);
    // identical boxes → ~0; mmdet and ultralytics give the same Δw, Δh (their h + eps cancels)
    expect(Math.abs(rows(eiouRef(f64(0, 0, 2, 3), f64(0, 0, 2, 3), opts()))[0]!)).toBeLessThan(1e-7);
  });

  it('EIoU loss ≥ DIoU loss, equal when widths and heights match', () => {
    const rnd = seeded(12);
    for (let k = 0; k < 40; k++) {
      const x = 3 * rnd(), y = 3 * rnd(), u = 3 * rnd(), w = 3 * rnd();
      const p = f64(x, y, x + 0.2 + 2 * rnd(), y + 0.2 + 2 * rnd());
      const t = f64(u, w, u + 0.2 + 2 * rnd(), w + 0.2 + 2 * rnd());
      for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
        expect(rows(eiouRef(p, t, opts({ convention })))[0]).toBeGreaterThanOrEqual(rows(diouRef(p, t, opts({ convention })))[0]!);
      }
    }
    const p = f64(0, 0, 2, 3), t = f64(1, -1, 3, 2);
    expect(rows(eiouRef(p, t, opts()))[0]).toBeCloseTo(rows(diouRef(p, t, opts()))[0]!, 15);
  });

  it('central-difference gradient, every convention', () => {
    const rnd = seeded(13);
    const p = new Float64Array(16), t = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      const x = 3 * rnd(), y = 3 * rnd();
      p.set([x, y, x + 0.5 + 2 * rnd(), y + 0.5 + 2 * rnd()], 4 * i);
      const u = 3 * rnd(), w = 3 * rnd();
      t.set([u, w, u + 0.5 + 2 * rnd(), w + 0.5 + 2 * rnd()], 4 * i);
    }
    for (const convention of ['torchvision', 'ultralytics', 'mmdet'] as const) {
      const o = opts({ convention, reduction: 'mean' });
      gradcheck((x) => eiouRef(x, t, o).value as number, p, eiouRef(p, t, { ...o, grad: true }).grad!, 1e-6, 1e-9);
    }
  });
});
