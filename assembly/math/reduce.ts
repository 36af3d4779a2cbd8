// The f64 accumulator that every kernel adds its chunk's sum to. Values and partial sums are f64 and cross
// chunk boundaries as f64, so a chunked call reduces exactly as one pass does (up to f64 rounding).
import { MODE_SUM, MODE_MEAN, MODE_ROOT_MEAN } from '../status';

let acc: f64 = 0;

export function resetAcc(): void {
  acc = 0;
}

@inline export function addAcc(v: f64): void {
  acc += v;
}

export function accValue(): f64 {
  return acc;
}

/**
 * The reduced value: MODE_SUM → Σ; MODE_MEAN → Σ / denom; MODE_ROOT_MEAN → sqrt(Σ / denom) (RMSE; denom 1
 * gives the root of the sum). A mean over a zero denominator is NaN, as in PyTorch.
 */
export function reduceAcc(mode: i32, denom: f64): f64 {
  if (mode == MODE_SUM) return acc;
  if (denom == 0) return NaN;
  const mean = acc / denom;
  if (mode == MODE_MEAN) return mean;
  if (mode == MODE_ROOT_MEAN) return Math.sqrt(mean);
  return NaN;
}

/**
 * Gradient scale 1/denom. A zero denominator (a mean over nothing, or zero total class weight) gives NaN, so the
 * gradient of a NaN mean is NaN wherever an element takes part, never ±Infinity.
 */
@inline export function gradScale(denom: f64): f64 {
  return denom == 0 ? NaN : 1.0 / denom;
}
