/* Linux host (x86-64 or aarch64): runs the conformance cases through the MVP and the one-page build (wasm2c).
 * Usage: c-host [HOST-NAME [-v]]. Prints `RESULT <host> <build> <passed> <failed>` per build; exits 1 on failure. */
#include <stdio.h>
#include "conformance.h"
#include "wasm-rt.h"

#ifndef EL_HOST
#define EL_HOST "c-host"
#endif

extern const el_suite el_suite_mvp;
extern const el_suite el_suite_onepage;

int main(int argc, char **argv) {
  const el_suite *suites[] = {&el_suite_mvp, &el_suite_onepage};
  const char *host = argc > 1 ? argv[1] : EL_HOST;
  int verbose = argc > 2, failed = 0;
  unsigned i;
  wasm_rt_init();
  for (i = 0; i < sizeof suites / sizeof suites[0]; i++) {
    el_counts c = el_run_suite(suites[i], verbose);
    printf("RESULT %s %s %lu %lu\n", host, suites[i]->build, c.passed, c.failed);
    if (c.failed || c.passed == 0) failed = 1;
  }
  wasm_rt_free();
  return failed;
}
