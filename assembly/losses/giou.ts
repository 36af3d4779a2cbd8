import { runBoxLoss } from '../math/boxes';
import { KIND_GIOU } from '../math/box';

/**
 * giou (generalizedBoxIouLoss) over n box pairs: see assembly/math/box.ts (pairLoss) and docs/detection.md for the formula and
 * conventions. format 0 xyxy, 1 cxcywh, 2 xywh, 3 ltrb; convention 0 torchvision, 1 ultralytics, 2 mmdet.
 * Gradient w.r.t. the predicted boxes, in their format, scaled by 1/denom.
 */
export function giou(n: i32, flags: i32, denom: f64, format: i32, convention: i32, eps: f64): i32 {
  return runBoxLoss(KIND_GIOU, n, flags, denom, format, convention, eps, 0, true);
}
