// The driver of the box losses: n box pairs (pred in INPUT, target in TARGET, 4 f32 each, in the caller's
// format), optional per-pair weights in WEIGHT, per-pair values to OUT (F_NONE), gradients w.r.t. pred in the
// caller's format to GRAD (F_GRAD), the chunk's Σ w·l to the accumulator.
//
// Each loss file calls runBoxLoss with a constant kind; runBoxLoss picks one of six loops specialised on the
// convention and on F_GRAD (constant arguments of the @inline boxLoop), so the per-pair code has no test of kind,
// convention or grad. The format, weight, clamp and output flags stay loop-invariant tests.
import { INPUT, TARGET, GRAD, OUT, WEIGHT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import {
  OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_TARGET, ARG_PARAM,
  F_GRAD, F_NONE, F_WEIGHT, F_CLAMP, clearError, fail,
} from '../status';
import { addAcc, gradScale } from './reduce';
import { coefMul } from './stable';
import {
  pairLoss, CONV_TORCHVISION, CONV_ULTRALYTICS, CONV_MMDET, FORMAT_XYXY, FORMAT_CXCYWH, FORMAT_XYWH,
} from './box';

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
  while (i < n) {
    const st = scalarPair(kind, conv, wantGrad, i, clamp, useWeight, scale, format, eps, mode, negGamma);
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
