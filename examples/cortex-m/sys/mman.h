/* Stand-in <sys/mman.h> for bare metal (newlib has none). wasm2c 1.0.32's wasm-rt-impl.c includes it on every
 * non-Windows target, but with -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 it never calls these: linear memory comes from
 * calloc and every access is bounds-checked. Declarations only, so a call would fail at link time. */
#ifndef EDGELOSS_CORTEX_M_SYS_MMAN_H
#define EDGELOSS_CORTEX_M_SYS_MMAN_H
#include <stddef.h>
#include <sys/types.h>
#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20
#define MAP_FAILED ((void *)-1)
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);
#endif
