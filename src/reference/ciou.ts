import { boxLoss, iouOf, pieces, type BoxRefOptions } from './box.js';
import { add, atan2, clamp, detach, div, mul, sqr, sub } from './dual.js';
import type { RefOut } from './math.js';

/**
 * Complete IoU loss, float64 reference (docs/detection.md, stem ciou): 1 − IoU + ρ²/(c² + eps) + α·v,
 * v = (4/π²)(atan2(w_g, h_g) − atan2(w_p, h_p))² (h + eps under ultralytics and mmdet; atan2(0, 0) = 0), and α
 * held constant in the gradient (computed from values only): torchvision / ultralytics v/(1 − IoU + v + eps),
 * mmdet [IoU > 0.5]·v/(1 − IoU + v) with the loss 1 − clamp(IoU − ρ²/c² − α·v, −1, 1).
 * Gradient by forward-mode AD w.r.t. the pred coordinates in the caller's format.
 */
export function ciouRef(pred: Float64Array, target: Float64Array, o: BoxRefOptions): RefOut {
  return boxLoss(pred, target, o, (p, g) => {
    const pc = pieces(p, g, o.convention, o.eps);
    const iou = iouOf(pc, o.convention, o.eps, false);
    const dist = div(pc.rho2, pc.c2);
    const v = mul(4 / (Math.PI * Math.PI), sqr(sub(atan2(pc.wg, pc.hgV), atan2(pc.wp, pc.hpV))));
    const iv = iou.v, vv = v.v;
    let alpha: number;
    // α·v is 0 when v is 0, whatever the denominator (IoU = 1 exactly, or eps = 0 with identical boxes).
    if (vv === 0) alpha = 0;
    else if (o.convention === 'mmdet') alpha = iv > 0.5 ? vv / (1 - iv + vv) : 0;
    else alpha = vv / (1 - iv + vv + o.eps);
    const av = mul(detach(alpha), v);
    if (o.convention === 'mmdet') return sub(1, clamp(sub(sub(iou, dist), av), -1, 1));
    return add(add(sub(1, iou), dist), av);
  });
}
