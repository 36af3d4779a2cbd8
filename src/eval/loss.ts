/**
 * The loss breakdown of `evaluate`, computed with the Wasm kernels (the same f32 kernels a training or calibration
 * script on the device would call):
 *
 * - box: the chosen IoU-family loss (iouLoss, generalizedBoxIouLoss, distanceBoxIouLoss, completeBoxIouLoss,
 *   convention 'torchvision') on each matched (detection, ground truth) pair, boxes xyxy in pixels;
 * - cls: BCE ('pytorch' convention) or sigmoid focal (α 0.25, γ 2) on the detection confidences. Target: the
 *   pair's matching IoU (`clsTarget: 'iou'`) or 1 for a true positive, 0 for a false positive; detections the rules
 *   ignore (difficult under ignoreDifficult, matched to a crowd) are left out. Focal takes logits: the confidence p
 *   is clamped to [1e-7, 1 − 1e-7] and x = ln(p/(1 − p)); its gradient is chained back to p (dL/dp = dL/dx/(p(1−p))).
 * - kpt: on pairs where both sides have the 4 corners: oksLoss (default; ultralytics pose's keypoint loss, with the
 *   ground-truth box area as the object area and sigmas 1/4: scale-free and in [0, 1] like the box and cls parts, so
 *   the total is not dominated by pixel units), or wingLoss (ω 10, ε 2, mmpose's defaults, in pixels, as in Feng
 *   et al.) or l1Loss over the 8 coordinates, whose pair value is the sum over the 8 coordinates (mmpose).
 *
 * A frame's box and kpt losses are means over its pairs, cls the mean over its scored detections; total is the
 * sum of the parts that exist (null when none does). The set's parts are means over all pairs / detections of the
 * set (not means of frame means). Gradients: per frame [D, 13] float32, d(that detection's own loss)/d(inputs):
 * columns 0–3 the box (x1, y1, x2, y2), 4 the confidence, 5–12 the corners; zero where a part does not apply.
 */
import { EdgeLossError } from '../errors.js';
import type { EdgeLoss, NumericArray } from '../types.js';
import type { DetMatch } from './voc.js';
import type { EvalBoxLoss, EvalClsLoss, EvalClsTarget, EvalKptLoss, EvalLoss, Frame } from './types.js';

const BOX_API: Record<EvalBoxLoss, string> = {
  iou: 'iouLoss',
  giou: 'generalizedBoxIouLoss',
  diou: 'distanceBoxIouLoss',
  ciou: 'completeBoxIouLoss',
};
export const GRAD_COLUMNS = 13;
const P_EPS = 1e-7;

type AnyLoss = (x: NumericArray, y: NumericArray, o: Record<string, unknown>) => { value: Float32Array; grad: Float32Array };

function api(el: EdgeLoss, name: string, arg: string): AnyLoss {
  const f = (el as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') {
    throw new EdgeLossError('E_OPTION', 'evaluate', arg, name, 'is not in this build of the loss API; for metrics only pass --no-loss (API: loss: false)');
  }
  return (x, y, o) => (f as AnyLoss).call(el, x, y, { ...o, reduction: 'none', grad: true });
}

export interface LossSettings {
  boxLoss: EvalBoxLoss;
  clsLoss: EvalClsLoss;
  clsTarget: EvalClsTarget;
  kptLoss: EvalKptLoss;
}

function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function totalOf(l: Omit<EvalLoss, 'total'>): number | null {
  const parts = [l.box, l.cls, l.kpt].filter((v): v is number => v !== null);
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0);
}

/** Losses per frame and for the set, and the per-frame gradients. `matches[f]` holds one DetMatch per detection. */
export function lossBreakdown(
  el: EdgeLoss, frames: readonly Frame[], matches: readonly DetMatch[][], s: LossSettings,
): { frames: EvalLoss[]; set: EvalLoss; grads: Map<string, Float32Array> } {
  // Gather every pair, scored detection and corner pair of the set, so each kernel runs once over the set.
  const pairs: { f: number; d: number; g: number }[] = [];
  const scored: { f: number; d: number; target: number }[] = [];
  frames.forEach((fr, f) => {
    matches[f]!.forEach((m, d) => {
      const det = fr.det[d]!;
      if (!(det.score >= 0 && det.score <= 1)) {
        throw new EdgeLossError('E_RANGE', 'evaluate', det.where, det.score, 'has a confidence outside [0, 1], which the classification loss needs (metrics only: --no-loss, or loss: false in the API)');
      }
      if (m.status === 'ignored') return;
      if (m.status === 'tp') pairs.push({ f, d, g: m.gt });
      scored.push({ f, d, target: m.status === 'tp' ? (s.clsTarget === 'iou' ? m.iou : 1) : 0 });
    });
  });
  const kptPairs = pairs.filter((p) => frames[p.f]!.det[p.d]!.corners && frames[p.f]!.gt[p.g]!.corners);

  const grads = new Map<string, Float32Array>();
  for (const fr of frames) grads.set(fr.id, new Float32Array(fr.det.length * GRAD_COLUMNS));
  const boxVals: number[][] = frames.map(() => []);
  const clsVals: number[][] = frames.map(() => []);
  const kptVals: number[][] = frames.map(() => []);

  if (pairs.length > 0) {
    const pred = new Float32Array(pairs.length * 4);
    const target = new Float32Array(pairs.length * 4);
    pairs.forEach((p, i) => {
      const a = frames[p.f]!.det[p.d]!;
      const b = frames[p.f]!.gt[p.g]!;
      pred.set([a.x, a.y, a.x + a.w, a.y + a.h], 4 * i);
      target.set([b.x, b.y, b.x + b.w, b.y + b.h], 4 * i);
    });
    const r = api(el, BOX_API[s.boxLoss], 'options.boxLoss')(pred, target, { format: 'xyxy' });
    pairs.forEach((p, i) => {
      boxVals[p.f]!.push(r.value[i]!);
      grads.get(frames[p.f]!.id)!.set(r.grad.subarray(4 * i, 4 * i + 4), p.d * GRAD_COLUMNS);
    });
  }
  if (scored.length > 0) {
    const probs = Float64Array.from(scored, (c) => frames[c.f]!.det[c.d]!.score);
    const targets = Float32Array.from(scored, (c) => c.target);
    let value: Float32Array;
    let dp: Float64Array;
    if (s.clsLoss === 'bce') {
      const r = api(el, 'binaryCrossEntropy', 'options.clsLoss')(probs, targets, {});
      value = r.value;
      dp = Float64Array.from(r.grad);
    } else {
      const pc = probs.map((p) => Math.min(Math.max(p, P_EPS), 1 - P_EPS));
      const logits = pc.map((p) => Math.log(p / (1 - p)));
      const r = api(el, 'sigmoidFocalLoss', 'options.clsLoss')(logits, targets, { alpha: 0.25, gamma: 2 });
      value = r.value;
      dp = Float64Array.from(r.grad, (g, i) => g / (pc[i]! * (1 - pc[i]!)));
    }
    scored.forEach((c, i) => {
      clsVals[c.f]!.push(value[i]!);
      grads.get(frames[c.f]!.id)![c.d * GRAD_COLUMNS + 4] = dp[i]!;
    });
  }
  if (kptPairs.length > 0) {
    const pred = new Float32Array(kptPairs.length * 8);
    const target = new Float32Array(kptPairs.length * 8);
    kptPairs.forEach((p, i) => {
      pred.set(frames[p.f]!.det[p.d]!.corners!, 8 * i);
      target.set(frames[p.f]!.gt[p.g]!.corners!, 8 * i);
    });
    const area = Float32Array.from(kptPairs, (p) => {
      const g = frames[p.f]!.gt[p.g]!;
      return g.w * g.h;
    });
    const r = s.kptLoss === 'oks'
      ? api(el, 'oksLoss', 'options.kptLoss')(pred, target, { numKeypoints: 4, area })
      : s.kptLoss === 'wing'
        ? api(el, 'wingLoss', 'options.kptLoss')(pred, target, { numKeypoints: 4 })
        : api(el, 'l1Loss', 'options.kptLoss')(pred, target, {});
    kptPairs.forEach((p, i) => {
      let v = 0;
      if (s.kptLoss === 'oks') v = r.value[i]!; // one value per pair
      else for (let j = 0; j < 8; j++) v += r.value[8 * i + j]!;
      kptVals[p.f]!.push(v);
      grads.get(frames[p.f]!.id)!.set(r.grad.subarray(8 * i, 8 * i + 8), p.d * GRAD_COLUMNS + 5);
    });
  }

  const perFrame = frames.map((_, f) => {
    const l = { box: mean(boxVals[f]!), cls: mean(clsVals[f]!), kpt: mean(kptVals[f]!) };
    return { ...l, total: totalOf(l) };
  });
  const setParts = { box: mean(boxVals.flat()), cls: mean(clsVals.flat()), kpt: mean(kptVals.flat()) };
  return { frames: perFrame, set: { ...setParts, total: totalOf(setParts) }, grads };
}
