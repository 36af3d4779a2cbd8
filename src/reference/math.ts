/**
 * Shared float64 helpers of the reference implementation (docs/semantics.md).
 *
 * Everything here is plain float64 maths written from the formulas; nothing validates or throws
 * (the caller has already validated and converted the inputs).
 */
import type { Reduction } from '../types.js';

/** What every `*Ref` function returns: `value` (number for 'mean'/'sum', per element/row for 'none'), `grad` if asked. */
export interface RefOut {
  value: number | Float64Array;
  grad?: Float64Array;
}

/** Options every reference loss takes. */
export interface RefBase {
  reduction: Reduction;
  grad: boolean;
}

/** Turns -0 into +0 (and leaves every other value, NaN included, unchanged). */
export function pos0(v: number): number {
  return v + 0;
}

/** sign(v) with sign(0) = 0 (never -0) and sign(NaN) = NaN. */
export function sign(v: number): number {
  if (v > 0) return 1;
  if (v < 0) return -1;
  return v === 0 ? 0 : NaN;
}

/**
 * A product whose coefficient is 0 counts as 0: `coef === 0 ? 0 : coef * v`.
 * This is the rule that makes 0·(±Infinity) (and 0·NaN) contribute nothing.
 */
export function mulz(coef: number, v: number): number {
  return coef === 0 ? 0 : coef * v;
}

/** softplus(z) = ln(1 + e^z) in the stable form max(z, 0) + log1p(exp(−|z|)); softplus(−∞) = 0, softplus(+∞) = +∞. */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Logistic sigmoid σ(x) = 1/(1 + e^−x), stable for both signs; σ(+∞) = 1, σ(−∞) = 0, σ(NaN) = NaN. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Float64 sum with Neumaier compensation. If the running sum becomes ±Infinity or NaN the plain
 * running sum is returned (the compensation term is meaningless there).
 */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  if (!Number.isFinite(s)) return s;
  return pos0(s + c);
}

/**
 * Reduces per-element (per-row) losses: 'none' returns the array itself, 'sum' its sum,
 * 'mean' the sum divided by `denom` (NaN when `denom` is 0).
 */
export function reduce(values: Float64Array, reduction: Reduction, denom: number): number | Float64Array {
  if (reduction === 'none') {
    for (let i = 0; i < values.length; i++) values[i] = pos0(values[i]!);
    return values;
  }
  const s = sum(values);
  if (reduction === 'sum') return s;
  return denom === 0 ? NaN : pos0(s / denom);
}

/**
 * Turns the gradient of the 'sum' into the gradient of the requested reduction, in place:
 * 'none' and 'sum' keep it; 'mean' divides by `denom`. When `denom` is 0 the 'mean' gradient is NaN
 * on every element for which `takesPart(i)` is true (default: all) and 0 elsewhere.
 */
export function scaleGrad(
  grad: Float64Array,
  reduction: Reduction,
  denom: number,
  takesPart?: (i: number) => boolean,
): Float64Array {
  for (let i = 0; i < grad.length; i++) {
    let g = grad[i]!;
    if (reduction === 'mean') {
      if (denom === 0) g = takesPart === undefined || takesPart(i) ? NaN : 0;
      else g = g / denom;
    }
    grad[i] = pos0(g);
  }
  return grad;
}

/** Broadcast read of an optional weight: 1 when absent, else `w[i mod L]`. */
export function bcast(w: Float64Array | null, i: number): number {
  return w === null ? 1 : w[i % w.length]!;
}

/**
 * Shared driver of the elementwise regression losses: with d_i = x_i − y_i, element loss `loss(d_i)`
 * and derivative `dloss(d_i)` = dl/dx; the 'mean' denominator is n.
 */
export function elementwise(
  input: Float64Array,
  target: Float64Array,
  o: RefBase,
  loss: (d: number) => number,
  dloss: (d: number) => number,
): RefOut {
  const n = input.length;
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = loss(input[i]! - target[i]!);
  const out: RefOut = { value: reduce(vals, o.reduction, n) };
  if (o.grad) {
    const g = new Float64Array(n);
    for (let i = 0; i < n; i++) g[i] = dloss(input[i]! - target[i]!);
    out.grad = scaleGrad(g, o.reduction, n);
  }
  return out;
}

/**
 * Log-softmax of one row `x[off .. off+C)` into `out[0 .. C)`, with the row maximum m subtracted and
 * x − m read as 0 when x === m (so ±Infinity logits are limits: a row of all −Infinity is uniform,
 * +Infinity entries share the mass). NaN propagates to the whole row.
 */
export function logSoftmaxRow(x: Float64Array, off: number, C: number, out: Float64Array): void {
  let m = -Infinity;
  for (let c = 0; c < C; c++) m = Math.max(m, x[off + c]!);
  const e = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const xc = x[off + c]!;
    const z = xc === m ? 0 : xc - m;
    out[c] = z;
    e[c] = Math.exp(z);
  }
  const lse = Math.log(sum(e));
  for (let c = 0; c < C; c++) out[c] = out[c]! - lse;
}
