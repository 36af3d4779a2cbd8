import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, sigmoid, softplus } from '../math/stable';
import { OK, E_RANGE, ARG_TARGET, F_GRAD, F_NONE, checkCount, fail } from '../status';

/** Rows of ltrb (4 values each) that fit the target buffer. */
const ROWS: i32 = CAPACITY >> 2;

/**
 * FCOS centerness of the ltrb distances at row r of TARGET (byte layout [rows, 4]):
 * sqrt((min(l, r)/max(l, r))·(min(t, b)/max(t, b))), a ratio being 0 where its max is 0. Returns -1 when a
 * distance is negative (the caller reports E_RANGE); NaN propagates.
 */
@inline function centerOf(r: i32): f64 {
  const b = r << 2;
  const l = <f64>f32At(TARGET, b);
  const t = <f64>f32At(TARGET, b + 1);
  const rr = <f64>f32At(TARGET, b + 2);
  const bb = <f64>f32At(TARGET, b + 3);
  if (l < 0 || t < 0 || rr < 0 || bb < 0) return -1;
  const mx1 = Math.max(l, rr);
  const mx2 = Math.max(t, bb);
  if (mx1 == 0 || mx2 == 0) return 0;
  return Math.sqrt((Math.min(l, rr) / mx1) * (Math.min(t, bb) / mx2));
}

/** Index (within the chunk) of the first negative distance of row r, for err_index. */
function negativeAt(r: i32): i32 {
  for (let k = 0; k < 4; k++) if (f32At(TARGET, (r << 2) + k) < 0) return (r << 2) + k;
  return r << 2;
}

/**
 * centerness_target (centernessTarget; Tian et al. 2019 "FCOS"): `rows` ltrb rows [rows, 4] in TARGET
 * (rows ≤ capacity/4) → the centerness of each row in OUT [rows]. A negative distance is E_RANGE (err_index:
 * the element index in TARGET). No gradient, nothing accumulated. Computed in f64, stored f32.
 */
export function centerness_target(rows: i32): i32 {
  const st = checkCount(rows, ROWS);
  if (st != OK) return st;
  for (let r = 0; r < rows; r++) {
    const c = centerOf(r);
    if (c < 0) return fail(E_RANGE, ARG_TARGET, negativeAt(r));
    setF32At(OUT, r, <f32>c);
  }
  return OK;
}

/**
 * centerness (centernessLoss; FCOS): logits x [rows] in INPUT, ltrb [rows, 4] in TARGET (rows ≤ capacity/4).
 * l = BCE-with-logits(x, c) = (1-c)·softplus(x) + c·softplus(-x) with c the centerness of the row's ltrb
 * (a zero coefficient counts 0, so ±Infinity logits give the limits). dl/dx = (1-c)·σ(x) - c·σ(-x), scaled by
 * 1/denom; no gradient to the ltrb. F_NONE writes [rows] to OUT. Negative distance: E_RANGE (element index).
 */
export function centerness(rows: i32, flags: i32, denom: f64): i32 {
  const st = checkCount(rows, ROWS);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  let sum: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const c = centerOf(r);
    if (c < 0) return fail(E_RANGE, ARG_TARGET, negativeAt(r));
    const x = <f64>f32At(INPUT, r);
    const l = coefMul(1 - c, softplus(x)) + coefMul(c, softplus(-x));
    sum += l;
    if (wantOut) setF32At(OUT, r, <f32>l);
    if (wantGrad) setF32At(GRAD, r, <f32>(((1 - c) * sigmoid(x) - c * sigmoid(-x)) * inv));
  }
  addAcc(sum);
  return OK;
}
