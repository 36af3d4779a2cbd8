import { INPUT, TARGET, GRAD, OUT, WEIGHT, f32At, setF32At, i32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, shifted } from '../math/stable';
import {
  OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_TARGET, ARG_PARAM,
  F_GRAD, F_NONE, F_WEIGHT, F_PROB_TARGET, clearError, fail,
} from '../status';

// Softmax cross-entropy over rows of C logits (PyTorch F.cross_entropy, docs/semantics.md).
//
// Stability: logp_c = (x_c - m) - ln S with m = max_k x_k and S = Σ_k exp(x_k - m) ∈ [1, C], so no exp overflows.
// Limits: x - m is read as 0 when x == m, so a row of all -Inf is uniform and +Inf logits share the mass; a
// product with a zero coefficient is 0 (a class with target 0 and logp -Inf adds nothing).
//
// The row statistics (m, S, Σ w_c t'_c, Σ w_c) live in globals and are updated online (running max with
// rescaling), so a row longer than the buffer is two passes of segments: cross_entropy_row_lse over every
// segment, then cross_entropy_row_terms over every segment. Rows that fit use cross_entropy, which does both.

let rowMax: f64 = 0; // set by rowBegin (a -Infinity initialiser would need a start function)
let rowSum: f64 = 0;
let rowWT: f64 = 0; // Σ_c w_c t'_c (probability targets)
let rowW: f64 = 0; // Σ_c w_c (index targets, label smoothing)
let rowValue: f64 = 0;

function rowBegin(): void {
  rowMax = -Infinity;
  rowSum = 0;
  rowWT = 0;
  rowW = 0;
  rowValue = 0;
}

/** Online log-sum-exp and weight sums over n classes starting at x/t/w (byte addresses). */
function rowScan(x: usize, t: usize, w: usize, n: i32, flags: i32, eps: f64, numClasses: f64): void {
  const useWeight = (flags & F_WEIGHT) != 0;
  const prob = (flags & F_PROB_TARGET) != 0;
  let m = rowMax;
  let s = rowSum;
  let wt = rowWT;
  let ws = rowW;
  for (let c = 0; c < n; c++) {
    const v = <f64>f32At(x, c);
    if (v > m) {
      s = s * Math.exp(m - v) + 1;
      m = v;
    } else {
      s += Math.exp(shifted(v, m));
    }
    const wc = useWeight ? <f64>f32At(w, c) : 1.0;
    ws += wc;
    if (prob) wt += wc * (<f64>f32At(t, c) * (1 - eps) + eps / numClasses);
  }
  rowMax = m;
  rowSum = s;
  rowWT = wt;
  rowW = ws;
}

/**
 * Loss terms and gradient of n classes of the current row, starting at class `offset` (after rowScan has seen
 * the whole row). Index targets: y is the class, wy its weight. Returns the segment's loss.
 */
function rowTerms(
  x: usize, t: usize, w: usize, g: usize, n: i32, offset: i32, flags: i32,
  y: i32, wy: f64, eps: f64, numClasses: f64, inv: f64,
): f64 {
  const useWeight = (flags & F_WEIGHT) != 0;
  const prob = (flags & F_PROB_TARGET) != 0;
  const wantGrad = (flags & F_GRAD) != 0;
  const m = rowMax;
  const s = rowSum;
  const lnS = Math.log(s);
  const smooth = eps / numClasses;
  let loss: f64 = 0;
  for (let c = 0; c < n; c++) {
    const z = shifted(<f64>f32At(x, c), m);
    const nlp = lnS - z; // -log p_c
    const p = Math.exp(z) / s;
    const wc = useWeight ? <f64>f32At(w, c) : 1.0;
    let gc: f64;
    if (prob) {
      const coef = wc * (<f64>f32At(t, c) * (1 - eps) + smooth);
      loss += coefMul(coef, nlp);
      gc = coefMul(rowWT, p) - coef;
    } else {
      loss += coefMul(smooth * wc, nlp);
      gc = coefMul(smooth, coefMul(rowW, p) - wc);
      const hard = (1 - eps) * wy;
      if (offset + c == y) {
        loss += coefMul(hard, nlp);
        gc += coefMul(hard, p - 1);
      } else {
        gc += coefMul(hard, p);
      }
    }
    if (wantGrad) setF32At(g, c, <f32>(gc * inv));
  }
  return loss;
}

@inline function zeroGrad(g: usize, n: i32): void {
  for (let c = 0; c < n; c++) setF32At(g, c, 0);
}

function checkParams(numClasses: i32, eps: f64): i32 {
  clearError();
  if (numClasses < 1) return fail(E_OPTION, ARG_PARAM, 0);
  if (!(eps >= 0 && eps <= 1)) return fail(E_OPTION, ARG_PARAM, 1);
  return OK;
}

/**
 * cross_entropy (crossEntropy): `rows` rows of `numClasses` logits in INPUT (rows·C ≤ capacity).
 * Targets in TARGET: i32 class indices [rows], or with F_PROB_TARGET f32 probabilities [rows, C].
 * F_WEIGHT: class weights [C] in WEIGHT. Index targets equal to ignoreIndex give 0 and a zero gradient row;
 * others outside [0, C) are E_RANGE. F_NONE writes one value per row to OUT; F_GRAD writes [rows, C] to GRAD,
 * scaled by 1/denom (denom: Σ w_y over kept rows for index targets with 'mean', N for probability targets).
 */
export function cross_entropy(rows: i32, numClasses: i32, flags: i32, denom: f64, ignoreIndex: i32, labelSmoothing: f64): i32 {
  const pst = checkParams(numClasses, labelSmoothing);
  if (pst != OK) return pst;
  if (rows < 0) return fail(E_LENGTH, ARG_INPUT, rows);
  if (numClasses > CAPACITY || <i64>rows * <i64>numClasses > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, rows);
  const prob = (flags & F_PROB_TARGET) != 0;
  const useWeight = (flags & F_WEIGHT) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const wantGrad = (flags & F_GRAD) != 0;
  const cf = <f64>numClasses;
  const inv = gradScale(denom);
  const rowBytes = <usize>numClasses << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const x = INPUT + <usize>r * rowBytes;
    const g = GRAD + <usize>r * rowBytes;
    let y: i32 = -1;
    let wy: f64 = 0;
    if (!prob) {
      y = i32At(TARGET, r);
      if (y == ignoreIndex) {
        if (wantOut) setF32At(OUT, r, 0);
        if (wantGrad) zeroGrad(g, numClasses);
        continue;
      }
      if (y < 0 || y >= numClasses) return fail(E_RANGE, ARG_TARGET, r);
      wy = useWeight ? <f64>f32At(WEIGHT, y) : 1.0;
    }
    const t = prob ? TARGET + <usize>r * rowBytes : TARGET;
    rowBegin();
    rowScan(x, t, WEIGHT, numClasses, flags, labelSmoothing, cf);
    const l = rowTerms(x, t, WEIGHT, g, numClasses, 0, flags, y, wy, labelSmoothing, cf, inv);
    total += l;
    if (wantOut) setF32At(OUT, r, <f32>l);
  }
  addAcc(total);
  return OK;
}

/** Start a row that is streamed in segments (numClasses > capacity). */
export function cross_entropy_row_begin(): void {
  rowBegin();
}

/**
 * First pass over one segment of the current long row: n logits in INPUT, the matching class weights in WEIGHT
 * (F_WEIGHT) and probability targets in TARGET (F_PROB_TARGET). Updates the online log-sum-exp.
 */
export function cross_entropy_row_lse(n: i32, flags: i32, numClasses: i32, labelSmoothing: f64): i32 {
  const pst = checkParams(numClasses, labelSmoothing);
  if (pst != OK) return pst;
  if (n < 0) return fail(E_LENGTH, ARG_INPUT, n);
  if (n > CAPACITY) return fail(E_CAPACITY, ARG_INPUT, n);
  rowScan(INPUT, TARGET, WEIGHT, n, flags, labelSmoothing, <f64>numClasses);
  return OK;
}

/**
 * Second pass over one segment (classes offset .. offset+n-1) of the current long row, after every segment went
 * through cross_entropy_row_lse. Index targets: `target` is the row's class and `targetWeight` its class weight;
 * a row whose target is ignoreIndex gets a zero gradient and adds nothing. Adds the segment's loss to the
 * accumulator and to cross_entropy_row_value(); writes n gradient values to GRAD with F_GRAD.
 */
export function cross_entropy_row_terms(
  n: i32, offset: i32, flags: i32, denom: f64, target: i32, targetWeight: f64, ignoreIndex: i32,
  numClasses: i32, labelSmoothing: f64,
): i32 {
  const pst = checkParams(numClasses, labelSmoothing);
  if (pst != OK) return pst;
  if (n < 0) return fail(E_LENGTH, ARG_INPUT, n);
  if (n > CAPACITY) return fail(E_CAPACITY, ARG_INPUT, n);
  const prob = (flags & F_PROB_TARGET) != 0;
  if (!prob && target == ignoreIndex) {
    if ((flags & F_GRAD) != 0) zeroGrad(GRAD, n);
    return OK;
  }
  if (!prob && (target < 0 || target >= numClasses)) return fail(E_RANGE, ARG_TARGET, 0);
  const l = rowTerms(INPUT, TARGET, WEIGHT, GRAD, n, offset, flags, target, targetWeight, labelSmoothing, <f64>numClasses, gradScale(denom));
  rowValue += l;
  addAcc(l);
  return OK;
}

/** The loss of the current long row so far (complete after its last segment). */
export function cross_entropy_row_value(): f64 {
  return rowValue;
}
