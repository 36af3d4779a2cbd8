import { pos0, reduce, scaleGrad, sign, type RefBase, type RefOut } from './math.js';

/**
 * Root mean squared error, float64 reference.
 *
 * 'mean': R = sqrt(Σd²/n), grad d_i/(n·R). 'sum': R = sqrt(Σd²) = ‖d‖, grad d_i/‖d‖.
 * 'none': |d_i| per element, grad sign(d_i). Wherever the root is 0 the gradient is 0.
 * Empty input: 'mean' NaN, 'sum' 0. input and target are [n]. The norm is computed scaled by
 * max|d_i| so it cannot overflow. Matches Keras `RootMeanSquaredError` (unweighted) for 'mean'.
 */
export function rmseRef(input: Float64Array, target: Float64Array, o: RefBase): RefOut {
  const n = input.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = input[i]! - target[i]!;

  if (o.reduction === 'none') {
    const vals = new Float64Array(n);
    for (let i = 0; i < n; i++) vals[i] = Math.abs(d[i]!);
    const out: RefOut = { value: reduce(vals, 'none', n) };
    if (o.grad) {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) g[i] = sign(d[i]!);
      out.grad = scaleGrad(g, 'none', n);
    }
    return out;
  }

  // ‖d‖ = s·sqrt(Σ(d_i/s)²), s = max|d_i|.
  let s = 0;
  for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(d[i]!));
  let norm: number;
  if (s === 0 || s === Infinity || Number.isNaN(s)) norm = s;
  else {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const r = d[i]! / s;
      acc += r * r;
    }
    norm = s * Math.sqrt(acc);
  }
  const mean = o.reduction === 'mean';
  const root = mean ? norm / Math.sqrt(n) : norm; // n = 0: 0/0 = NaN for 'mean', 0 for 'sum'
  const out: RefOut = { value: pos0(root) };
  if (o.grad) {
    const g = new Float64Array(n);
    const scale = mean ? n * root : root;
    for (let i = 0; i < n; i++) g[i] = root === 0 ? 0 : pos0(d[i]! / scale);
    out.grad = g;
  }
  return out;
}
