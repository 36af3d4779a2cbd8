import { elementwise, sign, type RefBase, type RefOut } from './math.js';

/**
 * Smooth L1 loss, float64 reference.
 *
 * With z = |d|: β = 0 → l = z, dl/dx = sign(d); else l = z < β ? 0.5·d²/β : z − 0.5·β and
 * dl/dx = z < β ? d/β : sign(d). input and target are [n]; 'none' → [n], 'sum', 'mean' (÷ n).
 * Matches PyTorch `torch.nn.functional.smooth_l1_loss` (ATen `smooth_l1_loss`, β = 0 dispatches to L1).
 */
export function smoothL1Ref(input: Float64Array, target: Float64Array, o: RefBase & { beta: number }): RefOut {
  const b = o.beta;
  if (b === 0) return elementwise(input, target, o, (d) => Math.abs(d), sign);
  return elementwise(
    input,
    target,
    o,
    (d) => {
      const z = Math.abs(d);
      return z < b ? (0.5 * d * d) / b : z - 0.5 * b;
    },
    (d) => (Math.abs(d) < b ? d / b : sign(d)),
  );
}
