import { parseBoxLoss } from '../options.js';
import type { BoxLossOptions, LossResult, NumericArray } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runBoxes } from './boxes.js';

/**
 * distanceBoxIouLoss: 1 − IoU + ρ²/c², ρ the distance of the box centres and c the enclosing box's diagonal
 * (Zheng et al. 2020, DIoU), matching torchvision.ops.distance_box_iou_loss (c² + eps).
 * Shapes: pred and target [N, 4] flat, in `format` ('xyxy' default, 'cxcywh', 'xywh' (COCO), 'ltrb' (FCOS
 * distances to a shared anchor point)); any consistent unit (the loss is scale-invariant). Options: convention
 * ('torchvision' default, 'ultralytics', 'mmdet'; docs/detection.md lists each one's eps placements), eps (1e-7, or
 * 1e-6 under mmdet), clamp (take inverted boxes as zero size), weight [N] per box, avgFactor.
 * Reductions: 'none' [N] per pair; 'sum' Σ w·l; 'mean' Σ w·l / (avgFactor ?? N) — the mean of no boxes is 0 under
 * 'torchvision' (as torchvision returns), NaN under the others. Default 'mean' (torchvision's default is 'none').
 * Gradient w.r.t. the predicted boxes, in their format (computed by hand in reverse mode, f64).
 * Degenerate boxes (points, zero width or height) give finite values and gradients; identical boxes give 0 up to
 * eps (≈ 1e-8 relative).
 * Throws EdgeLossError: E_SHAPE (length not a multiple of 4, weight length), E_LENGTH (pred/target lengths),
 * E_RANGE (an inverted box without clamp, naming the box index and coordinates), E_OPTION (unknown option or value),
 * E_DTYPE. Tolerance against the float64 reference: rel 1e-6 on values, rel 1e-5 on gradients (f32 storage).
 */
export function distanceBoxIouLoss(mod: LossModule, pred: NumericArray, target: NumericArray, options?: BoxLossOptions): LossResult<Float32Array> {
  const p = parseBoxLoss('distanceBoxIouLoss', pred, target, options, null);
  return runBoxes(mod, p, (n, f, d, fmt, cv, eps) => mod.exports.diou(n, f, d, fmt, cv, eps));
}
