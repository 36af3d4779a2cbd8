import { abs, add, div, dvar, log, mul, partial, sub } from './dual.js';
import { reduce, scaleGrad, type RefBase, type RefOut } from './math.js';

/**
 * Wing loss (Feng et al. 2018, as mmpose `WingLoss`), float64 reference (docs/detection.md, stem wing).
 * pred, target [N, K·2]; d = |x − y|, C = ω − ω·ln(1 + ω/ε), l = d < ω ? ω·ln(1 + d/ε) : d − C.
 * 'none' per element, 'sum' Σ, 'mean' Σ / N with N = n/(2K) rows (mmpose: sum over keypoints and coordinates,
 * mean over the batch). Gradient by forward-mode AD (|·| has derivative 0 at d = 0).
 */
export function wingRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { omega: number; epsilon: number; numKeypoints: number },
): RefOut {
  const n = input.length;
  const w = o.omega, e = o.epsilon;
  const C = w - w * Math.log(1 + w / e);
  const vals = new Float64Array(n);
  const g = o.grad ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const d = abs(sub(dvar(input[i]!, 0, 1), target[i]!));
    const l = d.v < w ? mul(w, log(add(1, div(d, e)))) : sub(d, C);
    vals[i] = l.v;
    if (g !== null) g[i] = partial(l, 0);
  }
  const rows = Math.floor(n / (2 * o.numKeypoints));
  const out: RefOut = { value: reduce(vals, o.reduction, rows) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, rows);
  return out;
}
