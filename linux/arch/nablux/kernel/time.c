// SPDX-License-Identifier: GPL-2.0
/*
 * Time from the host: a clocksource (and sched_clock) on its monotonic
 * clock, the wall clock read once at boot, and a one-shot clockevent on a
 * host timer whose expiry raises the timer interrupt. Reading the host's
 * clock is cheap: the unikernel's is the TSC (bindings/spt/clock.c), the
 * posix host's the vDSO. get_cycles (asm/timex.h) is the TSC.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/clocksource.h>
#include <linux/clockchips.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/time.h>
#include <linux/delay.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

static u64 boot_ns;

/* sched_clock counts from here: nablux_start_kernel calls it first. */
void time_boot(void)
{
	boot_ns = host_ops->time_ns();
}
static struct nablux_host_timer *timer;
static int timer_irq;

unsigned long long sched_clock(void)
{
	return host_ops->time_ns() - boot_ns;
}

void read_persistent_clock64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(host_ops->wall_ns());
}

/*
 * Until clocksource_done_booting (fs_initcall) switches timekeeping to the
 * host clocksource, it runs on jiffies, which do not move before the first
 * tick: the wall clock read at timekeeping_init stays behind the host's by
 * the boot time in between (0.6-0.8 ms). Read it again once on the host
 * clocksource.
 */
static int __init wall_clock_resync(void)
{
	struct timespec64 ts = ns_to_timespec64(host_ops->wall_ns());

	return do_settimeofday64(&ts);
}
late_initcall(wall_clock_resync);

static u64 host_clock_read(struct clocksource *cs)
{
	return host_ops->time_ns();
}

static struct clocksource host_clocksource = {
	.name	= "host",
	.rating	= 400,
	.read	= host_clock_read,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
};

static int host_timer_next(unsigned long delta, struct clock_event_device *ce)
{
	return host_ops->timer_set_oneshot(timer, delta ? delta : 1);
}

static int host_timer_shutdown(struct clock_event_device *ce)
{
	return host_ops->timer_set_oneshot(timer, 0);
}

static struct clock_event_device host_clockevent = {
	.name			= "host",
	.rating			= 400,
	.features		= CLOCK_EVT_FEAT_ONESHOT,
	.set_next_event		= host_timer_next,
	.set_state_shutdown	= host_timer_shutdown,
	.set_state_oneshot_stopped = host_timer_shutdown,
};

static void host_timer_expired(void *arg)
{
	nablux_irq_trigger(timer_irq);
}

static irqreturn_t timer_interrupt(int irq, void *dev)
{
	struct clock_event_device *ce = dev;

	ce->event_handler(ce);
	return IRQ_HANDLED;
}

void __init time_init(void)
{
	int err;

	timer_irq = irq_alloc("timer");
	timer = host_ops->timer_alloc(host_timer_expired, NULL);
	if (timer_irq < 0 || !timer)
		panic("nablux: no host timer");
	err = request_irq(timer_irq, timer_interrupt, IRQF_TIMER, "timer",
			  &host_clockevent);
	if (err)
		panic("nablux: timer interrupt: %d", err);
	clocksource_register_hz(&host_clocksource, NSEC_PER_SEC);
	host_clockevent.cpumask = cpumask_of(0);
	clockevents_config_and_register(&host_clockevent, NSEC_PER_SEC,
					1000, ULONG_MAX);
}

void time_cleanup(void)
{
	if (timer)
		host_ops->timer_free(timer);
	timer = NULL;
}

void calibrate_delay(void)
{
}

void __ndelay(unsigned long nsecs)
{
	u64 end = host_ops->time_ns() + nsecs;

	while (host_ops->time_ns() < end)
		;
}

void __udelay(unsigned long usecs)
{
	__ndelay(usecs * NSEC_PER_USEC);
}

void __const_udelay(unsigned long xloops)
{
	/* xloops is usecs * 2^32 / 1000000 (see asm-generic/delay.h). */
	__udelay(xloops / 0x10c7UL);
}

void __delay(unsigned long loops)
{
	__ndelay(loops);
}
