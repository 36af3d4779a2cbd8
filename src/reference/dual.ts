/**
 * Forward-mode automatic differentiation for the float64 reference (detection losses).
 *
 * A `Dual` carries a value and its partial derivatives with respect to a few seeded variables (the 4 pred
 * coordinates of one box pair, the C logits of one row, or one scalar). The reference computes every
 * detection-loss gradient by pushing duals through the loss formula of docs/detection.md, so it never uses
 * a hand-derived derivative: it is an independent check of the kernels' hand-written reverse-mode gradients.
 *
 * Conventions (chosen to match PyTorch autograd, which the peers use, and docs/detection.md):
 * - Structural zeros: a partial of an operand that is exactly 0 contributes 0 to the result's partial,
 *   whatever the local derivative is (a quantity that does not depend on a variable never picks up
 *   0·∞ = NaN from a local derivative that is infinite, e.g. sqrt at 0 or a pow with exponent < 1 at 0).
 * - Constants: plain numbers are accepted wherever a `Dual` is, with all partials 0. `detach(a)` keeps the
 *   value and drops the partials (PyTorch `no_grad`, used for CIoU's α).
 * - max / min at an exact tie: the partials are the average of the two operands' partials (PyTorch
 *   `torch.maximum` / `torch.max(a, b)` / `torch.minimum`: "self == other → grad / 2" in derivatives.yaml).
 *   Otherwise the partials of the selected operand. NaN in either operand gives NaN (like `Math.max`).
 * - abs: derivative sign(a), 0 at a = 0 (PyTorch `sgn`).
 * - pow(a, p) for a constant exponent p: derivative p·a^(p−1); at a = 0 it is 0 unless p = 1 (then 1), so
 *   a factor (1 − p_t)^γ with γ < 1 keeps a finite gradient where its base is 0 (docs/detection.md, focal).
 * - atan2(y, x): derivatives (x, −y)/(x² + y²), taken as 0 at (0, 0) where atan2(0, 0) = 0 (so point boxes
 *   give finite CIoU values and gradients).
 * - sqrt at 0: derivative +∞ (only structural-zero partials are safe there); asin at ±1 likewise.
 * - clamp(a, lo, hi): partials pass where lo ≤ a ≤ hi (inclusive, PyTorch `clamp`), 0 outside.
 */

import { logSoftmaxRow, sigmoid, softplus } from './math.js';

const EMPTY = new Float64Array(0);

/** A value with its partial derivatives `d[j]` = ∂value/∂(variable j) (missing entries read as 0). */
export class Dual {
  constructor(
    public readonly v: number,
    public readonly d: Float64Array,
  ) {}
}

/** A number or a dual; numbers are constants (all partials 0). */
export type DualLike = Dual | number;

/** A constant (no partials). */
export function dconst(v: number): Dual {
  return new Dual(v, EMPTY);
}

/** Variable j of n: value v, partial 1 w.r.t. itself and 0 w.r.t. the others. */
export function dvar(v: number, j: number, n: number): Dual {
  const d = new Float64Array(n);
  d[j] = 1;
  return new Dual(v, d);
}

/** Seeds n variables with the values `xs[off .. off+n)`. */
export function dvars(xs: ArrayLike<number>, off: number, n: number): Dual[] {
  const out: Dual[] = [];
  for (let j = 0; j < n; j++) out.push(dvar(xs[off + j]!, j, n));
  return out;
}

/** The value of a dual or number. */
export function val(a: DualLike): number {
  return typeof a === 'number' ? a : a.v;
}

/** Partial j of a (0 when absent). */
export function partial(a: DualLike, j: number): number {
  if (typeof a === 'number') return 0;
  return j < a.d.length ? a.d[j]! : 0;
}

/** The partials of `a` as a Float64Array of length n. */
export function partials(a: DualLike, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = partial(a, j);
  return out;
}

/** Keeps the value, drops the partials (PyTorch `detach` / `no_grad`). */
export function detach(a: DualLike): Dual {
  return dconst(val(a));
}

function lift(a: DualLike): Dual {
  return typeof a === 'number' ? dconst(a) : a;
}

/** ca·∂a + cb·∂b with structural zeros (a partial that is exactly 0 contributes 0). */
function lin(v: number, a: Dual, ca: number, b: Dual | null, cb: number): Dual {
  const n = Math.max(a.d.length, b === null ? 0 : b.d.length);
  if (n === 0) return dconst(v);
  const d = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const da = j < a.d.length ? a.d[j]! : 0;
    const db = b !== null && j < b.d.length ? b.d[j]! : 0;
    d[j] = (da === 0 ? 0 : ca * da) + (db === 0 ? 0 : cb * db);
  }
  return new Dual(v, d);
}

/** a with the local derivative f'(a) applied (a unary function's chain rule). */
function unary(v: number, a: Dual, fp: number): Dual {
  return lin(v, a, fp, null, 0);
}

export function add(a: DualLike, b: DualLike): Dual {
  const A = lift(a), B = lift(b);
  return lin(A.v + B.v, A, 1, B, 1);
}

export function sub(a: DualLike, b: DualLike): Dual {
  const A = lift(a), B = lift(b);
  return lin(A.v - B.v, A, 1, B, -1);
}

export function neg(a: DualLike): Dual {
  const A = lift(a);
  return unary(-A.v, A, -1);
}

export function mul(a: DualLike, b: DualLike): Dual {
  const A = lift(a), B = lift(b);
  return lin(A.v * B.v, A, B.v, B, A.v);
}

/**
 * Product in which a zero factor makes the product 0 (docs/semantics.md: "a product whose coefficient is 0
 * counts as 0", so 0·∞ = 0); its partials are B·∂A + A·∂B with the same rule applied to each term.
 */
export function mulz(a: DualLike, b: DualLike): Dual {
  const A = lift(a), B = lift(b);
  const v = A.v === 0 || B.v === 0 ? 0 : A.v * B.v;
  const n = Math.max(A.d.length, B.d.length);
  if (n === 0) return dconst(v);
  const d = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const da = j < A.d.length ? A.d[j]! : 0;
    const db = j < B.d.length ? B.d[j]! : 0;
    d[j] = (da === 0 || B.v === 0 ? 0 : B.v * da) + (db === 0 || A.v === 0 ? 0 : A.v * db);
  }
  return new Dual(v, d);
}

export function div(a: DualLike, b: DualLike): Dual {
  const A = lift(a), B = lift(b);
  const q = A.v / B.v;
  return lin(q, A, 1 / B.v, B, -q / B.v);
}

/** Σ of several duals. */
export function sumD(xs: DualLike[]): Dual {
  let s: Dual = dconst(0);
  for (const x of xs) s = add(s, x);
  return s;
}

export function sqr(a: DualLike): Dual {
  return mul(a, a);
}

export function sqrt(a: DualLike): Dual {
  const A = lift(a);
  const r = Math.sqrt(A.v);
  return unary(r, A, 0.5 / r);
}

export function exp(a: DualLike): Dual {
  const A = lift(a);
  const e = Math.exp(A.v);
  return unary(e, A, e);
}

export function log(a: DualLike): Dual {
  const A = lift(a);
  return unary(Math.log(A.v), A, 1 / A.v);
}

/** a^p for a constant exponent p; the derivative at a = 0 is 0 unless p = 1 (see the module comment). */
export function pow(a: DualLike, p: number): Dual {
  const A = lift(a);
  const v = Math.pow(A.v, p);
  let fp: number;
  if (p === 0) fp = 0;
  else if (A.v === 0) fp = p === 1 ? 1 : 0;
  else fp = p * Math.pow(A.v, p - 1);
  return unary(v, A, fp);
}

/** |a|, derivative sign(a) with sign(0) = 0. */
export function abs(a: DualLike): Dual {
  const A = lift(a);
  const s = A.v > 0 ? 1 : A.v < 0 ? -1 : A.v === 0 ? 0 : NaN;
  return unary(Math.abs(A.v), A, s);
}

/** max(a, b); at a tie the average of both partials (PyTorch `maximum`). */
export function max(a: DualLike, b: DualLike): Dual {
  const A = lift(a), B = lift(b);
  if (Number.isNaN(A.v) || Number.isNaN(B.v)) return lin(NaN, A, NaN, B, NaN);
  if (A.v > B.v) return A;
  if (B.v > A.v) return B;
  return lin(A.v, A, 0.5, B, 0.5);
}

/** min(a, b); at a tie the average of both partials (PyTorch `minimum`). */
export function min(a: DualLike, b: DualLike): Dual {
  const A = lift(a), B = lift(b);
  if (Number.isNaN(A.v) || Number.isNaN(B.v)) return lin(NaN, A, NaN, B, NaN);
  if (A.v < B.v) return A;
  if (B.v < A.v) return B;
  return lin(A.v, A, 0.5, B, 0.5);
}

/** clamp(a, lo, hi) with constant bounds; partials pass for lo ≤ a ≤ hi (PyTorch `clamp`), else 0. */
export function clamp(a: DualLike, lo: number, hi: number): Dual {
  const A = lift(a);
  if (A.v < lo) return dconst(lo);
  if (A.v > hi) return dconst(hi);
  return A;
}

/** atan2(y, x) (angle of the point (x, y)); partials (x·∂y − y·∂x)/(x² + y²), 0 at the origin. */
export function atan2(y: DualLike, x: DualLike): Dual {
  const Y = lift(y), X = lift(x);
  const r2 = X.v * X.v + Y.v * Y.v;
  const v = Math.atan2(Y.v, X.v);
  if (r2 === 0) return dconst(v);
  return lin(v, Y, X.v / r2, X, -Y.v / r2);
}

export function asin(a: DualLike): Dual {
  const A = lift(a);
  return unary(Math.asin(A.v), A, 1 / Math.sqrt(1 - A.v * A.v));
}

export function cos(a: DualLike): Dual {
  const A = lift(a);
  return unary(Math.cos(A.v), A, -Math.sin(A.v));
}

/** Logistic sigmoid σ(a), derivative σ(1 − σ) (value from math.ts `sigmoid`, stable for both signs). */
export function sigmoidD(a: DualLike): Dual {
  const A = lift(a);
  const s = sigmoid(A.v);
  return unary(s, A, s * (1 - s));
}

/** softplus(a) = ln(1 + e^a) (value from math.ts `softplus`), derivative σ(a). */
export function softplusD(a: DualLike): Dual {
  const A = lift(a);
  return unary(softplus(A.v), A, sigmoid(A.v));
}

/**
 * Binary cross-entropy with logits of a dual logit x and a constant target t ∈ [0, 1]:
 * (1 − t)·softplus(x) + t·softplus(−x), each product with a zero coefficient counting 0
 * (docs/semantics.md, bce_logits), so x = ±∞ with the matching target gives 0.
 */
export function bceLogitsD(x: DualLike, t: number): Dual {
  return add(mulz(1 - t, softplusD(x)), mulz(t, softplusD(neg(x))));
}

/**
 * Log-softmax of row `x[off .. off+C)` as C duals whose partials are w.r.t. the C logits of that row:
 * values from math.ts `logSoftmaxRow` (±Infinity logits as limits), ∂logp_c/∂x_k = [c = k] − p_k.
 */
export function logSoftmaxD(x: Float64Array, off: number, C: number): Dual[] {
  const lp = new Float64Array(C);
  logSoftmaxRow(x, off, C, lp);
  const p = lp.map((v) => Math.exp(v));
  const out: Dual[] = [];
  for (let c = 0; c < C; c++) {
    const d = new Float64Array(C);
    for (let k = 0; k < C; k++) d[k] = (k === c ? 1 : 0) - p[k]!;
    out.push(new Dual(lp[c]!, d));
  }
  return out;
}
