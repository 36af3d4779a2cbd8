/* Cortex-M4 start-up for qemu-system-arm -M mps2-an386: vector table, reset handler, fault handler. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern void initialise_monitor_handles(void); /* newlib rdimon: semihosting stdio */
int main(void);

#define CPACR (*(volatile uint32_t *)0xE000ED88u)
#define CFSR (*(volatile uint32_t *)0xE000ED28u)
#define HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define BFAR (*(volatile uint32_t *)0xE000ED38u)

void Reset_Handler(void) {
  uint32_t *src, *dst;
  /* The FPU must be on (CP10, CP11 full access) before the first float instruction, including in libc. */
  CPACR |= 0xFu << 20;
  __asm volatile("dsb\n\tisb" ::: "memory");
  for (src = &_sidata, dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  initialise_monitor_handles();
  exit(main());
}

/* Print the stacked PC and the fault status, then stop the emulator with a failure. */
void fault_report(uint32_t *frame) {
  printf("HardFault: pc=0x%08lx lr=0x%08lx cfsr=0x%08lx hfsr=0x%08lx bfar=0x%08lx\n", (unsigned long)frame[6],
         (unsigned long)frame[5], (unsigned long)CFSR, (unsigned long)HFSR, (unsigned long)BFAR);
  exit(3);
}

__attribute__((naked)) void HardFault_Handler(void) {
  __asm volatile(
      "tst lr, #4\n\t"
      "ite eq\n\t"
      "mrseq r0, msp\n\t"
      "mrsne r0, psp\n\t"
      "b fault_report\n\t");
}

static void Default_Handler(void) {
  printf("unexpected exception\n");
  exit(4);
}

/* Initial SP, reset, NMI, HardFault, MemManage, BusFault, UsageFault, 4 reserved, SVC, DebugMon, reserved,
 * PendSV, SysTick. MemManage/BusFault/UsageFault are not enabled, so they escalate to HardFault. */
__attribute__((section(".isr_vector"), used)) const void *const vector_table[16] = {
    &_estack,          Reset_Handler,   Default_Handler, HardFault_Handler, HardFault_Handler, HardFault_Handler,
    HardFault_Handler, 0,               0,               0,                 0,                 Default_Handler,
    Default_Handler,   0,               Default_Handler, Default_Handler,
};
