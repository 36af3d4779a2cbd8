import { boxLoss, iouOf, pieces, type BoxRefOptions } from './box.js';
import { add, div, sub } from './dual.js';
import type { RefOut } from './math.js';

/**
 * Distance IoU loss, float64 reference (docs/detection.md, stem diou): 1 − IoU + ρ²/(c² + eps), IoU = I/(U + eps)
 * (ultralytics with h + eps areas). Gradient by forward-mode AD w.r.t. the pred coordinates in the caller's format.
 */
export function diouRef(pred: Float64Array, target: Float64Array, o: BoxRefOptions): RefOut {
  return boxLoss(pred, target, o, (p, g) => {
    const pc = pieces(p, g, o.convention, o.eps);
    const iou = iouOf(pc, o.convention, o.eps, false);
    return add(sub(1, iou), div(pc.rho2, pc.c2));
  });
}
