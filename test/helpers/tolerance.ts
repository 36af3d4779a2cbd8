/**
 * Comparison of a float32 kernel result with the float64 reference. Each loss states its own tolerance (the
 * table below). Non-finite values compare by class: NaN with NaN, +Infinity with +Infinity.
 */
export interface Tolerance {
  /** Relative tolerance on values. */
  rtol: number;
  /** Absolute tolerance on values. */
  atol: number;
  /** Relative tolerance on gradient elements. */
  grtol: number;
  /** Absolute tolerance on gradient elements, as a fraction of the largest |gradient| of the call. */
  gatol: number;
}

/**
 * Per-loss tolerances. Elementwise f32 kernels round the difference and the element value once each (≈ 2^-23
 * relative), and sum in f64; the transcendental kernels compute per element in f64 and store f32 (one rounding).
 */
export const TOLERANCE: Record<string, Tolerance> = {
  l1: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  mse: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  rmse: { rtol: 1e-6, atol: 1e-7, grtol: 2e-6, gatol: 1e-7 },
  power: { rtol: 2e-6, atol: 1e-7, grtol: 2e-6, gatol: 1e-7 },
  smooth_l1: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  huber: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  bce: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  bce_logits: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  cross_entropy: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  // Box losses: f64 maths on f32 inputs; the value is f64, the gradient f32 (one rounding of an O(1) number).
  iou: { rtol: 1e-6, atol: 1e-7, grtol: 1e-5, gatol: 1e-6 },
  giou: { rtol: 1e-6, atol: 1e-7, grtol: 1e-5, gatol: 1e-6 },
  diou: { rtol: 1e-6, atol: 1e-7, grtol: 1e-5, gatol: 1e-6 },
  ciou: { rtol: 1e-6, atol: 1e-7, grtol: 1e-5, gatol: 1e-6 },
  eiou: { rtol: 1e-6, atol: 1e-7, grtol: 1e-5, gatol: 1e-6 },
  siou: { rtol: 1e-6, atol: 1e-7, grtol: 1e-5, gatol: 1e-6 },
  // @box-losses (add tolerances above)
  sigmoid_focal: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  softmax_focal: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  qfl: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  vfl: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  dfl: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  centerness: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  wing: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  oks: { rtol: 1e-6, atol: 1e-7, grtol: 1e-6, gatol: 1e-7 },
  // @cls-losses (add tolerances above)
};

/** Why a comparison failed, or null when it passed. */
export function compareNumber(got: number, want: number, rtol: number, atol: number): string | null {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got) ? null : `got ${got}, want ${want}`;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want ? null : `got ${got}, want ${want}`;
  const err = Math.abs(got - want);
  return err <= atol + rtol * Math.abs(want) ? null : `got ${got}, want ${want} (|err| ${err.toExponential(3)})`;
}

/** Elementwise comparison; `atol` is scaled by the largest finite |want| (at least 1). */
export function compareArrays(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number): string | null {
  if (got.length !== want.length) return `length ${got.length}, want ${want.length}`;
  let scale = 1;
  for (let i = 0; i < want.length; i++) if (Number.isFinite(want[i]!)) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++) {
    const why = compareNumber(got[i]!, want[i]!, rtol, atol * scale);
    if (why) return `index ${i}: ${why}`;
  }
  return null;
}
