/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_TIMEX_H
#define _ASM_NABLUX_TIMEX_H

/*
 * The TSC (every host runs on x86_64): the RNG takes entropy from it on
 * every interrupt. Without it, it would read the clocksource, the host's
 * time, which can be a host call.
 */
typedef unsigned long cycles_t;

static inline cycles_t get_cycles(void)
{
	unsigned int lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return ((cycles_t)hi << 32) | lo;
}
#define get_cycles get_cycles

#endif /* _ASM_NABLUX_TIMEX_H */
