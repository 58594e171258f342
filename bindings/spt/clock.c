/* SPDX-License-Identifier: ISC */
/*
 * clock.c: Solo5 time is the host's CLOCK_MONOTONIC and CLOCK_REALTIME,
 * in nanoseconds (so yield.c can hand deadlines to the timerfd as is).
 */
#include "bindings.h"

static solo5_time_t read_clock(int clock)
{
	struct sys_timespec ts;

	if (sys_clock_gettime(clock, &ts) != 0)
		bindings_panic("clock_gettime failed");
	return (solo5_time_t)ts.tv_sec * NSEC_PER_SEC +
	       (solo5_time_t)ts.tv_nsec;
}

solo5_time_t solo5_clock_monotonic(void)
{
	return read_clock(SYS_CLOCK_MONOTONIC);
}

solo5_time_t solo5_clock_wall(void)
{
	return read_clock(SYS_CLOCK_REALTIME);
}
