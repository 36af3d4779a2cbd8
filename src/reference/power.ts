import { elementwise, sign, type RefBase, type RefOut } from './math.js';

/**
 * Power loss, float64 reference.
 *
 * l_i = |d_i|^p (p > 0), dl_i/dx_i = p·|d_i|^(p−1)·sign(d_i), exactly 0 at d_i = 0 for every p.
 * input and target are [n]; 'none' → [n], 'sum' → Σ l_i, 'mean' → Σ l_i / n.
 * p = 2 is `mse_loss`, p = 1 is `l1_loss` (PyTorch); general p as in docs/semantics.md.
 */
export function powerRef(input: Float64Array, target: Float64Array, o: RefBase & { p: number }): RefOut {
  const p = o.p;
  return elementwise(
    input,
    target,
    o,
    (d) => Math.pow(Math.abs(d), p),
    (d) => (d === 0 ? 0 : p * Math.pow(Math.abs(d), p - 1) * sign(d)),
  );
}
