import { elementwise, type RefBase, type RefOut } from './math.js';

/**
 * Huber loss, float64 reference.
 *
 * With z = |d|: l = z < δ ? 0.5·d² : δ·(z − 0.5·δ) (δ > 0), dl/dx = clamp(d, −δ, δ).
 * huber(δ) = δ·smoothL1(β = δ). input and target are [n]; 'none' → [n], 'sum', 'mean' (÷ n).
 * Matches PyTorch `torch.nn.functional.huber_loss` (Huber 1964).
 */
export function huberRef(input: Float64Array, target: Float64Array, o: RefBase & { delta: number }): RefOut {
  const dl = o.delta;
  return elementwise(
    input,
    target,
    o,
    (d) => {
      const z = Math.abs(d);
      return z < dl ? 0.5 * d * d : dl * (z - 0.5 * dl);
    },
    (d) => (d > dl ? dl : d < -dl ? -dl : d),
  );
}
