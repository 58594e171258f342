/* SPDX-License-Identifier: ISC */
/*
 * nosig: a guest that does not opt in to host signals (as every Solo5
 * guest): print "ready", then wait in solo5_yield until the host's
 * signals end the tender, as they always have.
 */
#include "util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_puts("ready\n");
	for (;;)
		solo5_yield(solo5_clock_monotonic() + 60000000000ULL, NULL);
}
