import { add, div, dvar, exp, mulz as mulzD, neg, partial, sqr, sub } from './dual.js';
import { reduce, scaleGrad, sum, type RefBase, type RefOut } from './math.js';

/** COCO's 17 keypoint sigmas (ultralytics `OKS_SIGMA`). */
export const COCO_SIGMAS = Float64Array.from(
  [0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89],
  (s) => s / 10,
);

/**
 * OKS keypoint loss (ultralytics pose `KeypointLoss`), float64 reference (docs/detection.md, stem oks).
 * pred, target [N, K·2] (x, y per keypoint), area [N], sigmas [K] (default: COCO's for K = 17, else 1/K each),
 * visibility v [N, K] (default 1). d_ik = (x − x̂)² + (y − ŷ)², e_ik = d_ik/((2σ_k)²·(area_i + 1e-9)·2),
 * factor_i = K/(Σ_k v_ik + 1e-9), term_ik = factor_i·(1 − e^(−e_ik))·v_ik (zero visibility counts 0).
 * 'none' [N] rows r_i = Σ_k term_ik / K; 'sum' Σ_i r_i; 'mean' Σ_i r_i / N (= ultralytics' mean over N·K).
 * Gradient by forward-mode AD w.r.t. each keypoint's (x, y).
 */
export function oksRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { numKeypoints: number; area: Float64Array; sigmas: Float64Array | null; visibility: Float64Array | null },
): RefOut {
  const K = o.numKeypoints;
  const N = Math.floor(input.length / (2 * K));
  const sig = o.sigmas ?? (K === 17 ? COCO_SIGMAS : new Float64Array(K).fill(1 / K));
  const vals = new Float64Array(N);
  const g = o.grad ? new Float64Array(N * 2 * K) : null;
  const terms = new Float64Array(K);
  const vis = new Float64Array(K);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < K; k++) vis[k] = o.visibility === null ? 1 : o.visibility[i * K + k]!;
    const factor = K / (sum(vis) + 1e-9);
    for (let k = 0; k < K; k++) {
      const j = i * 2 * K + 2 * k;
      const x = dvar(input[j]!, 0, 2);
      const y = dvar(input[j + 1]!, 1, 2);
      const dd = add(sqr(sub(x, target[j]!)), sqr(sub(y, target[j + 1]!)));
      const s2 = (2 * sig[k]!) ** 2;
      const e = div(dd, s2 * (o.area[i]! + 1e-9) * 2);
      const term = div(mulzD(factor * vis[k]!, sub(1, exp(neg(e)))), K);
      terms[k] = term.v;
      if (g !== null) {
        g[j] = partial(term, 0);
        g[j + 1] = partial(term, 1);
      }
    }
    vals[i] = sum(terms);
  }
  const out: RefOut = { value: reduce(vals, o.reduction, N) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, N);
  return out;
}
