import { add, bceLogitsD, dvar, mul, mulz as mulzD, partial, pow, sigmoidD } from './dual.js';
import { reduce, scaleGrad, type RefBase, type RefOut } from './math.js';

/**
 * Sigmoid focal loss, float64 reference (docs/detection.md, stem sigmoid_focal; torchvision `sigmoid_focal_loss`).
 * Logits x [n], targets t [n] in [0, 1]; p = σ(x), ce = BCE-with-logits(x, t), 1 − p_t = p + t − 2pt,
 * l = ce·(1 − p_t)^γ, times α·t + (1 − α)(1 − t) when α ≥ 0 (α < 0: no weighting). Products with a zero factor
 * count 0. 'mean': torchvision Σ/n, ultralytics `.mean(1).sum()` = Σ/numClasses. 'none' per element.
 * Gradient by forward-mode AD through every factor (nothing detached); the factor's derivative is 0 where
 * 1 − p_t = 0 and γ ≠ 1 (finite for γ < 1).
 */
export function sigmoidFocalRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { alpha: number; gamma: number; convention: 'torchvision' | 'ultralytics'; numClasses: number | null },
): RefOut {
  const n = input.length;
  const vals = new Float64Array(n);
  const g = o.grad ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const x = dvar(input[i]!, 0, 1);
    const t = target[i]!;
    const ce = bceLogitsD(x, t);
    const omp = add(mul(sigmoidD(x), 1 - 2 * t), t); // 1 − p_t = s(1 − 2t) + t
    let l = mulzD(ce, pow(omp, o.gamma));
    if (o.alpha >= 0) l = mulzD(o.alpha * t + (1 - o.alpha) * (1 - t), l);
    vals[i] = l.v;
    if (g !== null) g[i] = partial(l, 0);
  }
  const denom = o.convention === 'ultralytics' ? (o.numClasses ?? 1) : n;
  const out: RefOut = { value: reduce(vals, o.reduction, denom) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, denom);
  return out;
}
