import { describe, it, expect } from 'vitest';
import {
  boxLoss, clampBox, constBox, iouOf, pieces, toXyxy, varBox,
  type BoxConvention, type BoxFormat, type BoxRefOptions,
} from '../../src/reference/box.js';
import {
  abs, add, atan2, clamp, dconst, detach, div, dvar, dvars, exp, log, max, min, mul, mulz, partials, pow, sqrt, sub,
  asin, cos, logSoftmaxD, sigmoidD, bceLogitsD,
} from '../../src/reference/dual.js';
import { iouRef } from '../../src/reference/iou.js';
import { giouRef } from '../../src/reference/giou.js';
import { diouRef } from '../../src/reference/diou.js';
import { ciouRef } from '../../src/reference/ciou.js';
import { eiouRef } from '../../src/reference/eiou.js';
import { siouRef } from '../../src/reference/siou.js';
import type { RefOut } from '../../src/reference/math.js';
import { gradcheck, numericGrad, expectGradClose, seeded, total } from '../helpers/gradcheck.js';
import type { Reduction } from '../../src/types.js';

const f64 = (...v: number[]) => new Float64Array(v);
const CONVS: BoxConvention[] = ['torchvision', 'ultralytics', 'mmdet'];
const FORMATS: BoxFormat[] = ['xyxy', 'cxcywh', 'xywh', 'ltrb'];
const EPS: Record<BoxConvention, number> = { torchvision: 1e-7, ultralytics: 1e-7, mmdet: 1e-6 };
const opts = (p: Partial<BoxRefOptions> = {}): BoxRefOptions => ({
  reduction: 'none', grad: false, format: 'xyxy', convention: 'torchvision', eps: EPS[p.convention ?? 'torchvision'],
  clamp: false, weight: null, avgFactor: null, ...p,
});

type BoxFn = (p: Float64Array, t: Float64Array, o: BoxRefOptions) => RefOut;
/** Every IoU-family loss, with its extra options filled in. */
const LOSSES: [string, BoxFn][] = [
  ['iou linear', (p, t, o) => iouRef(p, t, { ...o, mode: 'linear' })],
  ['iou square', (p, t, o) => iouRef(p, t, { ...o, mode: 'square' })],
  ['iou log', (p, t, o) => iouRef(p, t, { ...o, mode: 'log' })],
  ['giou', giouRef],
  ['diou', diouRef],
  ['ciou', ciouRef],
  ['eiou', eiouRef],
  ['siou', (p, t, o) => siouRef(p, t, { ...o, negGamma: true })],
  ['siou negGamma=false', (p, t, o) => siouRef(p, t, { ...o, negGamma: false })],
];

/** xyxy boxes [N,4] → the same boxes in `format` (ltrb relative to the anchor (ax, ay)). */
function fromXyxy(b: Float64Array, format: BoxFormat, ax = 0, ay = 0): Float64Array {
  const out = new Float64Array(b.length);
  for (let i = 0; i < b.length; i += 4) {
    const [x1, y1, x2, y2] = [b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!];
    const row =
      format === 'xyxy' ? [x1, y1, x2, y2]
      : format === 'cxcywh' ? [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1]
      : format === 'xywh' ? [x1, y1, x2 - x1, y2 - y1]
      : [ax - x1, ay - y1, x2 - ax, y2 - ay];
    out.set(row, i);
  }
  return out;
}

/**
 * d(xyxy)/d(format coordinates) of one box, written out here (independently of box.ts):
 * J[r][c] = ∂xyxy_r/∂fmt_c. The gradient in `format` is Jᵀ·g_xyxy.
 */
function jacobian(format: BoxFormat): number[][] {
  switch (format) {
    case 'xyxy': return [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
    case 'cxcywh': return [[1, 0, -0.5, 0], [0, 1, 0, -0.5], [1, 0, 0.5, 0], [0, 1, 0, 0.5]];
    case 'xywh': return [[1, 0, 0, 0], [0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1]];
    case 'ltrb': return [[-1, 0, 0, 0], [0, -1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
  }
}

/** Random well-separated box pairs (no ties of coordinates, overlapping or not). */
function randomPairs(seed: number, n: number, ax = 0, ay = 0): [Float64Array, Float64Array] {
  const rnd = seeded(seed);
  const p = new Float64Array(4 * n), t = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    for (const a of [p, t]) {
      const x1 = ax - 0.5 - 3 * rnd(), y1 = ay - 0.5 - 3 * rnd();
      a.set([x1, y1, x1 + 0.3 + 4 * rnd(), y1 + 0.3 + 4 * rnd()], 4 * i);
    }
  }
  return [p, t];
}

/** Random overlapping pairs: the target is the pred with each coordinate moved by up to ±0.4 (sides ≥ 1). */
function overlappingPairs(seed: number, n: number, ax = 0, ay = 0): [Float64Array, Float64Array] {
  const rnd = seeded(seed);
  const p = new Float64Array(4 * n), t = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x1 = ax - 0.5 - 2 * rnd(), y1 = ay - 0.5 - 2 * rnd();
    const b = [x1, y1, x1 + 1.5 + 3 * rnd(), y1 + 1.5 + 3 * rnd()];
    p.set(b, 4 * i);
    t.set(b.map((v) => v + 0.8 * (rnd() - 0.5)), 4 * i);
  }
  return [p, t];
}

const scalar = (r: RefOut) => (typeof r.value === 'number' ? r.value : total(r.value));

describe('dual numbers', () => {
  it('arithmetic and elementary functions carry the right partials', () => {
    const x = dvar(0.7, 0, 2), y = dvar(-1.3, 1, 2);
    const cases: [ReturnType<typeof add>, number, number, number][] = [
      [add(x, y), 0.7 - 1.3, 1, 1],
      [sub(x, y), 2, 1, -1],
      [mul(x, y), -0.91, -1.3, 0.7],
      [div(x, y), 0.7 / -1.3, 1 / -1.3, -0.7 / (1.3 * 1.3)],
      [exp(x), Math.exp(0.7), Math.exp(0.7), 0],
      [log(x), Math.log(0.7), 1 / 0.7, 0],
      [sqrt(x), Math.sqrt(0.7), 0.5 / Math.sqrt(0.7), 0],
      [pow(x, 3), 0.343, 3 * 0.49, 0],
      [abs(y), 1.3, 0, -1],
      [cos(x), Math.cos(0.7), -Math.sin(0.7), 0],
      [asin(x), Math.asin(0.7), 1 / Math.sqrt(1 - 0.49), 0],
      [atan2(y, x), Math.atan2(-1.3, 0.7), 1.3 / (0.49 + 1.69), 0.7 / (0.49 + 1.69)],
      [sigmoidD(x), 1 / (1 + Math.exp(-0.7)), Math.exp(-0.7) / (1 + Math.exp(-0.7)) ** 2, 0],
    ];
    for (const [d, v, d0, d1] of cases) {
      expect(d.v).toBeCloseTo(v, 14);
      const pd = partials(d, 2);
      expect(pd[0]).toBeCloseTo(d0, 13);
      expect(pd[1]).toBeCloseTo(d1, 13);
    }
  });

  it('subgradient conventions: max/min ties split evenly (PyTorch maximum), abs(0) = 0, pow at 0, atan2 at the origin', () => {
    const a = dvar(2, 0, 2), b = dvar(2, 1, 2);
    expect(Array.from(partials(max(a, b), 2))).toEqual([0.5, 0.5]);
    expect(Array.from(partials(min(a, b), 2))).toEqual([0.5, 0.5]);
    expect(Array.from(partials(max(a, 1), 2))).toEqual([1, 0]);
    expect(Array.from(partials(min(a, 1), 2))).toEqual([0, 0]);
    expect(Array.from(partials(max(a, 3), 2))).toEqual([0, 0]);
    expect(partials(abs(dvar(0, 0, 1)), 1)[0]).toBe(0);
    expect(partials(pow(dvar(0, 0, 1), 0.5), 1)[0]).toBe(0); // exponent < 1: 0, not Infinity
    expect(partials(pow(dvar(0, 0, 1), 2), 1)[0]).toBe(0);
    expect(partials(pow(dvar(0, 0, 1), 1), 1)[0]).toBe(1);
    expect(partials(pow(dvar(0, 0, 1), 0), 1)[0]).toBe(0);
    const z = atan2(dvar(0, 0, 2), dvar(0, 1, 2));
    expect(z.v).toBe(0);
    expect(Array.from(partials(z, 2))).toEqual([0, 0]);
    // atan2 of a zero-height box is finite: d/dh atan2(w, h) at h = 0 is −1/w
    expect(partials(atan2(dconst(2), dvar(0, 0, 1)), 1)[0]).toBeCloseTo(-0.5, 15);
    // clamp passes the gradient on the closed interval, 0 outside
    expect(partials(clamp(dvar(1, 0, 1), 1, 2), 1)[0]).toBe(1);
    expect(partials(clamp(dvar(0.5, 0, 1), 1, 2), 1)[0]).toBe(0);
    expect(detach(mul(a, b)).d.length).toBe(0);
  });

  it('structural zeros and zero coefficients never make NaN', () => {
    // sqrt(0) has an infinite local derivative: a quantity that does not depend on x keeps partial 0
    const s = sqrt(add(mul(dvar(3, 0, 1), 0), 0));
    expect(partials(s, 1)[0]).toBe(0);
    // 0·∞ = 0 in mulz, in the value and in the partials
    const inf = add(dvar(Infinity, 0, 1), 0);
    expect(mulz(0, inf).v).toBe(0);
    expect(partials(mulz(0, inf), 1)[0]).toBe(0);
    // BCE-with-logits at x = +∞, t = 1: loss 0, gradient 0; at t = 0: loss ∞, gradient 1
    const b1 = bceLogitsD(dvar(Infinity, 0, 1), 1);
    expect(b1.v).toBe(0);
    expect(partials(b1, 1)[0]).toBe(0);
    const b0 = bceLogitsD(dvar(Infinity, 0, 1), 0);
    expect(b0.v).toBe(Infinity);
    expect(partials(b0, 1)[0]).toBe(1);
  });

  it('log-softmax duals: values and partials [c = k] − p_k', () => {
    const x = f64(0.5, -1, 2, 0.25);
    const lp = logSoftmaxD(x, 0, 4);
    const z = x.reduce((s, v) => s + Math.exp(v), 0);
    for (let c = 0; c < 4; c++) {
      expect(lp[c]!.v).toBeCloseTo(x[c]! - Math.log(z), 14);
      const f = (xx: Float64Array) => xx[c]! - Math.log(xx.reduce((s, v) => s + Math.exp(v), 0));
      gradcheck(f, x, partials(lp[c]!, 4));
    }
  });

  it('a composite expression matches central differences', () => {
    const f = (v: Float64Array) => {
      const [a, b, c] = dvars(v, 0, 3);
      return div(add(mul(exp(mul(a!, b!)), cos(c!)), atan2(b!, a!)), add(sqrt(add(mul(c!, c!), 1)), abs(sub(a!, c!))));
    };
    const x = f64(0.3, -0.8, 1.7);
    gradcheck((v) => f(v).v, x, partials(f(x), 3));
  });
});

describe('box formats and clamp', () => {
  it('toXyxy converts each format (ltrb: x1 = −l, y1 = −t, x2 = r, y2 = b)', () => {
    const v = (b: ReturnType<typeof toXyxy>) => b.map((d) => d.v);
    expect(v(toXyxy([1, 2, 3, 4], 'xyxy'))).toEqual([1, 2, 3, 4]);
    expect(v(toXyxy([2, 3, 2, 4], 'cxcywh'))).toEqual([1, 1, 3, 5]);
    expect(v(toXyxy([1, 2, 3, 4], 'xywh'))).toEqual([1, 2, 4, 6]);
    expect(v(toXyxy([1, 2, 3, 4], 'ltrb'))).toEqual([-1, -2, 3, 4]);
  });

  it('pred variables are seeded in the caller format: partials are the Jacobian', () => {
    for (const fmt of FORMATS) {
      const b = varBox(f64(0.5, 1, 2, 3), 0, fmt, false);
      const J = jacobian(fmt);
      for (let r = 0; r < 4; r++) expect(Array.from(partials(b[r]!, 4))).toEqual(J[r]!.map((x) => x + 0));
      const c = constBox(f64(0.5, 1, 2, 3), 0, fmt, false);
      for (let r = 0; r < 4; r++) expect(c[r]!.v).toBe(b[r]!.v);
    }
  });

  it('clamp: an inverted side takes zero length, its gradient flows to x1 / y1; other sides untouched', () => {
    const b = clampBox(varBox(f64(3, 1, 2, 4), 0, 'xyxy', false)); // x inverted (x2 = 2 < x1 = 3), y fine
    expect(b.map((d) => d.v)).toEqual([3, 1, 3, 4]);
    expect(Array.from(partials(b[2], 4))).toEqual([1, 0, 0, 0]);
    expect(Array.from(partials(b[3], 4))).toEqual([0, 0, 0, 1]);
    // a zero-length side is not inverted: untouched
    const z = clampBox(varBox(f64(1, 1, 1, 1), 0, 'xyxy', false));
    expect(Array.from(partials(z[2], 4))).toEqual([0, 0, 1, 0]);
    // negative w in cxcywh: inverted after conversion
    const c = varBox(f64(0, 0, -2, 2), 0, 'cxcywh', true);
    expect(c.map((d) => d.v)).toEqual([1, -1, 1, 1]);
  });

  it('a loss with clamp equals the loss on the clamped boxes; gradient of the clamped x2 goes to x1', () => {
    const p = f64(2, 0, 1, 2); // x2 < x1
    const t = f64(0, 0, 2, 2);
    const clamped = f64(2, 0, 2, 2);
    for (const [name, fn] of LOSSES) {
      const a = fn(p, t, opts({ clamp: true, grad: true, reduction: 'sum' }));
      const b = fn(clamped, t, opts({ grad: true, reduction: 'sum' }));
      expect(a.value, name).toBeCloseTo(b.value as number, 12);
      expect(a.grad![2], name).toBe(0);
      expect(a.grad![0], name).toBeCloseTo(b.grad![0]! + b.grad![2]!, 12);
    }
    // an inverted target is clamped too
    const a = giouRef(t, p, opts({ clamp: true }));
    const b = giouRef(t, clamped, opts());
    expect((a.value as Float64Array)[0]).toBeCloseTo((b.value as Float64Array)[0]!, 14);
  });
});

describe('convention pieces', () => {
  it('eps placements: ultralytics areas with h + eps, CIoU heights h + eps under ultralytics and mmdet', () => {
    const p = toXyxy([0, 0, 2, 2], 'xyxy'), g = toXyxy([0.5, -0.3, 2.5, 2.7], 'xyxy');
    const eps = 1e-3;
    const tv = pieces(p, g, 'torchvision', eps), ul = pieces(p, g, 'ultralytics', eps), mm = pieces(p, g, 'mmdet', eps);
    expect(tv.I.v).toBeCloseTo(1.5 * 2, 14);
    expect(tv.U.v).toBeCloseTo(4 + 6 - 3, 14);
    expect(ul.U.v).toBeCloseTo(2 * (2 + eps) + 2 * (3 + eps) - 3, 14);
    expect(mm.U.v).toBeCloseTo(7, 14);
    expect([tv.hpV.v, ul.hpV.v, mm.hpV.v]).toEqual([2, 2 + eps, 2 + eps]);
    expect(tv.Cw.v).toBeCloseTo(2.5, 14);
    expect(tv.Ch.v).toBeCloseTo(3, 14);
    expect(tv.c2.v).toBeCloseTo(2.5 ** 2 + 9 + eps, 14);
    expect(tv.rho2.v).toBeCloseTo(0.5 ** 2 + 0.2 ** 2, 14);
    expect(iouOf(tv, 'torchvision', eps, true).v).toBeCloseTo(3 / (7 + eps), 14);
    expect(iouOf(mm, 'mmdet', eps, true).v).toBeCloseTo(3 / 7, 14); // max(U, eps)
    expect(iouOf(mm, 'mmdet', eps, false).v).toBeCloseTo(3 / (7 + eps), 14);
  });

  it('touching boxes have exactly zero intersection (and zero intersection gradient)', () => {
    const pc = pieces(varBox(f64(0, 0, 1, 1), 0, 'xyxy', false), toXyxy([1, 0, 2, 1], 'xyxy'), 'torchvision', 1e-7);
    expect(pc.I.v).toBe(0);
    expect(Array.from(partials(pc.I, 4))).toEqual([0, 0, 0, 0]);
  });
});

describe('box-loss driver: reductions, weights, avgFactor', () => {
  const [p, t] = randomPairs(11, 5);
  const w = f64(0.5, 2, 0, 1.5, 1);

  it("'none' rows are w·l, 'sum' Σ, 'mean' Σ/(avgFactor (+ f32 eps under mmdet) ?? N); grads likewise; 'none' grad = 'sum' grad", () => {
    for (const [name, fn] of LOSSES) {
      for (const convention of CONVS) {
        const base = { convention, eps: EPS[convention], grad: true };
        const plain = fn(p, t, opts({ ...base, reduction: 'none' }));
        const none = fn(p, t, opts({ ...base, reduction: 'none', weight: w }));
        const sum = fn(p, t, opts({ ...base, reduction: 'sum', weight: w }));
        const mean = fn(p, t, opts({ ...base, reduction: 'mean', weight: w }));
        const avg = fn(p, t, opts({ ...base, reduction: 'mean', weight: w, avgFactor: 3.5 }));
        // mmdet's weight_reduce_loss divides by avg_factor + float32 eps.
        const avgDen = 3.5 + (convention === 'mmdet' ? 1.1920928955078125e-7 : 0);
        const rows = none.value as Float64Array;
        for (let i = 0; i < 5; i++) {
          expect(rows[i], name).toBeCloseTo(w[i]! * (plain.value as Float64Array)[i]!, 13);
          for (let j = 0; j < 4; j++) {
            expect(none.grad![4 * i + j], name).toBeCloseTo(w[i]! * plain.grad![4 * i + j]!, 13);
            expect(none.grad![4 * i + j]).toBe(sum.grad![4 * i + j]);
            expect(mean.grad![4 * i + j]).toBeCloseTo(sum.grad![4 * i + j]! / 5, 14);
            expect(avg.grad![4 * i + j]).toBeCloseTo(sum.grad![4 * i + j]! / avgDen, 14);
          }
        }
        expect(sum.value).toBeCloseTo(total(rows), 12);
        expect(mean.value).toBeCloseTo((sum.value as number) / 5, 13);
        expect(avg.value).toBeCloseTo((sum.value as number) / avgDen, 13);
      }
    }
  });

  it("empty input: 'sum' 0, 'mean' 0 under torchvision and NaN otherwise", () => {
    const e = new Float64Array(0);
    for (const [name, fn] of LOSSES) {
      expect(fn(e, e, opts({ reduction: 'sum' })).value, name).toBe(0);
      expect(fn(e, e, opts({ reduction: 'mean', grad: true })).value, name).toBe(0);
      expect(fn(e, e, opts({ reduction: 'mean', convention: 'ultralytics' })).value, name).toBeNaN();
      expect(fn(e, e, opts({ reduction: 'mean', convention: 'mmdet' })).value, name).toBeNaN();
      expect((fn(e, e, opts({ reduction: 'none' })).value as Float64Array).length).toBe(0);
    }
  });

  it('boxLoss passes the pair function xyxy boxes with caller-format partials', () => {
    const r = boxLoss(f64(1, 2, 4, 6), f64(0, 0, 1, 1), opts({ format: 'cxcywh', grad: true, reduction: 'sum' }), (pb) => pb[2]);
    expect(r.value).toBe(3); // x2 = cx + w/2
    expect(Array.from(r.grad!)).toEqual([1, 0, 0.5, 0]);
  });
});

describe('every IoU-family loss', () => {
  it('format equivalence: the same pairs in all four formats give the same loss; gradients map by the chain rule', () => {
    const ax = 0.4, ay = -0.6;
    const [p, t] = randomPairs(21, 6, ax, ay);
    for (const [name, fn] of LOSSES) {
      for (const convention of CONVS) {
        const ref = fn(p, t, opts({ convention, eps: EPS[convention], grad: true, reduction: 'sum' }));
        for (const format of FORMATS) {
          const r = fn(fromXyxy(p, format, ax, ay), fromXyxy(t, format, ax, ay), opts({ convention, eps: EPS[convention], format, grad: true, reduction: 'sum' }));
          expect(r.value, `${name} ${convention} ${format}`).toBeCloseTo(ref.value as number, 11);
          const J = jacobian(format);
          for (let i = 0; i < 6; i++) {
            for (let c = 0; c < 4; c++) {
              let want = 0;
              for (let k = 0; k < 4; k++) want += J[k]![c]! * ref.grad![4 * i + k]!;
              expect(r.grad![4 * i + c], `${name} ${convention} ${format} grad`).toBeCloseTo(want, 10);
            }
          }
        }
      }
    }
  });

  it('symmetric in its two boxes (values); SIoU up to its eps offset', () => {
    const [p, t] = randomPairs(31, 8);
    for (const [name, fn] of LOSSES) {
      for (const convention of CONVS) {
        const a = fn(p, t, opts({ convention, eps: EPS[convention] })).value as Float64Array;
        const b = fn(t, p, opts({ convention, eps: EPS[convention] })).value as Float64Array;
        const digits = name.startsWith('siou') ? 5 : 12;
        for (let i = 0; i < 8; i++) expect(a[i], `${name} ${convention}`).toBeCloseTo(b[i]!, digits);
      }
    }
  });

  it('central-difference check of the AD gradient (away from kinks), every format and convention', () => {
    const [p0, t0] = randomPairs(41, 4, 0.2, 0.1);
    const [p1, t1] = overlappingPairs(42, 4, 0.2, 0.1);
    for (const [name, fn] of LOSSES) {
      // 'log' of a disjoint pair sits on its clamp (no gradient): check it on overlapping pairs
      const [p, t] = name === 'iou log' ? [p1, t1] : [Float64Array.from([...p0, ...p1]), Float64Array.from([...t0, ...t1])];
      if (name === 'ciou') continue; // α is held constant: checked in ciou.test.ts
      for (const convention of CONVS) {
        for (const format of FORMATS) {
          const pp = fromXyxy(p, format, 0.2, 0.1), tt = fromXyxy(t, format, 0.2, 0.1);
          const o = opts({ convention, eps: EPS[convention], format, reduction: 'mean' });
          const f = (x: Float64Array) => fn(x, tt, o).value as number;
          try {
            gradcheck(f, pp, fn(pp, tt, { ...o, grad: true }).grad!, 1e-5, 1e-8);
          } catch (e) {
            throw new Error(`${name} ${convention} ${format}: ${(e as Error).message}`);
          }
        }
      }
    }
  });

  it('degenerate boxes (point, zero width, zero height, identical points) give finite values and gradients', () => {
    const cases: [number[], number[]][] = [
      [[1, 1, 1, 1], [0, 0, 2, 2]], // point inside
      [[1, 1, 1, 1], [1, 1, 1, 1]], // identical points
      [[1, 1, 1, 1], [3, 3, 3, 3]], // distinct points
      [[0, 0, 0, 2], [0, 0, 1, 2]], // zero width
      [[0, 0, 2, 0], [0, 0, 2, 1]], // zero height
      [[0, 0, 0, 2], [0, 0, 0, 2]], // identical zero width
      [[0, 0, 2, 0], [0, 0, 2, 0]], // identical zero height
      [[0, 0, 0, 2], [1, 0, 1, 2]], // two zero-width boxes side by side
    ];
    for (const [name, fn] of LOSSES) {
      for (const convention of CONVS) {
        for (const [a, b] of cases) {
          for (const [x, y] of [[a, b], [b, a]] as const) {
            const r = fn(f64(...x), f64(...y), opts({ convention, eps: EPS[convention], grad: true, reduction: 'sum' }));
            const what = `${name} ${convention} ${x} vs ${y}`;
            expect(Number.isFinite(r.value as number), what).toBe(true);
            for (const gi of r.grad!) expect(Number.isFinite(gi), `${what} grad`).toBe(true);
          }
        }
      }
    }
  });

  it('NaN coordinates propagate to the value', () => {
    for (const [name, fn] of LOSSES) {
      expect(fn(f64(NaN, 0, 1, 1), f64(0, 0, 1, 1), opts({ reduction: 'sum' })).value, name).toBeNaN();
    }
  });

  it('the gradient is the numerical derivative of the reduced loss in the caller format, with weights and avgFactor', () => {
    const [p, t] = randomPairs(51, 3);
    const pp = fromXyxy(p, 'xywh'), tt = fromXyxy(t, 'xywh');
    const w = f64(0.3, 1.7, 1);
    const reds: Reduction[] = ['sum', 'mean'];
    for (const reduction of reds) {
      const o = opts({ format: 'xywh', convention: 'mmdet', eps: 1e-6, weight: w, avgFactor: 2.5, reduction });
      const f = (x: Float64Array) => eiouRef(x, tt, o).value as number;
      const num = numericGrad(f, pp);
      expectGradClose(eiouRef(pp, tt, { ...o, grad: true }).grad!, num, 1e-5, 1e-8);
      expect(scalar(eiouRef(pp, tt, o))).toBeCloseTo(f(pp), 15);
    }
  });
});
