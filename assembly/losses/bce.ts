import { INPUT, TARGET, GRAD, OUT, WEIGHT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul } from '../math/stable';
import {
  OK, E_OPTION, E_RANGE, ARG_INPUT, ARG_TARGET, ARG_PARAM, F_GRAD, F_NONE, F_WEIGHT, checkCount, fail,
} from '../status';

export const BCE_PYTORCH: i32 = 0;
export const BCE_TFJS: i32 = 1;
export const BCE_KERAS: i32 = 2;

/**
 * bce (binaryCrossEntropy) on probabilities p ∈ [0, 1] with targets y ∈ [0, 1] (else E_RANGE naming the index).
 * convention 0 'pytorch': l = -[y·max(ln p, -100) + (1-y)·max(ln(1-p), -100)], dl/dp = (p-y)/max(p(1-p), 1e-12)
 *   (ATen binary_cross_entropy; the clamp comes before the multiply, so p = y ∈ {0,1} gives 0).
 * convention 1 'tfjs': l = -[y·ln(p+eps) + (1-y)·ln(1-p+eps)] (tf.losses.logLoss).
 * convention 2 'keras': q = clamp(p, f32(eps), f32(1-eps)), l = -[y ln q + (1-y) ln(1-q)]; gradient 0 where the
 *   clip is active (keras.losses.binary_crossentropy clips in float32).
 * With F_WEIGHT each element loss and gradient is multiplied by WEIGHT[i] (weight 0 gives 0). Computed in f64.
 */
export function bce(n: i32, flags: i32, denom: f64, convention: i32, eps: f64): i32 {
  if (convention < BCE_PYTORCH || convention > BCE_KERAS) return fail(E_OPTION, ARG_PARAM, 0);
  if (convention != BCE_PYTORCH && !(eps >= 0 && eps < 0.5)) return fail(E_OPTION, ARG_PARAM, 1);
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const useWeight = (flags & F_WEIGHT) != 0;
  const inv = gradScale(denom);
  const lo = <f64><f32>eps;
  const hi = <f64><f32>(1.0 - eps);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const p = <f64>f32At(INPUT, i);
    const y = <f64>f32At(TARGET, i);
    if (!(p >= 0 && p <= 1)) return fail(E_RANGE, ARG_INPUT, i);
    if (!(y >= 0 && y <= 1)) return fail(E_RANGE, ARG_TARGET, i);
    let l: f64;
    let g: f64;
    if (convention == BCE_PYTORCH) {
      l = -(y * Math.max(Math.log(p), -100.0) + (1 - y) * Math.max(Math.log1p(-p), -100.0));
      g = (p - y) / Math.max(p * (1 - p), 1e-12);
    } else if (convention == BCE_TFJS) {
      l = -(coefMul(y, Math.log(p + eps)) + coefMul(1 - y, Math.log(1 - p + eps)));
      g = -coefMul(y, 1.0 / (p + eps)) + coefMul(1 - y, 1.0 / (1 - p + eps));
    } else {
      const q = Math.min(Math.max(p, lo), hi);
      l = -(coefMul(y, Math.log(q)) + coefMul(1 - y, Math.log1p(-q)));
      g = p < lo || p > hi ? 0.0 : (q - y) / (q * (1 - q));
    }
    if (useWeight) {
      const w = <f64>f32At(WEIGHT, i);
      l = coefMul(w, l);
      g = coefMul(w, g);
    }
    sum += l;
    if (wantOut) setF32At(OUT, i, <f32>l);
    if (wantGrad) setF32At(GRAD, i, <f32>(g * inv));
  }
  addAcc(sum);
  return OK;
}
