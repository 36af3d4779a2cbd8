/**
 * Shared pieces of the box losses of the float64 reference (docs/detection.md, "Box losses over [N, 4]").
 *
 * - Format conversion to xyxy ('xyxy', 'cxcywh', 'xywh', 'ltrb'), done on duals: each pair seeds the 4 pred
 *   coordinates *in the caller's format* as the AD variables, so the gradient comes back in that format by the
 *   chain rule without a separate Jacobian.
 * - The inverted-box clamp (x2 := max(x2, x1), y2 := max(y2, y1), only where the side is inverted; the gradient of
 *   a clamped coordinate then flows to x1 / y1).
 * - The convention-dependent quantities (eps placements of torchvision, ultralytics and mmdet).
 * - `boxLoss`, the driver: per-pair loss as a dual, per-box weights, 'mean' = Σ w·l / (avgFactor ?? N),
 *   torchvision's empty 'mean' = 0.
 * Nothing here validates or throws; inverted boxes without `clamp` are the caller's problem.
 */
import type { Reduction } from '../types.js';
import {
  add, dconst, div, dvars, max, min, mul, partial, sqr, sub, type Dual, type DualLike,
} from './dual.js';
import { bcast, mulz, reduce, scaleGrad, type RefOut } from './math.js';

export type BoxFormat = 'xyxy' | 'cxcywh' | 'xywh' | 'ltrb';
export type BoxConvention = 'torchvision' | 'ultralytics' | 'mmdet';

/** Options every box-loss reference takes (already resolved to their defaults by the caller). */
export interface BoxRefOptions {
  reduction: Reduction;
  grad: boolean;
  format: BoxFormat;
  convention: BoxConvention;
  eps: number;
  clamp: boolean;
  weight: Float64Array | null;
  avgFactor: number | null;
}

/** A box as 4 duals (x1, y1, x2, y2) after conversion. */
export type Box = [Dual, Dual, Dual, Dual];

/**
 * Converts one box from `format` to xyxy: cxcywh x1 = cx − w/2, x2 = cx + w/2; xywh x2 = x + w;
 * ltrb x1 = −l, y1 = −t, x2 = r, y2 = b (the shared anchor point cancels).
 */
export function toXyxy(b: [DualLike, DualLike, DualLike, DualLike], format: BoxFormat): Box {
  const [a, c, e, f] = b;
  switch (format) {
    case 'xyxy':
      return [add(a, 0), add(c, 0), add(e, 0), add(f, 0)];
    case 'cxcywh': {
      const hw = mul(e, 0.5);
      const hh = mul(f, 0.5);
      return [sub(a, hw), sub(c, hh), add(a, hw), add(c, hh)];
    }
    case 'xywh':
      return [add(a, 0), add(c, 0), add(a, e), add(c, f)];
    case 'ltrb':
      return [sub(0, a), sub(0, c), add(e, 0), add(f, 0)];
  }
}

/**
 * Inverted-box clamp: an inverted side (x2 < x1, y2 < y1) becomes zero length, x2 := x1 (value and partials of
 * x1, so the clamped coordinate's gradient flows to x1). A side that is not inverted is left untouched, a
 * zero-length side included (no tie splitting: only inverted sides are changed).
 */
export function clampBox(b: Box): Box {
  const [x1, y1, x2, y2] = b;
  return [x1, y1, x2.v < x1.v ? x1 : x2, y2.v < y1.v ? y1 : y2];
}

/** Reads box i of a flat [N, 4] array in `format` and returns it in xyxy (constants: no partials). */
export function constBox(a: Float64Array, i: number, format: BoxFormat, clamp: boolean): Box {
  const b = toXyxy([a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!], format);
  return clamp ? clampBox(b) : b;
}

/** Reads pred box i as 4 AD variables in the caller's format, converted to xyxy. */
export function varBox(a: Float64Array, i: number, format: BoxFormat, clamp: boolean): Box {
  const v = dvars(a, 4 * i, 4);
  const b = toXyxy([v[0]!, v[1]!, v[2]!, v[3]!], format);
  return clamp ? clampBox(b) : b;
}

/** The quantities of one pair that the IoU-family losses share (docs/detection.md, "Common quantities"). */
export interface Pieces {
  /** Raw widths / heights (no eps). */
  wp: Dual; hp: Dual; wg: Dual; hg: Dual;
  /** Heights as the convention's areas use them: ultralytics h + eps, torchvision and mmdet raw. */
  hpA: Dual; hgA: Dual;
  /** Heights as CIoU's aspect term uses them: ultralytics and mmdet h + eps, torchvision raw. */
  hpV: Dual; hgV: Dual;
  /** Intersection iw·ih if iw > 0 and ih > 0, else 0. */
  I: Dual;
  /** Union without any eps: w_p·h_pA + w_g·h_gA − I. */
  U: Dual;
  /** Enclosing box width, height, area. */
  Cw: Dual; Ch: Dual; Ac: Dual;
  /** Squared centre distance ρ² and the enclosing diagonal c² + eps. */
  rho2: Dual; c2: Dual;
}

/** Computes the shared quantities of pair (p, g) in xyxy under `convention` with `eps`. */
export function pieces(p: Box, g: Box, convention: BoxConvention, eps: number): Pieces {
  const [px1, py1, px2, py2] = p;
  const [gx1, gy1, gx2, gy2] = g;
  const wp = sub(px2, px1), hp = sub(py2, py1), wg = sub(gx2, gx1), hg = sub(gy2, gy1);
  const hpE = add(hp, eps), hgE = add(hg, eps);
  const ultra = convention === 'ultralytics';
  const hpA = ultra ? hpE : hp, hgA = ultra ? hgE : hg;
  const hpV = convention === 'torchvision' ? hp : hpE, hgV = convention === 'torchvision' ? hg : hgE;
  const iw = sub(min(px2, gx2), max(px1, gx1));
  const ih = sub(min(py2, gy2), max(py1, gy1));
  const I = iw.v > 0 && ih.v > 0 ? mul(iw, ih) : dconst(0);
  const U = sub(add(mul(wp, hpA), mul(wg, hgA)), I);
  const Cw = sub(max(px2, gx2), min(px1, gx1));
  const Ch = sub(max(py2, gy2), min(py1, gy1));
  const Ac = mul(Cw, Ch);
  const c2 = add(add(sqr(Cw), sqr(Ch)), eps);
  const dx = sub(add(px1, px2), add(gx1, gx2));
  const dy = sub(add(py1, py2), add(gy1, gy2));
  const rho2 = div(add(sqr(dx), sqr(dy)), 4);
  return { wp, hp, wg, hg, hpA, hgA, hpV, hgV, I, U, Cw, Ch, Ac, rho2, c2 };
}

/**
 * IoU of a pair under the convention. `overlaps` selects mmdet's `bbox_overlaps` form (IoU and GIoU losses:
 * I / max(U, eps)); otherwise mmdet uses I / (U + eps) (DIoU, CIoU, EIoU, SIoU). torchvision: I / (U + eps);
 * ultralytics: I / (U + eps) with its h + eps areas.
 */
export function iouOf(pc: Pieces, convention: BoxConvention, eps: number, overlaps: boolean): Dual {
  if (convention === 'mmdet' && overlaps) return div(pc.I, max(pc.U, eps));
  return div(pc.I, add(pc.U, eps));
}

/**
 * Runs a per-pair box loss over [N, 4] pred / target: `pair(p, g)` gets both boxes in xyxy (pred as duals whose
 * partials are w.r.t. the caller-format pred coordinates) and returns the pair's loss as a dual.
 * Weighted loss w_i·l_i (a zero weight counts 0); 'none' [N], 'sum' Σ, 'mean' Σ / (avgFactor ?? N);
 * an empty 'mean' is 0 under torchvision (it returns 0·sum) and NaN otherwise. The gradient is d(reduced)/d(pred).
 */
export function boxLoss(
  pred: Float64Array,
  target: Float64Array,
  o: BoxRefOptions,
  pair: (p: Box, g: Box) => Dual,
): RefOut {
  const N = Math.floor(pred.length / 4);
  const vals = new Float64Array(N);
  const g = o.grad ? new Float64Array(4 * N) : null;
  for (let i = 0; i < N; i++) {
    const pb = varBox(pred, i, o.format, o.clamp);
    const gb = constBox(target, i, o.format, o.clamp);
    const l = pair(pb, gb);
    const w = o.weight === null ? 1 : bcast(o.weight, i);
    vals[i] = mulz(w, l.v);
    if (g !== null) for (let j = 0; j < 4; j++) g[4 * i + j] = mulz(w, partial(l, j));
  }
  // mmdet's weight_reduce_loss divides by avg_factor + float32 eps.
  const denom = o.avgFactor === null ? N : o.avgFactor + (o.convention === 'mmdet' ? 1.1920928955078125e-7 : 0);
  const emptyZero = o.reduction === 'mean' && denom === 0 && o.convention === 'torchvision';
  const out: RefOut = { value: emptyZero ? 0 : reduce(vals, o.reduction, denom) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, denom);
  return out;
}
