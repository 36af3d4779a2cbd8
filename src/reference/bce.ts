import { bcast, mulz, reduce, scaleGrad, type RefBase, type RefOut } from './math.js';

/**
 * Binary cross-entropy on probabilities, float64 reference. input p ∈ [0, 1] [n], target y ∈ [0, 1] [n];
 * weight w broadcast as weight[i mod L] (default 1) multiplies loss and gradient; 'mean' divides by n.
 *
 * - 'pytorch' (PyTorch `F.binary_cross_entropy`, ATen `binary_cross_entropy_out_cpu`):
 *   l = −w·[y·max(ln p, −100) + (1−y)·max(ln(1−p), −100)], dl/dp = w·(p − y)/max(p(1−p), 1e-12).
 * - 'tfjs' (TF.js `tf.losses.logLoss`): l = −w·[y·ln(p+ε) + (1−y)·ln(1−p+ε)],
 *   dl/dp = w·[−y/(p+ε) + (1−y)/(1−p+ε)].
 * - 'keras' (Keras `binary_crossentropy`, clip in float32): q = clamp(p, f32(ε), f32(1−ε)),
 *   l = −w·[y·ln q + (1−y)·ln(1−q)], dl/dp = w·(q−y)/(q(1−q)) inside the clip, 0 outside.
 *
 * ln(1−p) is evaluated with log1p (pytorch, keras) and as ln((1 − p) + ε) (tfjs). A product whose coefficient is 0 counts as 0.
 */
export function bceRef(
  input: Float64Array,
  target: Float64Array,
  o: RefBase & { weight: Float64Array | null; convention: 'pytorch' | 'tfjs' | 'keras'; eps: number },
): RefOut {
  const n = input.length;
  const eps = o.eps;
  const lo = Math.fround(eps);
  const hi = Math.fround(1 - eps);
  const vals = new Float64Array(n);
  const g = o.grad ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const p = input[i]!;
    const y = target[i]!;
    const w = bcast(o.weight, i);
    let l: number;
    let dl: number;
    if (o.convention === 'pytorch') {
      const lp = Math.max(Math.log(p), -100);
      const l1p = Math.max(Math.log1p(-p), -100);
      l = -(mulz(y, lp) + mulz(1 - y, l1p));
      dl = (p - y) / Math.max(p * (1 - p), 1e-12);
    } else if (o.convention === 'tfjs') {
      // ln((1 − p) + ε): 1 − p first, so p = 1 with a tiny ε gives ln ε, as the formula says (log1p(ε − p) would lose ε).
      l = -(mulz(y, Math.log(p + eps)) + mulz(1 - y, Math.log(1 - p + eps)));
      dl = -mulz(y, 1 / (p + eps)) + mulz(1 - y, 1 / (1 - p + eps));
    } else {
      const q = (p < lo ? lo : p > hi ? hi : p) + 0; // + 0: a clipped −0 is +0, as the kernels' max gives
      l = -(mulz(y, Math.log(q)) + mulz(1 - y, Math.log1p(-q)));
      dl = p >= lo && p <= hi ? (q - y) / (q * (1 - q)) : 0;
    }
    vals[i] = mulz(w, l);
    if (g !== null) g[i] = mulz(w, dl);
  }
  const out: RefOut = { value: reduce(vals, o.reduction, n) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, n);
  return out;
}
