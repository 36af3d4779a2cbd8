/*
 * edgeloss conformance runner for C hosts (wasm2c). Needs only libc's printf: no files, no allocation, no OS.
 *
 * A suite is one wasm2c-compiled build plus its cases, generated from build/conformance/vectors.json by
 * gen-cases.mjs (the expected bits come from V8 at build time, never by hand). el_run_suite() instantiates the
 * module, replays every case (fill buffers through set_f32/set_i32, call exports, read buffers through get_bits)
 * and compares bits: exactly, except NaN expectations, which match any NaN of the same class (canonical NaN of
 * either sign, or any arithmetic NaN), because engines may return different NaN bits.
 *
 * To port to a new target (e.g. a microcontroller): compile wasm2c's output for the build, wasm-rt-impl.c, the
 * generated <build>_cases.c, this file and your own main() that calls wasm_rt_init() and el_run_suite().
 * Always compile with -ffp-contract=off (a fused multiply-add rounds once instead of twice).
 */
#ifndef EDGELOSS_CONFORMANCE_H
#define EDGELOSS_CONFORMANCE_H

#include <stdint.h>
#include <string.h>

/* Op stream words (generated). */
enum {
  EL_OP_END = 0,
  EL_OP_CASE = 1,     /* case index */
  EL_OP_FILL_F32 = 2, /* buffer, start, count, count × f32 bits */
  EL_OP_FILL_I32 = 3, /* buffer, start, count, count × i32 */
  EL_OP_CALL = 4,     /* fn, nargs, result type, expected lo, expected hi, nargs × (lo, hi) */
  EL_OP_READ = 5      /* buffer, start, count, count × expected f32 bits */
};
enum { EL_T_NONE = 0, EL_T_I32 = 1, EL_T_F32 = 2, EL_T_F64 = 3 };

typedef struct el_suite {
  const char *build;
  void *(*create)(void);  /* instantiate the module (static instance), return it */
  void (*destroy)(void *instance);
  /* Call export `fn` with raw argument bits; store the raw result bits in *result. 0, or -1 for an unknown fn. */
  int (*call)(void *instance, uint32_t fn, const uint64_t *args, uint64_t *result);
  uint32_t fn_set_f32, fn_set_i32, fn_get_bits;
  const uint32_t *ops;
  const char *const *case_names;
  uint32_t case_count;
} el_suite;

typedef struct el_counts {
  unsigned long passed, failed;
} el_counts;

/* Run every case of the suite; verbose > 0 prints each failing case (else the first 5). */
el_counts el_run_suite(const el_suite *suite, int verbose);

/* Helpers for the generated dispatchers. */
static inline float el_f32(uint64_t bits) { uint32_t b = (uint32_t)bits; float f; memcpy(&f, &b, 4); return f; }
static inline double el_f64(uint64_t bits) { double d; memcpy(&d, &bits, 8); return d; }
static inline uint64_t el_bits_f32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline uint64_t el_bits_f64(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

#endif
