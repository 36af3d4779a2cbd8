// Status codes returned by every kernel (i32). Kernels never trap in release builds: they return one of these,
// and record where the problem was in ERR_INDEX / ERR_ARG (read through err_index() / err_arg()).
// The host mirror is src/wasm/abi.ts; test/host/abi.test.ts checks that the two agree.

export const OK: i32 = 0;
/** A length argument is negative. */
export const E_LENGTH: i32 = 1;
/** A length argument is larger than the buffer capacity (the host streams instead). */
export const E_CAPACITY: i32 = 2;
/** A value outside its domain (BCE probability or target outside [0, 1], class index outside [0, C)). */
export const E_RANGE: i32 = 3;
/** A scalar option outside its domain (delta <= 0, p <= 0, beta < 0, unknown convention, C < 1). */
export const E_OPTION: i32 = 4;

// Which argument an error refers to (ERR_ARG).
export const ARG_INPUT: i32 = 0;
export const ARG_TARGET: i32 = 1;
export const ARG_WEIGHT: i32 = 2;
export const ARG_POS_WEIGHT: i32 = 3;
/** The loss's scalar option (delta, beta, p, eps, convention, numClasses, labelSmoothing). */
export const ARG_PARAM: i32 = 4;

// Flags argument bits of the loss kernels.
/** Write the gradient into the grad buffer. */
export const F_GRAD: i32 = 1;
/** Write per-element (per-row) values into the out buffer (reduction 'none'). */
export const F_NONE: i32 = 2;
/** Read per-element (CE: per-class) weights from the weight buffer. */
export const F_WEIGHT: i32 = 4;
/** Read per-element pos_weight from the aux buffer (BCE with logits). */
export const F_POS_WEIGHT: i32 = 8;
/** Cross-entropy targets are probabilities [rows, C] (f32) instead of class indices [rows] (i32). */
export const F_PROB_TARGET: i32 = 16;
/** Box losses: take inverted sides as zero length instead of failing with E_RANGE. */
export const F_CLAMP: i32 = 32;

// Modes of result().
export const MODE_SUM: i32 = 0;
export const MODE_MEAN: i32 = 1;
export const MODE_ROOT_MEAN: i32 = 2;

let errIndex: i32 = -1;
let errArg: i32 = -1;

/** Record where a failure happened and return the status, so kernels can `return fail(E_RANGE, ARG_TARGET, i)`. */
export function fail(status: i32, arg: i32, index: i32): i32 {
  errArg = arg;
  errIndex = index;
  return status;
}

export function clearError(): void {
  errArg = -1;
  errIndex = -1;
}

export function lastErrIndex(): i32 {
  return errIndex;
}

export function lastErrArg(): i32 {
  return errArg;
}

/** Validate an element count against the capacity. */
export function checkCount(n: i32, cap: i32): i32 {
  clearError();
  if (n < 0) return fail(E_LENGTH, ARG_INPUT, n);
  if (n > cap) return fail(E_CAPACITY, ARG_INPUT, n);
  return OK;
}
