/* SPDX-License-Identifier: ISC */
/*
 * xnow: text is not writable: a write to our own code (default) or to
 * read-only data ("rodata") must fault (SIGSEGV, 139).
 */
#include "util.h"

static const uint8_t ro[16] = { 1 };

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("xnow");
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)solo5_app_main;

	if (t_streq(si->cmdline, "rodata"))
		p = (volatile uint8_t *)(uintptr_t)ro;
	*p = 0xc3;
	t_puts("FAIL: write did not fault\n");
	return SOLO5_EXIT_FAILURE;
}
