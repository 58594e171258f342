// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts are function calls. Any host thread may raise one: it is
 * marked pending and run at once if the CPU is free, else by the thread
 * holding the CPU when it enables interrupts or leaves the kernel.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/interrupt.h>
#include <linux/hardirq.h>
#include <linux/seq_file.h>
#include <linux/errno.h>
#include <asm/irq_regs.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

unsigned long cpu_irqs_enabled;
unsigned long irq_pending;

static const char *irq_names[NR_IRQS];

/*
 * No registers to save: only whether the interrupt came in kernel code
 * (run by the CPU's holder as it enables interrupts or leaves) or in the
 * application's (raised while the CPU is free with an application task
 * parked on it, i.e. between two of its system calls).
 */
static struct pt_regs irq_regs;

void irq_mark_pending(int irq)
{
	__atomic_fetch_or(&irq_pending, 1UL << irq, __ATOMIC_SEQ_CST);
}

/* Handlers and softirqs, on the interrupt stack. */
static long run_handlers(void *unused)
{
	unsigned long pending;
	int irq;

	while ((pending = __atomic_exchange_n(&irq_pending, 0,
					      __ATOMIC_SEQ_CST))) {
		for (irq = 1; irq < NR_IRQS; irq++) {
			if (!(pending & (1UL << irq)))
				continue;
			irq_enter();
			generic_handle_irq(irq);
			irq_exit();
		}
	}
	return 0;
}

static void *irq_stack;

/* The CPU holder runs what is pending, with interrupts disabled. */
static void run_pending(bool user)
{
	struct pt_regs *old_regs;

	if (!cpu_irqs_enabled || in_interrupt())
		return;
	cpu_irqs_enabled = 0;
	irq_regs.user = user;
	old_regs = set_irq_regs(&irq_regs);
	if (irq_stack)
		kstack_call(irq_stack, run_handlers, NULL);
	else
		run_handlers(NULL);
	set_irq_regs(old_regs);
	cpu_irqs_enabled = 1;
}

void irq_run_pending(void)
{
	run_pending(false);
}

void irq_run_pending_user(void)
{
	run_pending(true);
}

int irq_alloc(const char *name)
{
	int irq;

	/* 0 is no interrupt. */
	for (irq = 1; irq < NR_IRQS && irq < BITS_PER_LONG; irq++) {
		if (!irq_names[irq]) {
			irq_names[irq] = name;
			return irq;
		}
	}
	return -EBUSY;
}

int nablux_irq_alloc(const char *name)
{
	return irq_alloc(name);
}

int nablux_irq_trigger(int irq)
{
	if (irq <= 0 || irq >= NR_IRQS || irq >= BITS_PER_LONG ||
	    !irq_names[irq])
		return -EINVAL;
	irq_mark_pending(irq);
	cpu_deliver_irqs();
	return 0;
}

void irq_cleanup(void)
{
	kstack_free(irq_stack);
	irq_stack = NULL;
}

int nablux_irq_post(int irq)
{
	if (irq <= 0 || irq >= NR_IRQS || irq >= BITS_PER_LONG ||
	    !irq_names[irq])
		return -EINVAL;
	irq_mark_pending(irq);
	return cpu_post_irqs() ? 0 : -EAGAIN;
}

void __init init_IRQ(void)
{
	int irq;

	/* Without it (the host had no memory), handlers run on the stack
	 * of whoever runs them. */
	irq_stack = kstack_alloc();
	for (irq = 0; irq < NR_IRQS; irq++)
		irq_set_chip_and_handler(irq, &dummy_irq_chip,
					 handle_simple_irq);
}
