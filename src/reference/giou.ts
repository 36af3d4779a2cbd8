import { boxLoss, iouOf, pieces, type BoxRefOptions } from './box.js';
import { add, div, max, sub } from './dual.js';
import type { RefOut } from './math.js';

/**
 * Generalized IoU loss, float64 reference (docs/detection.md, stem giou): 1 − IoU + (A_c − U)/A_c with the
 * convention's eps: torchvision (A_c − U)/(A_c + eps), IoU = I/(U + eps); ultralytics
 * (A_c + eps − U')/(A_c + eps) with U' = U + eps (= (A_c − U)/(A_c + eps)) and h + eps areas; mmdet
 * (bbox_overlaps) U' = max(U, eps), A' = max(A_c, eps), IoU = I/U', term (A' − U')/A'.
 * Gradient by forward-mode AD w.r.t. the pred coordinates in the caller's format.
 */
export function giouRef(pred: Float64Array, target: Float64Array, o: BoxRefOptions): RefOut {
  return boxLoss(pred, target, o, (p, g) => {
    const pc = pieces(p, g, o.convention, o.eps);
    const iou = iouOf(pc, o.convention, o.eps, true);
    let term;
    if (o.convention === 'mmdet') {
      const Um = max(pc.U, o.eps);
      const Am = max(pc.Ac, o.eps);
      term = div(sub(Am, Um), Am);
    } else {
      term = div(sub(pc.Ac, pc.U), add(pc.Ac, o.eps));
    }
    return add(sub(1, iou), term);
  });
}
