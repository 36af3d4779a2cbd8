// The static buffers: fixed, zero-initialised, 16-byte-aligned regions of linear memory (memory.data).
// No allocation, no start function, no memory.grow: hosts take the pointers once and keep their views.
import { CAPACITY, ALIGN } from './config';

const BYTES: i32 = CAPACITY << 2;

/** Input: predictions, probabilities or logits (f32). */
export const INPUT: usize = memory.data(BYTES, ALIGN);
/** Target: f32 targets, or i32 class indices for cross-entropy. */
export const TARGET: usize = memory.data(BYTES, ALIGN);
/** Gradient d(reduced loss)/d(input) (f32), written when F_GRAD is set. */
export const GRAD: usize = memory.data(BYTES, ALIGN);
/** Per-element (per-row) values for reduction 'none' (f32), written when F_NONE is set. */
export const OUT: usize = memory.data(BYTES, ALIGN);
/** Weights: per-element weights (BCE) or class weights (cross-entropy) (f32), read when F_WEIGHT is set. */
export const WEIGHT: usize = memory.data(BYTES, ALIGN);
/** Auxiliary: BCE pos_weight per element; denominators gathered by the host for sum_aux (f32). */
export const AUX: usize = memory.data(BYTES, ALIGN);

@inline export function f32At(base: usize, i: i32): f32 {
  return load<f32>(base + (<usize>i << 2));
}

@inline export function setF32At(base: usize, i: i32, v: f32): void {
  store<f32>(base + (<usize>i << 2), v);
}

@inline export function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
