import { describe, it, expect } from 'vitest';
import { boxIouRef } from '../../src/reference/box_iou.js';

const f64 = (...v: number[]) => new Float64Array(v);

describe('boxIouRef', () => {
  it('torchvision-box-iou-pairwise-int', () => {
    const b1 = f64(0, 0, 100, 100, 0, 0, 50, 50, 200, 200, 300, 300, 0, 0, 25, 25);
    const b2 = f64(0, 0, 100, 100, 0, 0, 50, 50, 200, 200, 300, 300);
    const want = [1.0, 0.25, 0.0, 0.25, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0625, 0.25, 0.0];
    expect(Array.from(boxIouRef(b1, b2, { format: 'xyxy', plus1: false }))).toEqual(want);
  });

  it('formats give the same matrix; shape [N, M] row-major', () => {
    const xyxy = f64(0, 0, 4, 2, 1, 1, 3, 5);
    const other = f64(2, -1, 5, 1);
    const m = boxIouRef(xyxy, other, { format: 'xyxy', plus1: false });
    expect(m.length).toBe(2);
    expect(m[0]).toBeCloseTo(2 / (8 + 6 - 2), 15);
    expect(m[1]).toBe(0); // touching at y = 1: zero-height overlap
    const cx = boxIouRef(f64(2, 1, 4, 2, 2, 3, 2, 4), f64(3.5, 0, 3, 2), { format: 'cxcywh', plus1: false });
    const xywh = boxIouRef(f64(0, 0, 4, 2, 1, 1, 2, 4), f64(2, -1, 3, 2), { format: 'xywh', plus1: false });
    expect(Array.from(cx)).toEqual(Array.from(m));
    expect(Array.from(xywh)).toEqual(Array.from(m));
    // ltrb from one anchor (both sets share it): anchor 0 → l = −x1, t = −y1
    const lt = boxIouRef(f64(0, 0, 4, 2, -1, -1, 3, 5), f64(-2, 1, 5, 1), { format: 'ltrb', plus1: false });
    expect(Array.from(lt)).toEqual(Array.from(m));
  });

  it('plus1: pixel-inclusive widths and intersection', () => {
    // [0,0,9,9] is 10×10 pixels, [5,5,14,14] 10×10, overlap 5×5 → 25/175
    const m = boxIouRef(f64(0, 0, 9, 9), f64(5, 5, 14, 14), { format: 'xyxy', plus1: true });
    expect(m[0]).toBeCloseTo(25 / 175, 15);
    // boxes touching at x = 9 share one pixel column under plus1
    const t = boxIouRef(f64(0, 0, 9, 9), f64(9, 0, 18, 9), { format: 'xyxy', plus1: true });
    expect(t[0]).toBeCloseTo(10 / 190, 15);
    // a single pixel box is not empty under plus1
    expect(boxIouRef(f64(3, 3, 3, 3), f64(3, 3, 3, 3), { format: 'xyxy', plus1: true })[0]).toBe(1);
  });

  it('two empty boxes: 0/0 is 0; empty inputs give an empty matrix', () => {
    expect(Array.from(boxIouRef(f64(1, 1, 1, 1, 0, 0, 2, 0), f64(1, 1, 1, 1), { format: 'xyxy', plus1: false }))).toEqual([0, 0]);
    expect(boxIouRef(new Float64Array(0), f64(0, 0, 1, 1), { format: 'xyxy', plus1: false }).length).toBe(0);
  });
});
