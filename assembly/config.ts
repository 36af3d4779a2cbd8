// Build-time configuration of the kernels: the one place that sets buffer capacity.
// Six static buffers of CAPACITY f32 each (input, target, grad, out, weight, aux) = 6 × 16 KiB = 96 KiB,
// which with the static data fits the 2 pages (128 KiB) that asconfig.json fixes as initial = maximum memory.
// Raise CAPACITY and the page count in asconfig.json together; the compiler refuses data that does not fit.

// The onepage target (asconfig.json) sets a smaller capacity at compile time with `use: ["EDGELOSS_CAPACITY=2048"]`
// (asc's `--use NAME=VALUE` integer constant) so that buffers, math tables and globals fit one 64 KiB page.

/** Elements (f32 or i32) per static buffer: EDGELOSS_CAPACITY when the build defines it, else 4096. */
// @ts-ignore: EDGELOSS_CAPACITY exists only when asc defines it (`--use EDGELOSS_CAPACITY=N`).
export const CAPACITY: i32 = isDefined(EDGELOSS_CAPACITY) ? <i32>EDGELOSS_CAPACITY : 4096;
/** Alignment of every buffer in bytes (one v128). */
export const ALIGN: i32 = 16;
/** f32 lanes in one v128. */
export const LANES: i32 = 4;
/** Version of the ABI documented in the README; bumped on any change to exports or their meaning. */
export const ABI_VERSION: i32 = 1;
