import { parseBoxLoss } from '../options.js';
import type { SiouLossOptions, LossResult, NumericArray } from '../types.js';
import type { LossModule } from '../wasm/module.js';
import { runBoxes } from './boxes.js';

/**
 * siouLoss: 1 − clamp(IoU − (Δ + Ω)/2, −1, 1) with the angle-aware distance cost Δ and the shape cost Ω
 * (Gevorgyan 2022, SIoU), as mmdet siou_loss. negGamma true (default) is the paper's Δ = Σ(1 − e^(−γρ));
 * false is mmdet's default Δ = 2 − Σ e^(γρ) (the default under convention 'mmdet').
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
export function siouLoss(mod: LossModule, pred: NumericArray, target: NumericArray, options?: SiouLossOptions): LossResult<Float32Array> {
  const p = parseBoxLoss('siouLoss', pred, target, options, 'negGamma');
  return runBoxes(mod, p, (n, f, d, fmt, cv, eps) => mod.exports.siou(n, f, d, fmt, cv, eps, p.negGamma ? 1 : 0));
}
