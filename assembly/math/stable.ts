// Numerically stable scalar helpers shared by the losses (f64 unless the name says f32).

/**
 * softplus(z) = ln(1 + e^z), in the stable form max(z, 0) + log1p(exp(-|z|)).
 * Derivation: ln(1 + e^z) = z + ln(1 + e^-z) for z > 0, so both branches add a log1p of a number in (0, 1].
 * softplus(+Inf) = +Inf, softplus(-Inf) = 0, never NaN for non-NaN z.
 */
@inline export function softplus(z: f64): f64 {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * sigmoid(z) = 1 / (1 + e^-z), evaluated so that exp never overflows: for z >= 0 as 1/(1 + e^-z), for z < 0 as
 * e^z/(1 + e^z). sigmoid(+Inf) = 1, sigmoid(-Inf) = 0. Use sigmoid(-z) for 1 - sigmoid(z) (no cancellation).
 */
@inline export function sigmoid(z: f64): f64 {
  if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1.0 + e);
}

/** c·v, where a zero coefficient gives 0 even when v is infinite (the limit the losses need, never 0·Inf = NaN). */
@inline export function coefMul(c: f64, v: f64): f64 {
  return c == 0 ? 0 : c * v;
}

/** x - m, read as 0 when x == m (so +Inf - +Inf and -Inf - -Inf are 0, the log-sum-exp shift of a limit). */
@inline export function shifted(x: f64, m: f64): f64 {
  return x == m ? 0 : x - m;
}

/** sign(d) with sign(0) = +0 and NaN kept (the L1 subgradient PyTorch uses). */
@inline export function sign64(d: f64): f64 {
  return d > 0 ? 1.0 : d < 0 ? -1.0 : d - d;
}
