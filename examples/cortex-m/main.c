/* Cortex-M4 bare-metal host: runs the conformance cases through the one-page build (wasm2c), on
 * qemu-system-arm -M mps2-an386 with semihosting output. Reuses the C host's runner (examples/c-host/
 * conformance.c) and its generated suite; prints `RESULT <host> <build> <passed> <failed>`, then the RAM the run
 * used. Exit status 0 only when every case passed. Built and run by scripts/portability/cortex-m.sh. */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include "conformance.h"
#include "wasm-rt.h"

#ifndef EL_HOST
#define EL_HOST "cortex-m4"
#endif
#define STACK_PAINT 0x57ac57acu

extern const el_suite el_suite_onepage;
extern uint32_t _estack, end;
extern uint32_t _min_stack[]; /* linker symbol: its address is the reserved stack size */

/* Paint the reserved stack below the current frame, to measure the deepest use afterwards. */
static uint32_t *paint_stack(void) {
  uint32_t *low = (uint32_t *)((uintptr_t)&_estack - (uintptr_t)_min_stack), *p;
  uint32_t here;
  for (p = low; p < &here - 64; p++) *p = STACK_PAINT;
  return low;
}

int main(void) {
  uint32_t *low = paint_stack(), *p;
  el_counts c;
  struct mallinfo mi;
  wasm_rt_init();
  c = el_run_suite(&el_suite_onepage, 0);
  printf("RESULT %s %s %lu %lu\n", EL_HOST, el_suite_onepage.build, c.passed, c.failed);
  mi = mallinfo(); /* before wasm_rt_free: the linear-memory page and wasm2c's type table are still allocated */
  for (p = low; p < &_estack && *p == STACK_PAINT; p++) {}
  printf("ram: heap %lu bytes (arena, incl. the linear memory), stack %lu bytes used\n", (unsigned long)mi.arena,
         (unsigned long)((uintptr_t)&_estack - (uintptr_t)p));
  wasm_rt_free();
  return c.failed || c.passed == 0;
}
