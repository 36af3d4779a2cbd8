/**
 * The COCO block of `evaluate`: a port of pycocotools' COCOeval for iouType 'bbox' (evaluate, accumulate,
 * summarize), operation for operation, in float64:
 *
 * - iouThrs = np.linspace(.5, .95, 10) and recThrs = np.linspace(0, 1, 101), reproduced as numpy computes them
 *   (i·step + start, last = stop; so the 9th threshold is 0.8999999999999999);
 * - areaRng all [0, 1e10], small [0, 32²], medium [32², 96²], large [96², 1e10], inclusive at both ends, on the
 *   ground truth's annotation `area` and the detection's w·h; maxDets 1, 10, 100;
 * - gt ignore = iscrowd (pycocotools overwrites any `ignore` field with iscrowd); crowds can be matched many times,
 *   and IoU with a crowd divides by the detection's area;
 * - detections per image and category sorted by score with a stable sort (numpy mergesort) and cut to 100; across
 *   images concatenated in image order and stably sorted again;
 * - precision = tp/(tp + fp + np.spacing(1)), made monotone from the right, read at np.searchsorted(rc, recThrs,
 *   'left'); recall = the last rc; categories without non-ignored gt stay −1;
 * - each summary figure is np.mean of the entries > −1, with numpy's pairwise summation (blocks of 8192, unrolled by
 *   8), and −1 when there is none.
 *
 * Where this differs from pycocotools: matched flags are booleans, whereas pycocotools stores the gt's `id` and so
 * treats a match with a gt whose id is 0 as unmatched (ids start at 1 in COCO files).
 */
import { byScore, cocoIou } from './voc.js';
import type { EvalCocoBlock, Frame, Obj } from './types.js';

function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const y: number[] = [];
  for (let i = 0; i < num; i++) y.push(i * step + start);
  y[num - 1] = stop;
  return y;
}

export const IOU_THRS = linspace(0.5, 0.95, 10);
export const REC_THRS = linspace(0, 1, 101);
export const AREA_RNG: readonly [number, number][] = [[0, 1e10], [0, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e10]];
export const MAX_DETS = [1, 10, 100] as const;
const SPACING_1 = 2.220446049250313e-16; // np.spacing(1)

/** numpy's pairwise_sum for float64 (umath loops_utils): n < 8 plain; ≤ 128 eight accumulators; else halves. */
function pairwise(a: readonly number[], lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[lo + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[lo + i + j]!;
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[lo + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
}

/** np.mean of a 1-D float64 array: 0 + pairwise sums of 8192-element blocks (the ufunc buffer), divided by n. */
export function npMean(a: readonly number[]): number {
  let s = 0;
  for (let lo = 0; lo < a.length; lo += 8192) s += pairwise(a, lo, Math.min(8192, a.length - lo));
  return s / a.length;
}

interface EvalImg {
  dtScores: number[];
  /** [T][D]: matched (pycocotools: gt id ≠ 0). */
  dtMatched: boolean[][];
  dtIgnore: boolean[][];
  gtIgnore: boolean[];
}

/** pycocotools evaluateImg for one image, one category, one area range, maxDet = 100. */
function evaluateImg(gt0: readonly Obj[], dt0: readonly Obj[], ious: number[][], aRng: readonly [number, number]): EvalImg | null {
  if (gt0.length === 0 && dt0.length === 0) return null;
  const gIgn0 = gt0.map((g) => g.crowd || g.area < aRng[0] || g.area > aRng[1]);
  const gtind = gt0.map((_, i) => i).sort((a, b) => Number(gIgn0[a]) - Number(gIgn0[b]) || a - b);
  const gt = gtind.map((i) => gt0[i]!);
  const gtIgnore = gtind.map((i) => gIgn0[i]!);
  const dt = dt0; // already sorted by score and cut to maxDets[-1] by the caller (computeIoU)
  const T = IOU_THRS.length;
  const G = gt.length;
  const D = dt.length;
  const gtm: boolean[][] = IOU_THRS.map(() => new Array<boolean>(G).fill(false));
  const dtMatched: boolean[][] = IOU_THRS.map(() => new Array<boolean>(D).fill(false));
  const dtIgnore: boolean[][] = IOU_THRS.map(() => new Array<boolean>(D).fill(false));
  if (G > 0 && D > 0) {
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < D; d++) {
        let iou = Math.min(IOU_THRS[t]!, 1 - 1e-10);
        let m = -1;
        for (let g = 0; g < G; g++) {
          if (gtm[t]![g] && !gt[g]!.crowd) continue;
          if (m > -1 && !gtIgnore[m] && gtIgnore[g]) break;
          const o = ious[d]![gtind[g]!]!;
          if (o < iou) continue;
          iou = o;
          m = g;
        }
        if (m === -1) continue;
        dtIgnore[t]![d] = gtIgnore[m]!;
        dtMatched[t]![d] = true;
        gtm[t]![m] = true;
      }
    }
  }
  for (let t = 0; t < T; t++) {
    for (let d = 0; d < D; d++) {
      const a = dt[d]!.area;
      if (!dtMatched[t]![d] && (a < aRng[0] || a > aRng[1])) dtIgnore[t]![d] = true;
    }
  }
  return { dtScores: dt.map((d) => d.score), dtMatched, dtIgnore, gtIgnore };
}

/**
 * The twelve pycocotools summary figures for `frames` (in pycocotools' image order) and `categories` (its catIds
 * order; detections of other classes are never evaluated, as in pycocotools).
 */
export function cocoEval(frames: readonly Frame[], categories: readonly string[]): EvalCocoBlock {
  const T = IOU_THRS.length;
  const R = REC_THRS.length;
  const K = categories.length;
  const A = AREA_RNG.length;
  const M = MAX_DETS.length;
  const maxDetLast = MAX_DETS[M - 1];
  // precision[t][r][k][a][m] and recall[t][k][a][m], −1 by default, stored flat.
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const pIdx = (t: number, r: number, k: number, a: number, m: number) => (((t * R + r) * K + k) * A + a) * M + m;
  const rIdx = (t: number, k: number, a: number, m: number) => ((t * K + k) * A + a) * M + m;

  for (let k = 0; k < K; k++) {
    const cat = categories[k]!;
    // computeIoU per image: dts sorted by score (stable) and cut to maxDets[-1]; ious [D][G] with gts in file order.
    const perImg = frames.map((f) => {
      const gt = f.gt.filter((g) => g.cls === cat);
      const dAll = f.det.filter((d) => d.cls === cat);
      const dt = byScore(dAll).slice(0, maxDetLast).map((i) => dAll[i]!);
      const ious = dt.map((d) => gt.map((g) => cocoIou(d, g)));
      return { gt, dt, ious };
    });
    for (let a = 0; a < A; a++) {
      const E = perImg.map((p) => evaluateImg(p.gt, p.dt, p.ious, AREA_RNG[a]!)).filter((e): e is EvalImg => e !== null);
      if (E.length === 0) continue;
      for (let m = 0; m < M; m++) {
        const maxDet = MAX_DETS[m]!;
        const scores: number[] = [];
        const matched: boolean[][] = IOU_THRS.map(() => []);
        const ignored: boolean[][] = IOU_THRS.map(() => []);
        let npig = 0;
        for (const e of E) {
          const n = Math.min(maxDet, e.dtScores.length);
          for (let d = 0; d < n; d++) scores.push(e.dtScores[d]!);
          for (let t = 0; t < T; t++) {
            for (let d = 0; d < n; d++) {
              matched[t]!.push(e.dtMatched[t]![d]!);
              ignored[t]!.push(e.dtIgnore[t]![d]!);
            }
          }
          for (const g of e.gtIgnore) if (!g) npig++;
        }
        const inds = scores.map((_, i) => i).sort((x, y) => scores[y]! - scores[x]! || x - y);
        if (npig === 0) continue;
        const nd = inds.length;
        for (let t = 0; t < T; t++) {
          const rc: number[] = [];
          const pr: number[] = [];
          let tp = 0;
          let fp = 0;
          for (const i of inds) {
            const ig = ignored[t]![i]!;
            const mt = matched[t]![i]!;
            if (mt && !ig) tp++;
            if (!mt && !ig) fp++;
            rc.push(tp / npig);
            pr.push(tp / (fp + tp + SPACING_1));
          }
          recall[rIdx(t, k, a, m)] = nd ? rc[nd - 1]! : 0;
          for (let i = nd - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
          let pi = 0;
          for (let ri = 0; ri < R; ri++) {
            const thr = REC_THRS[ri]!;
            while (pi < nd && rc[pi]! < thr) pi++; // np.searchsorted(rc, recThrs, side='left'); rc is non-decreasing
            // pycocotools fills q until the first index past the end, leaving the rest 0
            if (pi >= nd) {
              for (let r2 = ri; r2 < R; r2++) precision[pIdx(t, r2, k, a, m)] = 0;
              break;
            }
            precision[pIdx(t, ri, k, a, m)] = pr[pi]!;
          }
        }
      }
    }
  }

  const summarize = (ap: boolean, iouThr: number | null, area: number, maxDets: number): number => {
    const m = MAX_DETS.indexOf(maxDets as 1 | 10 | 100);
    const ts = iouThr === null ? IOU_THRS.map((_, i) => i) : IOU_THRS.flatMap((v, i) => (v === iouThr ? [i] : []));
    const vals: number[] = [];
    for (const t of ts) {
      if (ap) {
        for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) vals.push(precision[pIdx(t, r, k, area, m)]!);
      } else {
        for (let k = 0; k < K; k++) vals.push(recall[rIdx(t, k, area, m)]!);
      }
    }
    const kept = vals.filter((v) => v > -1);
    return kept.length === 0 ? -1 : npMean(kept);
  };
  return {
    AP: summarize(true, null, 0, 100),
    AP50: summarize(true, 0.5, 0, 100),
    AP75: summarize(true, 0.75, 0, 100),
    APs: summarize(true, null, 1, 100),
    APm: summarize(true, null, 2, 100),
    APl: summarize(true, null, 3, 100),
    AR1: summarize(false, null, 0, 1),
    AR10: summarize(false, null, 0, 10),
    AR100: summarize(false, null, 0, 100),
    ARs: summarize(false, null, 1, 100),
    ARm: summarize(false, null, 2, 100),
    ARl: summarize(false, null, 3, 100),
  };
}
