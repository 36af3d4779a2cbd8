import { bcast, mulz, reduce, scaleGrad, sigmoid, softplus, type RefBase, type RefOut } from './math.js';

/**
 * Binary cross-entropy with logits, float64 reference. input x [n] (any real, ±Infinity allowed),
 * target y ∈ [0, 1] [n]; weight w and posWeight pw broadcast as a[i mod L] (default 1).
 *
 * l = w·[(1 − y)·softplus(x) + pw·y·softplus(−x)], softplus(z) = max(z, 0) + log1p(exp(−|z|)),
 * dl/dx = w·[(1 − y)·σ(x) − pw·y·σ(−x)]. A product whose coefficient is 0 counts as 0
 * (x = +∞, y = 1 gives 0; x = +∞, y = 0 gives +∞). 'mean' divides by n (weights do not change it).
 * Matches PyTorch `F.binary_cross_entropy_with_logits` ((1−y)x + (1 + (pw−1)y)·softplus(−x)).
 */
export function bceLogitsRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { weight: Float64Array | null; posWeight: Float64Array | null },
): RefOut {
  const n = input.length;
  const vals = new Float64Array(n);
  const g = o.grad ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const x = input[i]!;
    const y = target[i]!;
    const w = bcast(o.weight, i);
    const pwy = bcast(o.posWeight, i) * y;
    vals[i] = mulz(w, mulz(1 - y, softplus(x)) + mulz(pwy, softplus(-x)));
    if (g !== null) g[i] = mulz(w, mulz(1 - y, sigmoid(x)) - mulz(pwy, sigmoid(-x)));
  }
  const out: RefOut = { value: reduce(vals, o.reduction, n) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, n);
  return out;
}
