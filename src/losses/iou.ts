import { parseBoxLoss } from '../options.js';
import type { IouLossOptions, LossResult, NumericArray } from '../types.js';
import { IOU_MODE } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { runBoxes } from './boxes.js';

/**
 * iouLoss: per pair, mode 'linear' 1 − IoU (default), 'square' 1 − IoU², 'log' −ln IoU (IoU clamped at eps so
 * it stays finite; under the mmdet convention IoU is always clamped at eps and 'log' is the default, as mmdet IoULoss).
 * IoU = I/(U + eps) (torchvision, mmdet D/C-IoU placement; mmdet I/max(U, eps)). Source: UnitBox (Yu et al. 2016),
 * mmdet iou_loss.
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
export function iouLoss(mod: LossModule, pred: NumericArray, target: NumericArray, options?: IouLossOptions): LossResult<Float32Array> {
  const p = parseBoxLoss('iouLoss', pred, target, options, 'mode');
  return runBoxes(mod, p, (n, f, d, fmt, cv, eps) => mod.exports.iou(n, f, d, fmt, cv, eps, IOU_MODE[p.mode]));
}
