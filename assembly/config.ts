// Build-time configuration of the kernels: the one place that sets buffer capacity.
// Six static buffers of CAPACITY f32 each (input, target, grad, out, weight, aux) = 6 × 16 KiB = 96 KiB,
// which with the static data fits the 2 pages (128 KiB) that asconfig.json fixes as initial = maximum memory.
// Raise CAPACITY and the page count in asconfig.json together; the compiler refuses data that does not fit.

// The onepage target (asconfig.json) sets a smaller capacity at compile time with `use: ["EDGELOSS_CAPACITY=2048"]`
// (asc's `--use NAME=VALUE` integer constant) so that buffers, math tables and globals fit one 64 KiB page.

/** Elements (f32 or i32) per static buffer: EDGELOSS_CAPACITY when the build defines it, else 4096. */
// @ts-ignore: EDGELOSS_CAPACITY exists only when asc defines it (`--use EDGELOSS_CAPACITY=N`).
export const CAPACITY: i32 = isDefined(EDGELOSS_CAPACITY) ? <i32>EDGELOSS_CAPACITY : 4096;
// A head-specialised build (`npm run build:head`, scripts/build-head.mjs) also defines the model head it serves:
// EDGELOSS_ANCHORS (N), EDGELOSS_CLASSES (C) and EDGELOSS_REG_MAX (R), and sets EDGELOSS_CAPACITY to the largest
// buffer that head needs. Kernels then run a second copy of their loop whose trip count is the head's constant
// (4N box coordinates for the elementwise regressions, N·C logits for the per-class losses) when called with that
// length. In the generic builds these are 0 and the extra copies fold away at compile time.
/** Anchors N of the head this build is specialised for (0: generic build). */
// @ts-ignore: defined only by asc `--use EDGELOSS_ANCHORS=N`.
export const HEAD_ANCHORS: i32 = isDefined(EDGELOSS_ANCHORS) ? <i32>EDGELOSS_ANCHORS : 0;
/** Classes C of the head (0: generic build). */
// @ts-ignore: defined only by asc `--use EDGELOSS_CLASSES=C`.
export const HEAD_CLASSES: i32 = isDefined(EDGELOSS_CLASSES) ? <i32>EDGELOSS_CLASSES : 0;
/** reg_max R of the head's DFL branch (0: generic build). */
// @ts-ignore: defined only by asc `--use EDGELOSS_REG_MAX=R`.
export const HEAD_REG_MAX: i32 = isDefined(EDGELOSS_REG_MAX) ? <i32>EDGELOSS_REG_MAX : 0;
/** Elements of the head's box regression target, 4N (0: generic build). */
export const HEAD_BOX_ELEMS: i32 = HEAD_ANCHORS * 4;
/** Elements of the head's class logits, N·C (0: generic build). */
export const HEAD_CLS_ELEMS: i32 = HEAD_ANCHORS * HEAD_CLASSES;

/**
 * A compact build (the onepage target: `--use EDGELOSS_COMPACT=1`) trades speed for code size where a loss family
 * has many specialised loop copies: the box losses then run one loop with run-time kind, convention and gradient
 * tests instead of one copy per combination. Same operations, so the same bits.
 */
// @ts-ignore: defined only by asc `--use EDGELOSS_COMPACT=1`.
export const COMPACT: bool = isDefined(EDGELOSS_COMPACT);

/** Alignment of every buffer in bytes (one v128). */
export const ALIGN: i32 = 16;
/** f32 lanes in one v128. */
export const LANES: i32 = 4;
/** Version of the ABI documented in the README; bumped on any change to exports or their meaning. */
export const ABI_VERSION: i32 = 1;
