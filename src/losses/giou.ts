import { parseBoxLoss } from '../options.js';
import type { BoxLossOptions, LossResult, NumericArray } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runBoxes } from './boxes.js';

/**
 * generalizedBoxIouLoss: 1 − IoU + (A_c − U)/A_c with A_c the enclosing box's area (Rezatofighi et al. 2019),
 * matching torchvision.ops.generalized_box_iou_loss (eps 1e-7: I/(U + eps), (A_c − U)/(A_c + eps)). Identical boxes
 * → 0; a quarter-size box inside → 0.75; boxes touching side by side → 1; touching at a corner → 1.5.
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
export function generalizedBoxIouLoss(mod: LossModule, pred: NumericArray, target: NumericArray, options?: BoxLossOptions): LossResult<Float32Array> {
  const p = parseBoxLoss('generalizedBoxIouLoss', pred, target, options, null);
  return runBoxes(mod, p, (n, f, d, fmt, cv, eps) => mod.exports.giou(n, f, d, fmt, cv, eps));
}
