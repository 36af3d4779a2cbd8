import { logSoftmaxD, mulz as mulzD, partial, pow, exp, sub, sumD, type Dual } from './dual.js';
import { reduce, scaleGrad, type RefBase, type RefOut } from './math.js';

/**
 * Softmax focal loss, float64 reference (docs/detection.md, stem softmax_focal; mmcv `softmax_focal_loss`,
 * Keras `CategoricalFocalCrossentropy`). Logits [N, C]; targets class indices (Int32Array [N], rows equal to
 * `ignoreIndex` give 0 and are not counted) or probabilities (Float64Array [N·C]). With label smoothing ε,
 * t' = t(1 − ε) + ε/C (t the one-hot row for index targets); p = softmax(x);
 * l_i = −Σ_c α·t'_c·(1 − p_c)^γ·ln p_c (products with a zero factor count 0). 'none' [N] rows; 'mean' divides
 * by the kept rows (NaN if none; gradient NaN on kept rows, 0 on ignored rows).
 * Gradient by forward-mode AD w.r.t. each row's C logits.
 */
export function softmaxFocalRef(
  input: Float64Array,
  target: Int32Array | Float64Array,
  o: RefBase & { numClasses: number; alpha: number; gamma: number; ignoreIndex: number; labelSmoothing: number },
): RefOut {
  const C = o.numClasses;
  const eps = o.labelSmoothing;
  const indexTargets = target instanceof Int32Array;
  const N = indexTargets ? target.length : Math.floor(input.length / C);
  const vals = new Float64Array(N);
  const g = o.grad ? new Float64Array(N * C) : null;
  const kept = new Uint8Array(N);
  let denom = 0;
  for (let i = 0; i < N; i++) {
    const off = i * C;
    if (indexTargets && target[i] === o.ignoreIndex) continue;
    kept[i] = 1;
    denom++;
    const logp = logSoftmaxD(input, off, C);
    const terms: Dual[] = [];
    for (let c = 0; c < C; c++) {
      const t = indexTargets ? (target[i] === c ? 1 : 0) : target[off + c]!;
      const ts = t * (1 - eps) + eps / C;
      const lp = logp[c]!;
      const mod = pow(sub(1, exp(lp)), o.gamma);
      terms.push(mulzD(-o.alpha * ts, mulzD(mod, lp)));
    }
    const l = sumD(terms);
    vals[i] = l.v;
    if (g !== null) for (let c = 0; c < C; c++) g[off + c] = partial(l, c);
  }
  const out: RefOut = { value: reduce(vals, o.reduction, denom) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, denom, (j) => kept[Math.floor(j / C)] === 1);
  return out;
}
