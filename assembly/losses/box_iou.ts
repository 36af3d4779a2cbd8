import { INPUT, TARGET, OUT, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { OK, E_LENGTH, E_CAPACITY, E_RANGE, ARG_INPUT, ARG_TARGET, fail } from '../status';
import { loadBox, inverted, plainIou } from '../math/box';
import { checkBoxOptions } from '../math/boxes';

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
    loadBox(TARGET + (<usize>j << 4), format, false);
    if (inverted(false)) return fail(E_RANGE, ARG_TARGET, j);
  }
  for (let i = 0; i < n; i++) {
    loadBox(INPUT + (<usize>i << 4), format, true);
    if (inverted(true)) return fail(E_RANGE, ARG_INPUT, i);
    for (let j = 0; j < m; j++) {
      loadBox(TARGET + (<usize>j << 4), format, false);
      setF32At(OUT, i * m + j, <f32>plainIou(plus1 != 0));
    }
  }
  return OK;
}
