import { boxLoss, iouOf, pieces, type BoxRefOptions } from './box.js';
import { add, div, sqr, sub } from './dual.js';
import type { RefOut } from './math.js';

/**
 * Efficient IoU loss (Focal-EIoU paper), float64 reference (docs/detection.md, stem eiou):
 * 1 − IoU + ρ²/(c² + eps) + (w_p − w_g)²/(C_w² + eps) + (h_p − h_g)²/(C_h² + eps), IoU = I/(U + eps) with the
 * convention's areas. Gradient by forward-mode AD w.r.t. the pred coordinates in the caller's format.
 */
export function eiouRef(pred: Float64Array, target: Float64Array, o: BoxRefOptions): RefOut {
  return boxLoss(pred, target, o, (p, g) => {
    const pc = pieces(p, g, o.convention, o.eps);
    const iou = iouOf(pc, o.convention, o.eps, false);
    const dist = div(pc.rho2, pc.c2);
    const dw = div(sqr(sub(pc.wp, pc.wg)), add(sqr(pc.Cw), o.eps));
    const dh = div(sqr(sub(pc.hp, pc.hg)), add(sqr(pc.Ch), o.eps));
    return add(add(add(sub(1, iou), dist), dw), dh);
  });
}
