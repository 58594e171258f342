/* SPDX-License-Identifier: ISC */
/*
 * hello.c: the smallest unikernel, for boot-to-exit time; with "idle
 * SECONDS" it then sleeps in solo5_yield (the floor for memory counts).
 */
#include "guest_util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	const char *c = si->cmdline;

	put("Hello, World\n");
	if (c[0] == 'i' && c[1] == 'd' && c[2] == 'l' && c[3] == 'e') {
		solo5_time_t end = solo5_clock_monotonic() +
				   parse_u64(c + 4) * 1000000000ULL;
		while (solo5_clock_monotonic() < end)
			solo5_yield(end, NULL);
	}
	return 0;
}
