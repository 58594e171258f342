/* SPDX-License-Identifier: ISC */
/*
 * bench_yield.c: cost of solo5_yield() with a deadline already past (the
 * host round trip: timerfd_settime + epoll_pwait), and the overshoot of a
 * 100 us sleep.
 */
#include "guest_util.h"

#define ROUNDS 100000
#define SLEEPS 200

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	solo5_handle_set_t ready;
	solo5_time_t t0 = solo5_clock_monotonic();

	for (int i = 0; i < ROUNDS; i++)
		solo5_yield(0, &ready);
	figure("yield_ns", (solo5_clock_monotonic() - t0) / ROUNDS);

	uint64_t over[SLEEPS];
	for (int i = 0; i < SLEEPS; i++) {
		solo5_time_t start = solo5_clock_monotonic();
		solo5_yield(start + 100000, &ready);
		over[i] = solo5_clock_monotonic() - start - 100000;
	}
	/* Insertion sort: SLEEPS is small. */
	for (int i = 1; i < SLEEPS; i++)
		for (int j = i; j > 0 && over[j - 1] > over[j]; j--) {
			uint64_t t = over[j];
			over[j] = over[j - 1];
			over[j - 1] = t;
		}
	figure("sleep100us_overshoot_median_ns", over[SLEEPS / 2]);
	figure("sleep100us_overshoot_p99_ns", over[SLEEPS * 99 / 100]);
	return 0;
}
