import { constBox, type BoxFormat } from './box.js';

/**
 * Pairwise IoU matrix, float64 reference (docs/detection.md, stem box_iou; torchvision `box_iou`): boxes1 [N, 4],
 * boxes2 [M, 4] in `format`, result [N·M] row-major, IoU = I/U without eps, I = iw·ih when iw > 0 and ih > 0
 * (else 0), and 0 where U = 0 (two empty boxes). `plus1` is the pixel-inclusive convention: w = x2 − x1 + 1,
 * and the intersection's sides likewise get + 1. No gradient.
 */
export function boxIouRef(boxes1: Float64Array, boxes2: Float64Array, o: { format: BoxFormat; plus1: boolean }): Float64Array {
  const N = Math.floor(boxes1.length / 4);
  const M = Math.floor(boxes2.length / 4);
  const k = o.plus1 ? 1 : 0;
  const read = (a: Float64Array, n: number): Float64Array => {
    const out = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) {
      const b = constBox(a, i, o.format, false);
      for (let j = 0; j < 4; j++) out[4 * i + j] = b[j]!.v;
    }
    return out;
  };
  const a = read(boxes1, N);
  const b = read(boxes2, M);
  const out = new Float64Array(N * M);
  for (let i = 0; i < N; i++) {
    const [ax1, ay1, ax2, ay2] = [a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!];
    const areaA = (ax2 - ax1 + k) * (ay2 - ay1 + k);
    for (let j = 0; j < M; j++) {
      const [bx1, by1, bx2, by2] = [b[4 * j]!, b[4 * j + 1]!, b[4 * j + 2]!, b[4 * j + 3]!];
      const areaB = (bx2 - bx1 + k) * (by2 - by1 + k);
      const iw = Math.min(ax2, bx2) - Math.max(ax1, bx1) + k;
      const ih = Math.min(ay2, by2) - Math.max(ay1, by1) + k;
      const inter = iw > 0 && ih > 0 ? iw * ih : 0;
      const union = areaA + areaB - inter;
      out[i * M + j] = union === 0 ? 0 : inter / union + 0;
    }
  }
  return out;
}
