/* edgeloss conformance runner: see conformance.h. Uses printf only. */
#include <stdio.h>
#include "conformance.h"

static int same32(uint32_t want, uint32_t got) {
  if ((want & 0x7f800000u) != 0x7f800000u || (want & 0x7fffffu) == 0) return want == got;
  if ((got & 0x7f800000u) != 0x7f800000u || (got & 0x7fffffu) == 0) return 0; /* not a NaN */
  if ((want & 0x7fffffu) == 0x400000u) return (got & 0x7fffffu) == 0x400000u;  /* canonical, either sign */
  return (got & 0x400000u) != 0;                                               /* arithmetic: quiet bit */
}

static int same64(uint64_t want, uint64_t got) {
  const uint64_t E = 0x7ff0000000000000ull, M = 0xfffffffffffffull, Q = 0x8000000000000ull;
  if ((want & E) != E || (want & M) == 0) return want == got;
  if ((got & E) != E || (got & M) == 0) return 0;
  if ((want & M) == Q) return (got & M) == Q;
  return (got & Q) != 0;
}

static void show(const el_suite *s, uint32_t c, const char *what, uint64_t want, uint64_t got) {
  printf("FAIL %s case %lu \"%s\": %s want 0x%08lx%08lx got 0x%08lx%08lx\n", s->build, (unsigned long)c,
         s->case_names ? s->case_names[c] : "", what, (unsigned long)(want >> 32), (unsigned long)(want & 0xffffffffu),
         (unsigned long)(got >> 32), (unsigned long)(got & 0xffffffffu));
}

el_counts el_run_suite(const el_suite *s, int verbose) {
  el_counts n = {0, 0};
  void *m = s->create();
  const uint32_t *p = s->ops;
  uint32_t current = 0;
  int in_case = 0, bad = 0;
  uint64_t args[16], got;
  for (;;) {
    uint32_t op = *p++;
    if (op == EL_OP_CASE || op == EL_OP_END) {
      if (in_case) { if (bad) n.failed++; else n.passed++; }
      if (op == EL_OP_END) break;
      current = *p++;
      in_case = 1;
      bad = 0;
    } else if (op == EL_OP_FILL_F32 || op == EL_OP_FILL_I32) {
      uint32_t buf = p[0], start = p[1], count = p[2], i;
      p += 3;
      for (i = 0; i < count; i++) {
        args[0] = buf; args[1] = start + i; args[2] = p[i];
        s->call(m, op == EL_OP_FILL_F32 ? s->fn_set_f32 : s->fn_set_i32, args, &got);
        if ((uint32_t)got != 0) { if (!bad && (verbose || n.failed < 5)) show(s, current, "set", 0, got); bad = 1; }
      }
      p += count;
    } else if (op == EL_OP_CALL) {
      uint32_t fn = p[0], nargs = p[1], type = p[2], i;
      uint64_t want = (uint64_t)p[3] | ((uint64_t)p[4] << 32);
      int ok;
      p += 5;
      for (i = 0; i < nargs && i < 16; i++) args[i] = (uint64_t)p[2 * i] | ((uint64_t)p[2 * i + 1] << 32);
      p += 2 * nargs;
      got = 0;
      if (s->call(m, fn, args, &got) != 0) { printf("unknown function %lu\n", (unsigned long)fn); ok = 0; }
      else if (type == EL_T_I32) ok = (uint32_t)got == (uint32_t)want;
      else if (type == EL_T_F32) ok = same32((uint32_t)want, (uint32_t)got);
      else if (type == EL_T_F64) ok = same64(want, got);
      else ok = 1;
      if (!ok) { if (!bad && (verbose || n.failed < 5)) show(s, current, "call", want, got); bad = 1; }
    } else if (op == EL_OP_READ) {
      uint32_t buf = p[0], start = p[1], count = p[2], i;
      p += 3;
      for (i = 0; i < count; i++) {
        args[0] = buf; args[1] = start + i;
        s->call(m, s->fn_get_bits, args, &got);
        if (!same32(p[i], (uint32_t)got)) { if (!bad && (verbose || n.failed < 5)) show(s, current, "read", p[i], (uint32_t)got); bad = 1; }
      }
      p += count;
    } else {
      printf("bad op %lu\n", (unsigned long)op);
      n.failed++;
      break;
    }
  }
  s->destroy(m);
  return n;
}
