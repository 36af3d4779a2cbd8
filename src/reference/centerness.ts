import { bceLogitsD, dvar, partial } from './dual.js';
import { reduce, scaleGrad, type RefBase, type RefOut } from './math.js';

/**
 * FCOS centerness target, float64 reference (docs/detection.md, stem centerness): ltrb [N, 4] → [N],
 * sqrt((min(l, r)/max(l, r))·(min(t, b)/max(t, b))), 0 where a max is 0. No gradient.
 */
export function centernessTargetRef(ltrb: Float64Array): Float64Array {
  const N = Math.floor(ltrb.length / 4);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const l = ltrb[4 * i]!, t = ltrb[4 * i + 1]!, r = ltrb[4 * i + 2]!, b = ltrb[4 * i + 3]!;
    const mlr = Math.max(l, r), mtb = Math.max(t, b);
    out[i] = mlr === 0 || mtb === 0 ? 0 : Math.sqrt((Math.min(l, r) / mlr) * (Math.min(t, b) / mtb));
  }
  return out;
}

/**
 * FCOS centerness loss, float64 reference: BCE-with-logits(x_i, centernessTarget(ltrb_i)) per row, logits [N],
 * ltrb [N, 4]; 'none' [N], 'mean' over N. Gradient by forward-mode AD w.r.t. the logits.
 */
export function centernessRef(input: Float64Array, target: Float64Array, o: RefBase): RefOut {
  const ct = centernessTargetRef(target);
  const N = input.length;
  const vals = new Float64Array(N);
  const g = o.grad ? new Float64Array(N) : null;
  for (let i = 0; i < N; i++) {
    const l = bceLogitsD(dvar(input[i]!, 0, 1), ct[i]!);
    vals[i] = l.v;
    if (g !== null) g[i] = partial(l, 0);
  }
  const out: RefOut = { value: reduce(vals, o.reduction, N) };
  if (g !== null) out.grad = scaleGrad(g, o.reduction, N);
  return out;
}
