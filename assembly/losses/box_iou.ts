import { INPUT, TARGET, OUT, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { OK, E_LENGTH, E_CAPACITY, E_RANGE, ARG_INPUT, ARG_TARGET, fail } from '../status';
import { FORMAT_XYXY, FORMAT_CXCYWH, FORMAT_LTRB, plainIou } from '../math/box';
import { checkBoxOptions } from '../math/boxes';

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
    for (let j = 0; j < m; j++) {
      const tb = TARGET + (<usize>j << 4);
      const r = plainIou(
        one, px1, py1, px2, py2, coord(tb, format, 0), coord(tb, format, 1), coord(tb, format, 2), coord(tb, format, 3),
      );
      setF32At(OUT, row + j, <f32>r);
    }
  }
  return OK;
}
