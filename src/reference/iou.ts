import { boxLoss, iouOf, pieces, type BoxRefOptions } from './box.js';
import { clamp, log, mul, neg, sub } from './dual.js';
import type { RefOut } from './math.js';

/**
 * IoU loss, float64 reference (docs/detection.md, stem iou). Per pair, with the convention's IoU
 * (torchvision I/(U + eps); ultralytics I/(U + eps) with h + eps in the areas; mmdet I/max(U, eps) clamped
 * to ≥ eps before the mode): 'linear' 1 − IoU, 'square' 1 − IoU², 'log' −ln max(IoU, eps) in every convention
 * (disjoint boxes cost −ln eps, finite; below eps the clamp passes no gradient).
 * Gradient by forward-mode AD (src/reference/dual.ts) w.r.t. the pred coordinates in the caller's format.
 */
export function iouRef(
  pred: Float64Array,
  target: Float64Array,
  o: BoxRefOptions & { mode: 'linear' | 'square' | 'log' },
): RefOut {
  return boxLoss(pred, target, o, (p, g) => {
    const pc = pieces(p, g, o.convention, o.eps);
    let iou = iouOf(pc, o.convention, o.eps, true);
    if (o.convention === 'mmdet' || o.mode === 'log') iou = clamp(iou, o.eps, Infinity);
    if (o.mode === 'square') return sub(1, mul(iou, iou));
    if (o.mode === 'log') return neg(log(iou));
    return sub(1, iou);
  });
}
