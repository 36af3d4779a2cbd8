import { INPUT, TARGET, GRAD, OUT, WEIGHT, f32At, setF32At, i32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { ROW_SCRATCH, ROW_SCRATCH_N, coefMulX2, expF64, expX2, load2X2, rowMaxX4 } from '../math/simd_math';
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
    let l: f64;
    if (ASC_FEATURE_SIMD && rowSimd(x, t, g, numClasses, flags, y, wy, labelSmoothing, cf, inv)) {
      l = simdLoss;
    } else {
      rowBegin();
      rowScan(x, t, WEIGHT, numClasses, flags, labelSmoothing, cf);
      l = rowTerms(x, t, WEIGHT, g, numClasses, 0, flags, y, wy, labelSmoothing, cf, inv);
    }
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
  if (!ASC_FEATURE_SIMD || !scanSimd(INPUT, TARGET, n, flags, labelSmoothing, <f64>numClasses)) {
    rowScan(INPUT, TARGET, WEIGHT, n, flags, labelSmoothing, <f64>numClasses);
  }
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
  const cf = <f64>numClasses;
  const inv = gradScale(denom);
  let l: f64;
  if (ASC_FEATURE_SIMD && isFinite(rowMax) && isFinite(rowSum)) {
    l = termsSimd(INPUT, TARGET, GRAD, n, offset, flags, target, targetWeight, labelSmoothing, cf, inv, Math.log(rowSum), false);
  } else {
    l = rowTerms(INPUT, TARGET, WEIGHT, GRAD, n, offset, flags, target, targetWeight, labelSmoothing, cf, inv);
  }
  rowValue += l;
  addAcc(l);
  return OK;
}

/** The loss of the current long row so far (complete after its last segment). */
export function cross_entropy_row_value(): f64 {
  return rowValue;
}

// ---------------------------------------------------------------- SIMD build
//
// The same row statistics and terms in f64x2, with e^(x-m) from expX2 (simd_math.ts: ≈1 ulp of f64, so a row's sum,
// log and probabilities carry the scalar path's precision; only the order of the sums differs). Rows whose max is not
// finite (+Infinity logits, a row of -Infinity) or whose sum is not finite (NaN logits) take the scalar path, which
// gives their limits; with a finite max, -Infinity logits give e = 0 and -log p = +Infinity, as there. Each lane
// mirrors rowTerms, coefMul included, so weights, smoothing and targets keep the scalar semantics.
// Index targets without smoothing (the common case) store e in f32 in the gradient row during the sum and scale it
// by w_y/(denom·S) afterwards (a few f32 roundings on p_c, relative), with the target's own term, where p_y - 1
// cancels, in f64; the other cases keep e in f64 in ROW_SCRATCH (rows up to ROW_SCRATCH_N classes) or recompute it.

/** The loss of the row rowSimd processed. */
let simdLoss: f64 = 0;

let sumW: f64 = 0; // Σ w_c of the last sumSimd call
let sumWT: f64 = 0; // Σ w_c t'_c of the last sumSimd call

/**
 * Σ_c e^(x_c - m) over n classes in f64x2, with Σ w_c and Σ w_c·t'_c (t' = t(1-ε) + ε/C) in sumW / sumWT.
 * mode 1: e kept in f32 at dst; mode 2: e kept in f64 at dst; 0: not kept.
 */
function sumSimd(x: usize, t: usize, n: i32, m: f64, flags: i32, eps: f64, numClasses: f64, dst: usize, mode: i32): f64 {
  const useWeight = (flags & F_WEIGHT) != 0;
  const prob = (flags & F_PROB_TARGET) != 0;
  const mv = f64x2.splat(m);
  const one = f64x2.splat(1);
  const keep = f64x2.splat(1 - eps);
  const smooth = f64x2.splat(eps / numClasses);
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let ws = s0;
  let wt = s0;
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const off = <usize>c << 2;
    const e0 = expX2(f64x2.sub(load2X2(x + off), mv));
    const e1 = expX2(f64x2.sub(load2X2(x + off + 8), mv));
    s0 = f64x2.add(s0, e0);
    s1 = f64x2.add(s1, e1);
    if (mode == 1) {
      v128.store64_lane(dst + off, f32x4.demote_f64x2_zero(e0), 0);
      v128.store64_lane(dst + off + 8, f32x4.demote_f64x2_zero(e1), 0);
    } else if (mode == 2) {
      v128.store(dst + (<usize>c << 3), e0);
      v128.store(dst + (<usize>c << 3), e1, 16);
    }
    if (useWeight || prob) {
      const w0 = useWeight ? load2X2(WEIGHT + off) : one;
      const w1 = useWeight ? load2X2(WEIGHT + off + 8) : one;
      ws = f64x2.add(ws, f64x2.add(w0, w1));
      if (prob) {
        wt = f64x2.add(wt, f64x2.mul(w0, f64x2.add(f64x2.mul(load2X2(t + off), keep), smooth)));
        wt = f64x2.add(wt, f64x2.mul(w1, f64x2.add(f64x2.mul(load2X2(t + off + 8), keep), smooth)));
      }
    }
  }
  for (; c < n; c++) {
    // One class at a time (lane 1 is e^(0 - m), left out).
    const off = <usize>c << 2;
    const e = expF64(<f64>f32At(x, c) - m);
    s0 = f64x2.add(s0, f64x2(e, 0));
    if (mode == 1) store<f32>(dst + off, <f32>e);
    else if (mode == 2) store<f64>(dst + (<usize>c << 3), e);
    const wc = useWeight ? <f64>f32At(WEIGHT, c) : 1.0;
    ws = f64x2.add(ws, f64x2(wc, 0));
    if (prob) wt = f64x2.add(wt, f64x2(wc * (<f64>f32At(t, c) * (1 - eps) + eps / numClasses), 0));
  }
  sumW = useWeight || prob ? f64x2.extract_lane(ws, 0) + f64x2.extract_lane(ws, 1) : <f64>n;
  sumWT = f64x2.extract_lane(wt, 0) + f64x2.extract_lane(wt, 1);
  const sv = f64x2.add(s0, s1);
  return f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
}

/**
 * One row that fits the buffer (rows of cross_entropy): loss into simdLoss, gradient into g (F_GRAD). Returns
 * false, having written nothing, when the row's max or sum is not finite (the scalar path takes it).
 */
function rowSimd(x: usize, t: usize, g: usize, n: i32, flags: i32, y: i32, wy: f64, eps: f64, numClasses: f64, inv: f64): bool {
  const prob = (flags & F_PROB_TARGET) != 0;
  const wantGrad = (flags & F_GRAD) != 0;
  const m = rowMaxX4(x, n);
  if (!isFinite(m)) return false;
  // Index targets without smoothing, with finite scale: e in f32 in the gradient row, scaled afterwards.
  const k = (wy * inv);
  const fast = !prob && eps == 0 && isFinite(k);
  const keep = wantGrad && !fast && n <= ROW_SCRATCH_N;
  const mode = fast ? (wantGrad ? 1 : 0) : keep ? 2 : 0;
  const s = sumSimd(x, t, n, m, flags, eps, numClasses, fast ? g : ROW_SCRATCH, mode);
  if (!isFinite(s)) return false;
  rowMax = m;
  rowSum = s;
  rowW = sumW;
  rowWT = sumWT;
  const lnS = Math.log(s);
  if (!fast) {
    simdLoss = termsSimd(x, t, g, n, 0, flags, y, wy, eps, numClasses, inv, lnS, keep);
    return true;
  }
  // -log p_y, and with it the loss wy·(-log p_y) (rowTerms with ε = 0: the smoothing terms are coefMul(0, ·) = 0).
  const zy = <f64>f32At(x, y) - m;
  simdLoss = coefMul(wy, lnS - zy);
  if (wantGrad) {
    // g_c = wy·p_c/denom = e_c·(wy/(denom·S)) for c ≠ y; g_y = wy·(p_y - 1)/denom in f64.
    const kv = f32x4.splat(<f32>(k / s));
    let c = 0;
    for (; c + 4 <= n; c += 4) {
      const p = g + (<usize>c << 2);
      v128.store(p, f32x4.mul(v128.load(p), kv));
    }
    const ks = <f32>(k / s);
    for (; c < n; c++) setF32At(g, c, f32At(g, c) * ks);
    const py = expF64(zy) / s;
    setF32At(g, y, <f32>(coefMul(wy, py - 1) * inv));
  }
  return true;
}

/**
 * rowTerms in f64x2 lanes: the loss of n classes from offset (returned) and their gradient into g (F_GRAD), after
 * the row statistics (rowMax, rowSum, rowW, rowWT) are complete and finite; lnS = log(rowSum). e is read from
 * ROW_SCRATCH when `kept`, else recomputed.
 */
function termsSimd(
  x: usize, t: usize, g: usize, n: i32, offset: i32, flags: i32, y: i32, wy: f64, eps: f64, numClasses: f64, inv: f64,
  lnS: f64, kept: bool,
): f64 {
  const useWeight = (flags & F_WEIGHT) != 0;
  const prob = (flags & F_PROB_TARGET) != 0;
  const wantGrad = (flags & F_GRAD) != 0;
  const mv = f64x2.splat(rowMax);
  const sv = f64x2.splat(rowSum);
  const lv = f64x2.splat(lnS);
  const one = f64x2.splat(1);
  const keep = f64x2.splat(1 - eps);
  const smoothS = eps / numClasses;
  const smooth = f64x2.splat(smoothS);
  const wtv = f64x2.splat(rowWT);
  const wv = f64x2.splat(rowW);
  const hardS = (1 - eps) * wy;
  const hard = f64x2.splat(hardS);
  const iv = f64x2.splat(inv);
  const yv = i64x2.splat(<i64>(y - offset));
  let idx = i64x2(0, 1);
  const two = i64x2.splat(2);
  let loss = f64x2.splat(0);
  let c = 0;
  for (; c + 2 <= n; c += 2) {
    const off = <usize>c << 2;
    const z = f64x2.sub(load2X2(x + off), mv);
    const nlp = f64x2.sub(lv, z);
    const e = kept ? v128.load(ROW_SCRATCH + (<usize>c << 3)) : expX2(z);
    const p = f64x2.div(e, sv);
    const wc = useWeight ? load2X2(WEIGHT + off) : one;
    let gc: v128;
    if (prob) {
      const coef = f64x2.mul(wc, f64x2.add(f64x2.mul(load2X2(t + off), keep), smooth));
      loss = f64x2.add(loss, coefMulX2(coef, nlp));
      gc = f64x2.sub(coefMulX2(wtv, p), coef);
    } else {
      loss = f64x2.add(loss, coefMulX2(f64x2.mul(smooth, wc), nlp));
      const onehot = v128.and(i64x2.eq(idx, yv), one);
      gc = f64x2.add(coefMulX2(smooth, f64x2.sub(coefMulX2(wv, p), wc)), coefMulX2(hard, f64x2.sub(p, onehot)));
    }
    if (wantGrad) v128.store64_lane(g + off, f32x4.demote_f64x2_zero(f64x2.mul(gc, iv)), 0);
    idx = i64x2.add(idx, two);
  }
  let l = f64x2.extract_lane(loss, 0) + f64x2.extract_lane(loss, 1);
  if (c < n) {
    // The last class of an odd n, as rowTerms computes it (e from expX2, for the same p as the lanes).
    const z = <f64>f32At(x, c) - rowMax;
    const nlp = lnS - z;
    const e = kept ? load<f64>(ROW_SCRATCH + (<usize>c << 3)) : expF64(z);
    const p = e / rowSum;
    const wc = useWeight ? <f64>f32At(WEIGHT, c) : 1.0;
    let gc: f64;
    if (prob) {
      const coef = wc * (<f64>f32At(t, c) * (1 - eps) + smoothS);
      l += coefMul(coef, nlp);
      gc = coefMul(rowWT, p) - coef;
    } else {
      l += coefMul(smoothS * wc, nlp);
      gc = coefMul(smoothS, coefMul(rowW, p) - wc) + coefMul(hardS, p - (offset + c == y ? 1.0 : 0.0));
    }
    if (wantGrad) setF32At(g, c, <f32>(gc * inv));
  }
  // The target's own loss term (index targets in this segment).
  if (!prob && y >= offset && y < offset + n) l += coefMul(hardS, lnS - (<f64>f32At(x, y - offset) - rowMax));
  return l;
}

/**
 * rowScan of one segment of a long row in f64x2 (cross_entropy_row_lse): the segment's max, the running sum
 * rescaled to the new max, then the segment's terms. Returns false, having changed nothing, when the new max is not
 * finite (the scalar rowScan takes the segment).
 */
function scanSimd(x: usize, t: usize, n: i32, flags: i32, eps: f64, numClasses: f64): bool {
  const ms = rowMaxX4(x, n);
  const m = ms > rowMax ? ms : rowMax;
  if (!isFinite(m)) return false;
  const s = sumSimd(x, t, n, m, flags, eps, numClasses, 0, 0);
  // The running sum at the old max, moved to the new one (0 before the first segment: rowMax = -Infinity).
  rowSum = (m > rowMax ? rowSum * Math.exp(rowMax - m) : rowSum) + s;
  rowMax = m;
  rowW += sumW;
  rowWT += sumWT;
  return true;
}
