/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_IRQFLAGS_H
#define _ASM_NABLUX_IRQFLAGS_H

/*
 * Interrupts are host callbacks. The "interrupt enable flag" is a word
 * owned by whichever thread holds the CPU; host threads that raise an
 * interrupt while the CPU is busy only set a bit in irq_pending, and the
 * holder runs it when it next enables interrupts or releases the CPU.
 */
#define ARCH_IRQ_DISABLED	0
#define ARCH_IRQ_ENABLED	1

extern unsigned long cpu_irqs_enabled;
extern unsigned long irq_pending;
void irq_run_pending(void);

static inline unsigned long arch_local_save_flags(void)
{
	return cpu_irqs_enabled;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	cpu_irqs_enabled = flags;
	if (flags && *(volatile unsigned long *)&irq_pending)
		irq_run_pending();
}

#include <asm-generic/irqflags.h>

#endif /* _ASM_NABLUX_IRQFLAGS_H */
