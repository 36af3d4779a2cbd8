import { abs, bceLogitsD, dvar, mulz as mulzD, partial, pow, sigmoidD, sub } from './dual.js';
import { reduce, scaleGrad, sum, type RefBase, type RefOut } from './math.js';

/**
 * Quality focal loss (GFL), float64 reference (docs/detection.md, stem qfl; mmdet `quality_focal_loss`).
 * Logits [N, C], targets [N, C] (the quality at the true class, 0 elsewhere); element
 * l = BCE-with-logits(x, t)·|t − σ(x)|^β; row loss Σ over classes ('none' [N]); 'mean' over N rows.
 * Gradient by forward-mode AD through every factor (nothing detached).
 */
export function qflRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { numClasses: number; beta: number },
): RefOut {
  const C = o.numClasses;
  const N = Math.floor(input.length / C);
  const vals = new Float64Array(N);
  const row = new Float64Array(C);
  const g = o.grad ? new Float64Array(N * C) : null;
  for (let i = 0; i < N; i++) {
    for (let c = 0; c < C; c++) {
      const j = i * C + c;
      const x = dvar(input[j]!, 0, 1);
      const t = target[j]!;
      const l = mulzD(bceLogitsD(x, t), pow(abs(sub(t, sigmoidD(x))), o.beta));
      row[c] = l.v;
      if (g !== null) g[j] = partial(l, 0);
    }
    vals[i] = sum(row);
  }
  const out: RefOut = { value: reduce(vals, o.reduction, N) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, N);
  return out;
}
