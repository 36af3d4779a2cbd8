/**
 * Metric IoU in float64 and the VOC-rules side of `evaluate`: per-image matching at one IoU threshold (VOC or COCO
 * rules), all-point and 11-point interpolated AP. Metrics never use the f32 Wasm kernels: they must agree with the
 * VOC devkit / pycocotools to the digit.
 */
import type { EvalRules, Obj } from './types.js';

/**
 * VOC-style IoU of two boxes (x, y, w, h; x2 = x + w). `plus1`: the pixel-inclusive convention of the VOC devkit
 * (widths and intersection + 1). Intersection counts only when both sides are > 0; union = area(d) + area(g) − I.
 */
export function vocIou(d: Obj, g: Obj, plus1: boolean): number {
  const p = plus1 ? 1 : 0;
  const iw = Math.min(d.x + d.w, g.x + g.w) - Math.max(d.x, g.x) + p;
  const ih = Math.min(d.y + d.h, g.y + g.h) - Math.max(d.y, g.y) + p;
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const uni = (d.w + p) * (d.h + p) + (g.w + p) * (g.h + p) - inter;
  return uni > 0 ? inter / uni : 0;
}

/**
 * pycocotools' bbox IoU (maskApi.c bbIou), operation for operation: w = min(dx + dw, gx + gw) − max(dx, gx) (0
 * when ≤ 0), likewise h; union = area_d + area_g − I, or area_d when the ground truth is a crowd. Areas are w·h of
 * the boxes (not the annotation `area`, which only selects the area range).
 */
export function cocoIou(d: Obj, g: Obj): number {
  const w = Math.min(d.w + d.x, g.w + g.x) - Math.max(d.x, g.x);
  if (w <= 0) return 0;
  const h = Math.min(d.h + d.y, g.h + g.y) - Math.max(d.y, g.y);
  if (h <= 0) return 0;
  const i = w * h;
  const da = d.w * d.h;
  const u = g.crowd ? da : da + g.w * g.h - i;
  return i / u;
}

/** Indices of `xs` sorted by score descending, ties in their original order (stable, as mergesort). */
export function byScore(xs: readonly Obj[]): number[] {
  return xs.map((_, i) => i).sort((a, b) => xs[b]!.score - xs[a]!.score || a - b);
}

/** The outcome of one detection at one threshold. */
export interface DetMatch {
  /** 'tp', 'fp', or 'ignored' (matched a difficult ground truth under ignoreDifficult, or a crowd/ignored one). */
  status: 'tp' | 'fp' | 'ignored';
  /** Index of the matched ground truth in the frame's gt list (−1 when none). */
  gt: number;
  /** IoU with that ground truth (the best IoU for a VOC false positive; 0 when none). */
  iou: number;
}

/**
 * Match one image's detections to its ground truth at threshold `thr`, class by class.
 *
 * VOC rules (devkit, and rafaelpadilla/review_object_detection_metrics): detections in descending confidence; each
 * takes its best-IoU ground truth of the same class; IoU ≥ thr and not taken → TP (the gt is taken); taken → FP;
 * below thr → FP. A difficult gt under `ignoreDifficult` makes its detection ignored (neither TP nor FP).
 * COCO rules (pycocotools evaluateImg at one threshold, area 'all'): each detection takes the best-IoU gt among
 * those not yet matched (crowds can be matched again) with IoU ≥ thr, preferring non-crowd ones; matched to a
 * crowd → ignored.
 * Returns one DetMatch per detection (in the input order) and, per gt, whether it counts (npos) and was matched.
 */
export function matchFrame(
  gt: readonly Obj[], det: readonly Obj[], thr: number, rules: EvalRules, plus1: boolean, ignoreDifficult: boolean,
): { det: DetMatch[]; gtCounts: boolean[]; gtMatched: boolean[] } {
  const out: DetMatch[] = det.map(() => ({ status: 'fp', gt: -1, iou: 0 }));
  const gtCounts = gt.map((g) => (rules === 'voc' ? !(ignoreDifficult && g.difficult) : !g.crowd));
  const taken = gt.map(() => false);
  for (const di of byScore(det)) {
    const d = det[di]!;
    if (rules === 'voc') {
      let best = -Infinity;
      let m = -1;
      gt.forEach((g, gi) => {
        if (g.cls !== d.cls) return;
        const o = vocIou(d, g, plus1);
        if (o > best) {
          best = o;
          m = gi;
        }
      });
      if (m >= 0 && best >= thr) {
        if (!gtCounts[m]) out[di] = { status: 'ignored', gt: m, iou: best };
        else if (!taken[m]) {
          taken[m] = true;
          out[di] = { status: 'tp', gt: m, iou: best };
        } else out[di] = { status: 'fp', gt: -1, iou: best };
      } else if (m >= 0) out[di] = { status: 'fp', gt: -1, iou: best };
    } else {
      let best = Math.min(thr, 1 - 1e-10);
      let m = -1;
      // pycocotools visits non-ignored gts first and stops at the first ignored one once it holds a regular match.
      const order = gt.map((_, i) => i).filter((i) => gt[i]!.cls === d.cls).sort((a, b) => Number(!gtCounts[a]) - Number(!gtCounts[b]) || a - b);
      for (const gi of order) {
        const g = gt[gi]!;
        if (taken[gi] && !g.crowd) continue;
        if (m > -1 && gtCounts[m] && !gtCounts[gi]) break;
        const o = cocoIou(d, g);
        if (o < best) continue;
        best = o;
        m = gi;
      }
      if (m >= 0) {
        taken[m] = true;
        out[di] = { status: gtCounts[m] ? 'tp' : 'ignored', gt: m, iou: best };
      }
    }
  }
  return { det: out, gtCounts, gtMatched: taken };
}

/**
 * All-point interpolated AP (VOC 2010+ devkit `voc_ap(use_07_metric=False)`): mrec = [0, rec, 1],
 * mpre = [0, prec, 0], precision made monotone from the right, Σ (mrec[i] − mrec[i−1])·mpre[i] where recall changes.
 */
export function apAllPoint(rec: readonly number[], prec: readonly number[]): number {
  const mrec = [0, ...rec, 1];
  const mpre = [0, ...prec, 0];
  for (let i = mpre.length - 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1]!, mpre[i]!);
  let ap = 0;
  for (let i = 1; i < mrec.length; i++) if (mrec[i] !== mrec[i - 1]) ap += (mrec[i]! - mrec[i - 1]!) * mpre[i]!;
  return ap;
}

/**
 * 11-point interpolated AP (VOC2007 `use_07_metric=True`): mean over t = 0, 0.1, …, 1 (computed as k·0.1, as
 * numpy's arange/linspace do, so t = 0.30000000000000004) of max(prec[rec ≥ t]), 0 when none.
 */
export function ap11Point(rec: readonly number[], prec: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k <= 10; k++) {
    const t = k === 10 ? 1 : k * 0.1;
    let p = 0;
    for (let i = 0; i < rec.length; i++) if (rec[i]! >= t && prec[i]! > p) p = prec[i]!;
    sum += p;
  }
  return sum / 11;
}

/** Recall and precision after each of `flags` (true = TP), detections already in descending confidence. */
export function prCurve(flags: readonly boolean[], npos: number): { recall: number[]; precision: number[] } {
  const recall: number[] = [];
  const precision: number[] = [];
  let tp = 0;
  let fp = 0;
  for (const f of flags) {
    if (f) tp++;
    else fp++;
    recall.push(tp / npos);
    precision.push(tp / (fp + tp));
  }
  return { recall, precision };
}
