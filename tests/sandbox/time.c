/* SPDX-License-Identifier: ISC */
/*
 * time: the monotonic clock advances; the wall clock agrees with the
 * host's time passed as the command line (seconds, from run.sh) or is at
 * least after 2020; solo5_yield honours deadlines: a past deadline (and
 * 0) returns at once, 10 ms takes at least 10 ms and well under 200 ms,
 * and with no devices the ready set comes back empty.
 */
#include "util.h"

#define MS 1000000ULL
#define SEC 1000000000ULL

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("time");
	solo5_time_t a = solo5_clock_monotonic(), b;
	int tries = 100;
	do
		b = solo5_clock_monotonic();
	while (b == a && --tries);
	T_CHECK(b > a);

	/* Past deadlines do not sleep. */
	a = solo5_clock_monotonic();
	solo5_yield(a, NULL);
	solo5_yield(0, NULL);
	solo5_yield(a - 1 * SEC, NULL);
	b = solo5_clock_monotonic();
	t_puts("yield(past) x3 took ");
	t_putu(b - a);
	t_puts(" ns\n");
	T_CHECK(b - a < 50 * MS);

	for (int i = 0; i < 5; i++) {
		solo5_handle_set_t ready = ~0ULL;
		a = solo5_clock_monotonic();
		solo5_yield(a + 10 * MS, &ready);
		b = solo5_clock_monotonic();
		t_puts("yield(+10 ms) took ");
		t_putu(b - a);
		t_puts(" ns\n");
		T_CHECK(b - a >= 10 * MS);
		T_CHECK(b - a < 200 * MS);
		T_CHECK(ready == 0);
	}

	solo5_time_t wall = solo5_clock_wall();
	t_puts("wall clock: ");
	t_putu(wall / SEC);
	t_puts(" s\n");
	T_CHECK(wall > 1577836800ULL * SEC);	/* 2020-01-01 */
	uint64_t host = t_atou(si->cmdline, NULL);
	if (host) {
		solo5_time_t h = host * SEC;
		T_CHECK(wall + 60 * SEC > h && wall < h + 60 * SEC);
	}
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
