/**
 * SIMD probe: a 29-byte module whose one function uses a v128 (i8x16.splat + i8x16.popcnt), the same probe as
 * wasm-feature-detect. `WebAssembly.validate` compiles nothing and answers synchronously.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** True when this engine validates fixed-width SIMD (v128) code. */
export function detectSimd(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
