// The driver of the box losses: n box pairs (pred in INPUT, target in TARGET, 4 f32 each, in the caller's
// format), optional per-pair weights in WEIGHT, per-pair values to OUT (F_NONE), gradients w.r.t. pred in the
// caller's format to GRAD (F_GRAD), the chunk's Σ w·l to the accumulator.
import { INPUT, TARGET, GRAD, OUT, WEIGHT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import {
  OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_TARGET, ARG_PARAM,
  F_GRAD, F_NONE, F_WEIGHT, F_CLAMP, clearError, fail,
} from '../status';
import { addAcc, gradScale } from './reduce';
import { coefMul } from './stable';
import { loadBox, inverted, clampBoxes, clearClamp, storeGrad, pairLoss } from './box';

/** Check the options every box kernel shares; ARG_PARAM index 0 format, 1 convention, 2 eps, 3 mode. */
export function checkBoxOptions(format: i32, conv: i32, eps: f64, mode: i32): i32 {
  clearError();
  if (format < 0 || format > 3) return fail(E_OPTION, ARG_PARAM, 0);
  if (conv < 0 || conv > 2) return fail(E_OPTION, ARG_PARAM, 1);
  if (!(eps >= 0 && eps < 1)) return fail(E_OPTION, ARG_PARAM, 2);
  if (mode < 0 || mode > 2) return fail(E_OPTION, ARG_PARAM, 3);
  return OK;
}

/** Load pair i (and clamp or refuse inverted boxes). Returns a status. */
function loadPair(i: i32, format: i32, clamp: bool): i32 {
  loadBox(INPUT + (<usize>i << 4), format, true);
  loadBox(TARGET + (<usize>i << 4), format, false);
  if (clamp) {
    clampBoxes();
  } else {
    clearClamp();
    if (inverted(true)) return fail(E_RANGE, ARG_INPUT, i);
    if (inverted(false)) return fail(E_RANGE, ARG_TARGET, i);
  }
  return OK;
}

/**
 * Run one IoU-family loss over n pairs (4n ≤ capacity). denom scales the gradient (the mean's denominator:
 * avgFactor or N; 1 for 'sum'/'none').
 */
export function runBoxLoss(
  kind: i32, n: i32, flags: i32, denom: f64, format: i32, conv: i32, eps: f64, mode: i32, negGamma: bool,
): i32 {
  const st = checkBoxOptions(format, conv, eps, mode);
  if (st != OK) return st;
  if (n < 0) return fail(E_LENGTH, ARG_INPUT, n);
  if (<i64>n * 4 > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, n);
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const useWeight = (flags & F_WEIGHT) != 0;
  const clamp = (flags & F_CLAMP) != 0;
  const scale = gradScale(denom);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const ps = loadPair(i, format, clamp);
    if (ps != OK) return ps;
    const w = useWeight ? <f64>f32At(WEIGHT, i) : 1.0;
    const l = coefMul(w, pairLoss(kind, conv, eps, mode, negGamma, wantGrad));
    sum += l;
    if (wantOut) setF32At(OUT, i, <f32>l);
    if (wantGrad) storeGrad(GRAD + (<usize>i << 4), format, w * scale);
  }
  addAcc(sum);
  return OK;
}
