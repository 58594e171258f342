// SPDX-License-Identifier: GPL-2.0
/*
 * Signals from outside (a container runtime's SIGTERM, a Ctrl-C): the
 * host calls nablux_host_signal() from any thread, and an interrupt sends
 * the signal to pid 1 as the kernel sends its own (SI_KERNEL). pid 1's
 * rules apply: a handler runs; at SIG_DFL the signal is dropped, as for
 * the first process of a container run without --init.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

static int host_signal_irq;
static unsigned long host_signals;	/* bit sig - 1: raised, not sent */

static irqreturn_t host_signal_interrupt(int irq, void *unused)
{
	unsigned long raised = __atomic_exchange_n(&host_signals, 0,
						   __ATOMIC_SEQ_CST);
	struct pid *pid1;
	int sig;

	rcu_read_lock();
	pid1 = find_pid_ns(1, &init_pid_ns);
	for (sig = 1; raised && pid1; sig++, raised >>= 1)
		if (raised & 1)
			kill_pid(pid1, sig, 1);
	rcu_read_unlock();
	return IRQ_HANDLED;
}

static int __init host_signal_init(void)
{
	int irq = irq_alloc("host-signal");

	if (irq < 0)
		return irq;
	if (request_irq(irq, host_signal_interrupt, 0, "host-signal", NULL))
		return -EBUSY;
	host_signal_irq = irq;
	return 0;
}
device_initcall(host_signal_init);

int nablux_host_signal(int sig)
{
	if (sig <= 0 || sig > BITS_PER_LONG || !host_signal_irq)
		return -EINVAL;
	__atomic_fetch_or(&host_signals, 1UL << (sig - 1), __ATOMIC_SEQ_CST);
	return nablux_irq_trigger(host_signal_irq);
}
