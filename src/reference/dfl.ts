import { add, logSoftmaxD, mul, mulz, partial } from './dual.js';
import { reduce, scaleGrad, type RefBase, type RefOut } from './math.js';

/**
 * Distribution focal loss (GFL), float64 reference (docs/detection.md, stem dfl). Logits [N, bins] flat,
 * targets y [N] in bin units. 'ultralytics' (`DFLoss`): bins = regMax, y clamped to [0, regMax − 1 − 0.01];
 * 'mmdet' (`DistributionFocalLoss`): bins = regMax + 1, y clamped to [0, regMax − 0.1] (when `clampTarget`).
 * tl = ⌊y⌋, tr = tl + 1, wl = tr − y, wr = y − tl; l_i = wl·CE(x_i, tl) + wr·CE(x_i, tr) ('none' [N]);
 * 'mean' over N. Gradient by forward-mode AD w.r.t. each row's logits (none to y).
 */
export function dflRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { regMax: number; convention: 'ultralytics' | 'mmdet'; clampTarget: boolean },
): RefOut {
  const bins = o.convention === 'ultralytics' ? o.regMax : o.regMax + 1;
  const hi = o.convention === 'ultralytics' ? o.regMax - 1 - 0.01 : o.regMax - 0.1;
  const N = target.length;
  const vals = new Float64Array(N);
  const g = o.grad ? new Float64Array(N * bins) : null;
  for (let i = 0; i < N; i++) {
    let y = target[i]!;
    if (o.clampTarget) y = Math.min(Math.max(y, 0), hi);
    const tl = Math.floor(y);
    const tr = tl + 1;
    const wl = tr - y;
    const wr = y - tl;
    const logp = logSoftmaxD(input, i * bins, bins);
    // −logp of a bin outside the row (tr = bins only if y = bins − 1 exactly, which the caller excludes) counts 0
    // A zero weight times an infinite cross-entropy counts 0 (docs/semantics.md).
    const ceL = mulz(-wl, logp[tl]!);
    const l = tr < bins ? add(ceL, mulz(-wr, logp[tr]!)) : ceL;
    vals[i] = l.v + 0;
    if (g !== null) for (let k = 0; k < bins; k++) g[i * bins + k] = partial(l, k);
  }
  const out: RefOut = { value: reduce(vals, o.reduction, N) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, N);
  return out;
}
