import { logSoftmaxRow, mulz, reduce, scaleGrad, sum, type RefBase, type RefOut } from './math.js';

/**
 * Softmax cross-entropy on logits, float64 reference. input: logits [N, C] (C = numClasses), row-major.
 * logp_c = (x_c − m) − ln Σ_k exp(x_k − m), m the row maximum, x − m read as 0 when x === m
 * (±Infinity logits are limits); p_c = exp(logp_c). A product whose coefficient is 0 counts as 0.
 *
 * Index targets (Int32Array [N]), class weights w [C] (default 1), ignoreIndex, label smoothing ε:
 *   l_i = (1−ε)·w_{y_i}·(−logp_{y_i}) + (ε/C)·Σ_c w_c·(−logp_c), 0 on ignored rows;
 *   dl_i/dx_c = (1−ε)·w_{y_i}·(p_c − [c = y_i]) + (ε/C)·(W·p_c − w_c), W = Σ_c w_c;
 *   'mean' divides by Σ_{kept i} w_{y_i}.
 * Probability targets (Float64Array [N·C]): t' = t(1−ε) + ε/C, l_i = Σ_c w_c·t'_c·(−logp_c),
 *   dl_i/dx_c = p_c·Σ_k w_k t'_k − w_c t'_c; 'mean' divides by N.
 * 'none' gives one value per row [N]. A zero 'mean' denominator gives NaN (gradient NaN on kept rows,
 * 0 on ignored rows). Matches PyTorch `F.cross_entropy` (LossNLL.cpp) including `label_smoothing`.
 */
export function crossEntropyRef(
  input: Float64Array,
  target: Int32Array | Float64Array,
  o: RefBase & { numClasses: number; weight: Float64Array | null; ignoreIndex: number; labelSmoothing: number },
): RefOut {
  const C = o.numClasses;
  const eps = o.labelSmoothing;
  const w = new Float64Array(C);
  for (let c = 0; c < C; c++) w[c] = o.weight === null ? 1 : o.weight[c]!;
  const W = sum(w);
  const indexTargets = target instanceof Int32Array;
  const N = indexTargets ? target.length : Math.floor(input.length / C);
  const vals = new Float64Array(N);
  const g = o.grad ? new Float64Array(N * C) : null;
  const kept = new Uint8Array(N);
  const logp = new Float64Array(C);
  const terms = new Float64Array(C);
  let denom = 0;

  for (let i = 0; i < N; i++) {
    const off = i * C;
    if (indexTargets) {
      const t = target[i]!;
      if (t === o.ignoreIndex) continue; // loss 0, gradient 0, not counted
      kept[i] = 1;
      logSoftmaxRow(input, off, C, logp);
      const wy = w[t]!;
      denom += wy;
      const a = (1 - eps) * wy;
      const b = eps / C;
      for (let c = 0; c < C; c++) terms[c] = mulz(w[c]!, -logp[c]!);
      vals[i] = mulz(a, -logp[t]!) + mulz(b, sum(terms));
      if (g !== null) {
        for (let c = 0; c < C; c++) {
          const pc = Math.exp(logp[c]!);
          g[off + c] = mulz(a, pc - (c === t ? 1 : 0)) + mulz(b, W * pc - w[c]!);
        }
      }
    } else {
      kept[i] = 1;
      logSoftmaxRow(input, off, C, logp);
      const ts = new Float64Array(C); // w_c·t'_c
      for (let c = 0; c < C; c++) ts[c] = w[c]! * (target[off + c]! * (1 - eps) + eps / C);
      for (let c = 0; c < C; c++) terms[c] = mulz(ts[c]!, -logp[c]!);
      vals[i] = sum(terms);
      if (g !== null) {
        const S = sum(ts);
        for (let c = 0; c < C; c++) g[off + c] = mulz(S, Math.exp(logp[c]!)) - ts[c]!;
      }
    }
  }
  if (!indexTargets) denom = N;

  const out: RefOut = { value: reduce(vals, o.reduction, denom) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, denom, (j) => kept[Math.floor(j / C)] === 1);
  return out;
}
