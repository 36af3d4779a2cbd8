import { INPUT, TARGET, OUT, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { OK, E_LENGTH, E_CAPACITY, E_RANGE, ARG_INPUT, ARG_TARGET, fail } from '../status';
import { FORMAT_XYXY, FORMAT_CXCYWH, FORMAT_XYWH, FORMAT_LTRB, plainIou } from '../math/box';
import { plainIouX2 } from '../math/box_simd';
import { checkBoxOptions } from '../math/boxes';
import { lo, hi } from '../math/simd_math';

/** Coordinate k (0 x1, 1 y1, 2 x2, 3 y2) in xyxy of the box at `base` (4 f32 in `format`). */
@inline function coord(base: usize, format: i32, k: i32): f64 {
  if (k < 2) {
    const a = <f64>load<f32>(base + (<usize>k << 2));
    if (format == FORMAT_CXCYWH) return a - 0.5 * <f64>load<f32>(base + (<usize>(k + 2) << 2));
    return format == FORMAT_LTRB ? -a : a;
  }
  const c = <f64>load<f32>(base + (<usize>k << 2));
  if (format == FORMAT_XYXY || format == FORMAT_LTRB) return c;
  const a = <f64>load<f32>(base + (<usize>(k - 2) << 2));
  return format == FORMAT_CXCYWH ? a + 0.5 * c : a + c;
}

/**
 * box_iou (boxIou): the pairwise IoU matrix of n boxes in INPUT and m boxes in TARGET (same format), written
 * row-major to OUT [n, m]. I/U with no eps (torchvision box_iou), 0 where U is 0; plus1 (≠ 0) uses pixel-inclusive
 * side lengths. Needs 4n, 4m and n·m ≤ capacity. Inverted boxes are E_RANGE (index = box). No gradient.
 * The SIMD build takes the targets two at a time (f64x2, the same operations per lane as plainIou).
 */
export function box_iou(n: i32, m: i32, format: i32, plus1: i32): i32 {
  const st = checkBoxOptions(format, 0, 0, 0);
  if (st != OK) return st;
  if (n < 0) return fail(E_LENGTH, ARG_INPUT, n);
  if (m < 0) return fail(E_LENGTH, ARG_TARGET, m);
  if (<i64>n * 4 > <i64>CAPACITY || <i64>n * <i64>m > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, n);
  if (<i64>m * 4 > <i64>CAPACITY) return fail(E_CAPACITY, ARG_TARGET, m);
  for (let j = 0; j < m; j++) {
    const b = TARGET + (<usize>j << 4);
    if (coord(b, format, 2) < coord(b, format, 0) || coord(b, format, 3) < coord(b, format, 1)) {
      return fail(E_RANGE, ARG_TARGET, j);
    }
  }
  const one: f64 = plus1 != 0 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const pb = INPUT + (<usize>i << 4);
    const px1 = coord(pb, format, 0), py1 = coord(pb, format, 1), px2 = coord(pb, format, 2), py2 = coord(pb, format, 3);
    if (px2 < px1 || py2 < py1) return fail(E_RANGE, ARG_INPUT, i);
    const row = i * m;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const vx1 = f64x2.splat(px1), vy1 = f64x2.splat(py1), vx2 = f64x2.splat(px2), vy2 = f64x2.splat(py2);
      const vone = f64x2.splat(one);
      for (; j + 2 <= m; j += 2) {
        const tb = TARGET + (<usize>j << 4);
        const t0 = v128.load(tb);
        const t1 = v128.load(tb, 16);
        const tl = v128.shuffle<f32>(t0, t1, 0, 4, 1, 5);
        const th = v128.shuffle<f32>(t0, t1, 2, 6, 3, 7);
        const a = lo(tl), b = hi(tl), c = lo(th), d = hi(th);
        let gx1: v128, gy1: v128, gx2: v128, gy2: v128;
        if (format == FORMAT_XYXY) {
          gx1 = a; gy1 = b; gx2 = c; gy2 = d;
        } else if (format == FORMAT_CXCYWH) {
          const half = f64x2.splat(0.5);
          gx1 = f64x2.sub(a, f64x2.mul(half, c)); gy1 = f64x2.sub(b, f64x2.mul(half, d));
          gx2 = f64x2.add(a, f64x2.mul(half, c)); gy2 = f64x2.add(b, f64x2.mul(half, d));
        } else if (format == FORMAT_XYWH) {
          gx1 = a; gy1 = b; gx2 = f64x2.add(a, c); gy2 = f64x2.add(b, d);
        } else {
          gx1 = f64x2.neg(a); gy1 = f64x2.neg(b); gx2 = c; gy2 = d;
        }
        const r = plainIouX2(vone, vx1, vy1, vx2, vy2, gx1, gy1, gx2, gy2);
        v128.store64_lane(OUT + (<usize>(row + j) << 2), f32x4.demote_f64x2_zero(r), 0);
      }
    }
    for (; j < m; j++) {
      const tb = TARGET + (<usize>j << 4);
      const r = plainIou(
        one, px1, py1, px2, py2, coord(tb, format, 0), coord(tb, format, 1), coord(tb, format, 2), coord(tb, format, 3),
      );
      setF32At(OUT, row + j, <f32>r);
    }
  }
  return OK;
}
