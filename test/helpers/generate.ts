/**
 * Seeded input generators for parity tests (fast-check arbitraries). Lengths cover 0–9, the SIMD width ± 1 and the
 * buffer capacity ± 1 (the chunking path).
 */
import fc from 'fast-check';

/** The seed every property uses, so a failure reproduces. */
export const SEED = 20261130;

export function lengthsFor(capacity: number): number[] {
  return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, capacity - 1, capacity, capacity + 1];
}

/** Float32Array of exactly n values from `value`. */
export function f32Array(n: number, value: fc.Arbitrary<number>): fc.Arbitrary<Float32Array> {
  return fc.array(value, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a));
}

/** Ordinary reals in [-r, r] (no NaN). */
export const real = (r: number): fc.Arbitrary<number> => fc.double({ min: -r, max: r, noNaN: true });
/** Probabilities in [0, 1] with the ends themselves likely. */
export const prob: fc.Arbitrary<number> = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1));
/** Logits: ordinary reals, and the extremes ±1e4, ±1e30, ±1e35 and ±Infinity (3e38 would overflow float32 per-element values such as 1.5·x; simd_scalar.test.ts takes it for the gradients). */
export const logit: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: real(20) },
  { weight: 1, arbitrary: fc.constantFrom(1e4, -1e4, 1e30, -1e30, 1e35, -1e35, Infinity, -Infinity) },
);

/** How many random cases per length: many for short inputs, few for the chunked ones. */
export function runsFor(n: number): number {
  return n <= 16 ? 25 : 3;
}
