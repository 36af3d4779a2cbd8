import { abs, bceLogitsD, dvar, mulz as mulzD, partial, pow, sigmoidD, sub, type Dual } from './dual.js';
import { reduce, scaleGrad, type RefBase, type RefOut } from './math.js';

/**
 * Varifocal loss, float64 reference (docs/detection.md, stem vfl; mmdet `varifocal_loss` with iou_weighted,
 * ultralytics `VarifocalLoss`). Logits [N, C], targets t [N, C] in [0, 1];
 * weight = t > 0 ? t : α·|σ(x) − t|^γ (ultralytics' α·σ^γ·(1 − label) + t·label is the same function);
 * element l = BCE-with-logits(x, t)·weight; 'none' per element; 'mean': mmdet Σ/(N·C), ultralytics
 * `.mean(1).sum()` = Σ/C. Gradient by forward-mode AD (the weight is not detached).
 */
export function vflRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { numClasses: number; alpha: number; gamma: number; convention: 'mmdet' | 'ultralytics' },
): RefOut {
  const n = input.length;
  const vals = new Float64Array(n);
  const g = o.grad ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const x = dvar(input[i]!, 0, 1);
    const t = target[i]!;
    const w: Dual | number = t > 0 ? t : mulzD(o.alpha, pow(abs(sub(sigmoidD(x), t)), o.gamma));
    const l = mulzD(bceLogitsD(x, t), w);
    vals[i] = l.v;
    if (g !== null) g[i] = partial(l, 0);
  }
  const denom = o.convention === 'ultralytics' ? o.numClasses : n;
  const out: RefOut = { value: reduce(vals, o.reduction, denom) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, denom);
  return out;
}
