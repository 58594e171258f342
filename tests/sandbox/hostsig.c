/* SPDX-License-Identifier: ISC */
/*
 * hostsig: a bare Solo5-API guest that opts in to host signals
 * (nablux_spt.h) and takes them itself: it prints "ready", then "got
 * signal N" for each signal its yield loop finds, and exits 0 after
 * SIGTERM. (seccomp.c reads the signalfd past the bindings.)
 */
#include "util.h"
#include "nablux_spt.h"

NABLUX_SPT_OPT_IN_HOST_SIGNALS;

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_puts("ready\n");
	for (;;) {
		int sig;

		solo5_yield(solo5_clock_monotonic() + 60000000000ULL, NULL);
		while ((sig = nablux_spt_host_signal()) != 0) {
			t_puts("got signal ");
			t_putu((uint64_t)sig);
			t_puts("\n");
			if (sig == 15)
				return SOLO5_EXIT_SUCCESS;
		}
		T_CHECK(!nablux_spt_host_signal_pending());
	}
}
