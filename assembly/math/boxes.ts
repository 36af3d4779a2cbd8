// The driver of the box losses: n box pairs (pred in INPUT, target in TARGET, 4 f32 each, in the caller's
// format), optional per-pair weights in WEIGHT, per-pair values to OUT (F_NONE), gradients w.r.t. pred in the
// caller's format to GRAD (F_GRAD), the chunk's Σ w·l to the accumulator.
//
// Each loss file calls runBoxLoss with a constant kind; runBoxLoss picks one of six loops specialised on the
// convention and on F_GRAD (constant arguments of the @inline boxLoop), so the per-pair code has no test of kind,
// convention or grad. The format, weight, clamp and output flags stay loop-invariant tests.
//
// One source, two builds. The SIMD build takes pairs two at a time in f64x2 (box_simd.ts) while eps ≥ FAST_EPS and
// both pairs have finite, non-inverted boxes and, for the gradient, no tie between a pred and a target coordinate.
// Any other pair (the last of an odd count, NaN or infinite coordinates, an inverted box, a tie, a tiny eps) goes
// through the scalar code, which is the whole MVP kernel and names an inverted box by its index. Per pair both paths
// give the same f64 values, so losses, gradients and the chunk's sum (taken in pair order) are bit-identical between
// the builds (NaN payloads aside).
import { INPUT, TARGET, GRAD, OUT, WEIGHT, f32At, setF32At } from '../buffers';
import { CAPACITY, COMPACT, HEAD_ANCHORS } from '../config';
import {
  OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_TARGET, ARG_PARAM,
  F_GRAD, F_NONE, F_WEIGHT, F_CLAMP, clearError, fail,
} from '../status';
import { addAcc, gradScale } from './reduce';
import { coefMul } from './stable';
import {
  pairLoss, CONV_TORCHVISION, CONV_ULTRALYTICS, CONV_MMDET, FORMAT_XYXY, FORMAT_CXCYWH, FORMAT_XYWH,
} from './box';
import { pairLossX2 } from './box_simd';
import { coefMulX2, lo, hi } from './simd_math';

/** The smallest eps of the SIMD fast path (box_simd.ts): from there on ud² ≥ eps² is a normal, nonzero f64. */
const FAST_EPS: f64 = 1e-100;

/** Check the options every box kernel shares; ARG_PARAM index 0 format, 1 convention, 2 eps, 3 mode. */
export function checkBoxOptions(format: i32, conv: i32, eps: f64, mode: i32): i32 {
  clearError();
  if (format < 0 || format > 3) return fail(E_OPTION, ARG_PARAM, 0);
  if (conv < 0 || conv > 2) return fail(E_OPTION, ARG_PARAM, 1);
  if (!(eps >= 0 && eps < 1)) return fail(E_OPTION, ARG_PARAM, 2);
  if (mode < 0 || mode > 2) return fail(E_OPTION, ARG_PARAM, 3);
  return OK;
}

/**
 * Run one IoU-family loss over n pairs (4n ≤ capacity). denom scales the gradient (the mean's denominator:
 * avgFactor or N; 1 for 'sum'/'none'). `kind` is a constant at every call site.
 */
@inline export function runBoxLoss(
  kind: i32, n: i32, flags: i32, denom: f64, format: i32, conv: i32, eps: f64, mode: i32, negGamma: bool,
): i32 {
  const st = checkBoxOptions(format, conv, eps, mode);
  if (st != OK) return st;
  if (n < 0) return fail(E_LENGTH, ARG_INPUT, n);
  if (<i64>n * 4 > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, n);
  const scale = gradScale(denom);
  if (COMPACT) return boxLoopAny(kind, n, flags, scale, format, conv, eps, mode, negGamma);
  // A head-specialised build runs copies with the head's constant pair count (see config.ts).
  if (HEAD_ANCHORS > 0 && n == HEAD_ANCHORS) return boxLoops(kind, HEAD_ANCHORS, flags, scale, format, conv, eps, mode, negGamma);
  return boxLoops(kind, n, flags, scale, format, conv, eps, mode, negGamma);
}

/**
 * The compact build's one loop (config.ts COMPACT): kind, convention and F_GRAD are run-time values here, so one copy
 * serves every box loss; called from six places, it stays a function of its own.
 */
function boxLoopAny(
  kind: i32, n: i32, flags: i32, scale: f64, format: i32, conv: i32, eps: f64, mode: i32, negGamma: bool,
): i32 {
  return boxLoop(kind, conv, (flags & F_GRAD) != 0, n, flags, scale, format, eps, mode, negGamma);
}

/** The six loops specialised on convention and F_GRAD. */
@inline function boxLoops(
  kind: i32, n: i32, flags: i32, scale: f64, format: i32, conv: i32, eps: f64, mode: i32, negGamma: bool,
): i32 {
  if ((flags & F_GRAD) != 0) {
    if (conv == CONV_TORCHVISION) return boxLoop(kind, CONV_TORCHVISION, true, n, flags, scale, format, eps, mode, negGamma);
    if (conv == CONV_ULTRALYTICS) return boxLoop(kind, CONV_ULTRALYTICS, true, n, flags, scale, format, eps, mode, negGamma);
    return boxLoop(kind, CONV_MMDET, true, n, flags, scale, format, eps, mode, negGamma);
  }
  if (conv == CONV_TORCHVISION) return boxLoop(kind, CONV_TORCHVISION, false, n, flags, scale, format, eps, mode, negGamma);
  if (conv == CONV_ULTRALYTICS) return boxLoop(kind, CONV_ULTRALYTICS, false, n, flags, scale, format, eps, mode, negGamma);
  return boxLoop(kind, CONV_MMDET, false, n, flags, scale, format, eps, mode, negGamma);
}

@inline function boxLoop(
  kind: i32, conv: i32, wantGrad: bool, n: i32, flags: i32, scale: f64, format: i32, eps: f64, mode: i32,
  negGamma: bool,
): i32 {
  const wantOut = (flags & F_NONE) != 0;
  const useWeight = (flags & F_WEIGHT) != 0;
  const clamp = (flags & F_CLAMP) != 0;
  let sum: f64 = 0;
  let i: i32 = 0;
  const fast = ASC_FEATURE_SIMD && eps >= FAST_EPS;
  while (i < n) {
    if (ASC_FEATURE_SIMD) {
      // Blocks of two pairs, while they pass the fast-path test.
      while (fast && i + 2 <= n) {
        const off = <usize>i << 4;
        // Two pred and two target boxes, transposed to one f64x2 per coordinate (pair i in lane 0, i + 1 in lane 1).
        const p0 = v128.load(INPUT + off);
        const p1 = v128.load(INPUT + off, 16);
        const t0 = v128.load(TARGET + off);
        const t1 = v128.load(TARGET + off, 16);
        const pl = v128.shuffle<f32>(p0, p1, 0, 4, 1, 5);
        const ph = v128.shuffle<f32>(p0, p1, 2, 6, 3, 7);
        const tl = v128.shuffle<f32>(t0, t1, 0, 4, 1, 5);
        const th = v128.shuffle<f32>(t0, t1, 2, 6, 3, 7);
        const pa0 = lo(pl), pa1 = hi(pl), pa2 = lo(ph), pa3 = hi(ph);
        const ta0 = lo(tl), ta1 = hi(tl), ta2 = lo(th), ta3 = hi(th);
        let px1: v128, py1: v128, px2: v128, py2: v128, gx1: v128, gy1: v128, gx2: v128, gy2: v128;
        if (format == FORMAT_XYXY) {
          px1 = pa0; py1 = pa1; px2 = pa2; py2 = pa3;
          gx1 = ta0; gy1 = ta1; gx2 = ta2; gy2 = ta3;
        } else if (format == FORMAT_CXCYWH) {
          const half = f64x2.splat(0.5);
          px1 = f64x2.sub(pa0, f64x2.mul(half, pa2)); py1 = f64x2.sub(pa1, f64x2.mul(half, pa3));
          px2 = f64x2.add(pa0, f64x2.mul(half, pa2)); py2 = f64x2.add(pa1, f64x2.mul(half, pa3));
          gx1 = f64x2.sub(ta0, f64x2.mul(half, ta2)); gy1 = f64x2.sub(ta1, f64x2.mul(half, ta3));
          gx2 = f64x2.add(ta0, f64x2.mul(half, ta2)); gy2 = f64x2.add(ta1, f64x2.mul(half, ta3));
        } else if (format == FORMAT_XYWH) {
          px1 = pa0; py1 = pa1; px2 = f64x2.add(pa0, pa2); py2 = f64x2.add(pa1, pa3);
          gx1 = ta0; gy1 = ta1; gx2 = f64x2.add(ta0, ta2); gy2 = f64x2.add(ta1, ta3);
        } else {
          px1 = f64x2.neg(pa0); py1 = f64x2.neg(pa1); px2 = pa2; py2 = pa3;
          gx1 = f64x2.neg(ta0); gy1 = f64x2.neg(ta1); gx2 = ta2; gy2 = ta3;
        }
        let cX = v128.splat<i64>(0);
        let cY = v128.splat<i64>(0);
        if (clamp) {
          cX = f64x2.lt(px2, px1);
          cY = f64x2.lt(py2, py1);
          px2 = v128.bitselect(px1, px2, cX);
          py2 = v128.bitselect(py1, py2, cY);
          gx2 = v128.bitselect(gx1, gx2, f64x2.lt(gx2, gx1));
          gy2 = v128.bitselect(gy1, gy2, f64x2.lt(gy2, gy1));
        }
        // The fast-path test: every side ≥ 0 (x2 − x1 < 0 exactly when x2 < x1; NaN fails), a finite sum of the
        // sides and, for the gradient, pred ≠ target coordinate by coordinate. When it fails, pair i goes through the
        // scalar code below (which also names an inverted box), then the blocks resume at i + 1.
        const wp = f64x2.sub(px2, px1);
        const hp = f64x2.sub(py2, py1);
        const wg = f64x2.sub(gx2, gx1);
        const hg = f64x2.sub(gy2, gy1);
        let ok = v128.and(
          f64x2.ge(f64x2.pmin(f64x2.pmin(wp, hp), f64x2.pmin(wg, hg)), f64x2.splat(0)),
          f64x2.lt(f64x2.add(f64x2.add(wp, hp), f64x2.add(wg, hg)), f64x2.splat(Infinity)),
        );
        if (wantGrad) {
          ok = v128.and(ok, v128.and(
            v128.and(f64x2.ne(px1, gx1), f64x2.ne(px2, gx2)),
            v128.and(f64x2.ne(py1, gy1), f64x2.ne(py2, gy2)),
          ));
        }
        if (i64x2.bitmask(ok) != 3) break;
        // Which box bounds the intersection on each side (no ties here): px2 < gx2, px1 > gx1, py2 < gy2, py1 > gy1.
        const lx2 = f64x2.lt(px2, gx2);
        const gx1m = f64x2.gt(px1, gx1);
        const ly2 = f64x2.lt(py2, gy2);
        const gy1m = f64x2.gt(py1, gy1);
        let w = f64x2.splat(1);
        let gscale = f64x2.splat(scale);
        if (useWeight) {
          w = f64x2.promote_low_f32x4(v128.load64_zero(WEIGHT + (<usize>i << 2)));
          gscale = f64x2.mul(w, gscale);
        }
        let l = pairLossX2(
          kind, conv, wantGrad, format, eps, mode, negGamma, px1, py1, px2, py2, gx1, gy1, gx2, gy2,
          wp, hp, wg, hg, lx2, gx1m, ly2, gy1m, clamp, cX, cY, GRAD + off, gscale,
        );
        if (useWeight) l = coefMulX2(w, l); // coefMul(1, l) is l
        sum += f64x2.extract_lane(l, 0); // pair order, as the scalar loop
        sum += f64x2.extract_lane(l, 1);
        if (wantOut) v128.store64_lane(OUT + (<usize>i << 2), f32x4.demote_f64x2_zero(l), 0);
        i += 2;
      }
      if (i >= n) break;
    }
    // One pair through the scalar code: the MVP build's loop body; in the SIMD build a call to the one shared copy.
    const st = ASC_FEATURE_SIMD
      ? scalarPairAny(kind, conv, wantGrad, i, clamp, useWeight, scale, format, eps, mode, negGamma)
      : scalarPair(kind, conv, wantGrad, i, clamp, useWeight, scale, format, eps, mode, negGamma);
    if (st != OK) return st;
    sum += pairValue;
    if (wantOut) setF32At(OUT, i, <f32>pairValue);
    i++;
  }
  addAcc(sum);
  return OK;
}

/** The weighted loss of the pair scalarPair last handled (read right after the call). */
let pairValue: f64 = 0;

/**
 * Pair i through the scalar code: load and convert both boxes, clamp them or refuse inverted ones (E_RANGE naming
 * the box), then pairValue = w·loss and the gradient (w·scale) to GRAD. Returns a status.
 */
@inline function scalarPair(
  kind: i32, conv: i32, wantGrad: bool, i: i32, clamp: bool, useWeight: bool, scale: f64, format: i32, eps: f64,
  mode: i32, negGamma: bool,
): i32 {
  const pa = INPUT + (<usize>i << 4);
  const ta = TARGET + (<usize>i << 4);
  const pa0 = <f64>load<f32>(pa), pa1 = <f64>load<f32>(pa, 4), pa2 = <f64>load<f32>(pa, 8), pa3 = <f64>load<f32>(pa, 12);
  const ta0 = <f64>load<f32>(ta), ta1 = <f64>load<f32>(ta, 4), ta2 = <f64>load<f32>(ta, 8), ta3 = <f64>load<f32>(ta, 12);
  let px1: f64, py1: f64, px2: f64, py2: f64, gx1: f64, gy1: f64, gx2: f64, gy2: f64;
  if (format == FORMAT_XYXY) {
    px1 = pa0; py1 = pa1; px2 = pa2; py2 = pa3;
    gx1 = ta0; gy1 = ta1; gx2 = ta2; gy2 = ta3;
  } else if (format == FORMAT_CXCYWH) {
    px1 = pa0 - 0.5 * pa2; py1 = pa1 - 0.5 * pa3; px2 = pa0 + 0.5 * pa2; py2 = pa1 + 0.5 * pa3;
    gx1 = ta0 - 0.5 * ta2; gy1 = ta1 - 0.5 * ta3; gx2 = ta0 + 0.5 * ta2; gy2 = ta1 + 0.5 * ta3;
  } else if (format == FORMAT_XYWH) {
    px1 = pa0; py1 = pa1; px2 = pa0 + pa2; py2 = pa1 + pa3;
    gx1 = ta0; gy1 = ta1; gx2 = ta0 + ta2; gy2 = ta1 + ta3;
  } else {
    px1 = -pa0; py1 = -pa1; px2 = pa2; py2 = pa3;
    gx1 = -ta0; gy1 = -ta1; gx2 = ta2; gy2 = ta3;
  }
  let cX = false;
  let cY = false;
  if (clamp) {
    // Take inverted sides as zero length: x2 := max(x2, x1), y2 := max(y2, y1).
    cX = px2 < px1;
    cY = py2 < py1;
    if (cX) px2 = px1;
    if (cY) py2 = py1;
    if (gx2 < gx1) gx2 = gx1;
    if (gy2 < gy1) gy2 = gy1;
  } else {
    if (px2 < px1 || py2 < py1) return fail(E_RANGE, ARG_INPUT, i);
    if (gx2 < gx1 || gy2 < gy1) return fail(E_RANGE, ARG_TARGET, i);
  }
  const w = useWeight ? <f64>f32At(WEIGHT, i) : 1.0;
  pairValue = coefMul(w, pairLoss(
    kind, conv, wantGrad, format, eps, mode, negGamma, px1, py1, px2, py2, gx1, gy1, gx2, gy2, cX, cY,
    GRAD + (<usize>i << 4), w * scale,
  ));
  return OK;
}

/**
 * scalarPair with kind, convention and grad flag as runtime values: the SIMD build's single copy of the scalar code,
 * for the last pair of an odd count and the pairs its fast path leaves (the same operations, so the same bits).
 */
function scalarPairAny(
  kind: i32, conv: i32, wantGrad: bool, i: i32, clamp: bool, useWeight: bool, scale: f64, format: i32, eps: f64,
  mode: i32, negGamma: bool,
): i32 {
  return scalarPair(kind, conv, wantGrad, i, clamp, useWeight, scale, format, eps, mode, negGamma);
}
