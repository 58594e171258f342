/* SPDX-License-Identifier: ISC */
/*
 * exception: a CPU exception in the guest kills the process with the
 * host's signal, as on solo5-spt (nothing catches it): ud2 is SIGILL
 * (status 132), int3 (command line "int3") is SIGTRAP (133), and Solo5's
 * own test, a store to an unmapped address ("store"), is SIGSEGV (139).
 */
#include "util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("exception");
	if (t_streq(si->cmdline, "int3"))
		__asm__ __volatile__("int3");
	else if (t_streq(si->cmdline, "store"))
		*(volatile uint8_t *)(2ULL << 33) = 1;
	else
		__asm__ __volatile__("ud2");
	t_puts("FAIL: no exception\n");
	return SOLO5_EXIT_FAILURE;
}
