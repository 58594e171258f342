/* SPDX-License-Identifier: ISC */
/*
 * time.c: clock_getres, clock_gettime and clock_nanosleep over the two
 * Solo5 clocks (both nanoseconds): CLOCK_REALTIME is solo5_clock_wall,
 * CLOCK_MONOTONIC solo5_clock_monotonic. Sleeps are scheduler sleeps
 * against the monotonic clock; an absolute REALTIME deadline is converted
 * with the wall-minus-monotonic offset at the time of the call.
 */
#include "io.h"

#define NSEC 1000000000ULL

static bool clock_valid(int clk)
{
	return clk == PLAT_CLOCK_REALTIME || clk == PLAT_CLOCK_MONOTONIC;
}

static uint64_t clock_now(int clk)
{
	return clk == PLAT_CLOCK_REALTIME ? solo5_clock_wall()
					  : solo5_clock_monotonic();
}

int plat_clock_getres(int clk, struct plat_timespec *res)
{
	if (!clock_valid(clk))
		return -EINVAL;
	if (res != NULL)
		*res = (struct plat_timespec){ 0, 1 };
	return 0;
}

int plat_clock_gettime(int clk, struct plat_timespec *ts)
{
	if (!clock_valid(clk))
		return -EINVAL;
	if (ts == NULL)
		return -EFAULT;
	uint64_t t = clock_now(clk);
	ts->tv_sec = (int64_t)(t / NSEC);
	ts->tv_nsec = (int64_t)(t % NSEC);
	return 0;
}

/* a + b, saturating at UINT64_MAX ("never"). */
static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* A timespec in ns, saturating. */
static uint64_t ts_ns(const struct plat_timespec *ts)
{
	if ((uint64_t)ts->tv_sec >= UINT64_MAX / NSEC)
		return UINT64_MAX;
	return sat_add((uint64_t)ts->tv_sec * NSEC, (uint64_t)ts->tv_nsec);
}

uint64_t time_deadline_ms(int timeout_ms)
{
	if (timeout_ms < 0)
		return UINT64_MAX;
	return sat_add(solo5_clock_monotonic(), (uint64_t)timeout_ms * 1000000);
}

int plat_clock_nanosleep(int clk, int flags, const struct plat_timespec *req,
			 struct plat_timespec *rem)
{
	if (!clock_valid(clk))
		return -EINVAL;
	if (req == NULL)
		return -EFAULT;
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (int64_t)NSEC)
		return -EINVAL;

	uint64_t t = ts_ns(req), deadline;
	if (!(flags & PLAT_TIMER_ABSTIME)) {
		deadline = sat_add(solo5_clock_monotonic(), t);
	} else if (clk == PLAT_CLOCK_MONOTONIC) {
		deadline = t;
	} else {
		/* Wall time may be ahead of or behind monotonic time. */
		uint64_t wall = solo5_clock_wall(), mono = solo5_clock_monotonic();
		if (t == UINT64_MAX)
			deadline = UINT64_MAX;
		else if (t <= wall)
			deadline = mono;
		else
			deadline = sat_add(mono, t - wall);
	}
	plat_sleep_until(deadline);
	/* Nothing interrupts a sleep here (no signals): nothing remains. */
	if (rem != NULL && !(flags & PLAT_TIMER_ABSTIME))
		*rem = (struct plat_timespec){ 0, 0 };
	return 0;
}
