/* SPDX-License-Identifier: ISC */
/*
 * quiet: run with --solo5:quiet (or another log-level word): the
 * bindings print nothing of their own, and the word never reaches us.
 */
#include "util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("quiet");
	if (si->cmdline[0] != '\0') {
		t_puts("FAIL: command line is '");
		t_puts(si->cmdline);
		t_puts("'\n");
		return SOLO5_EXIT_FAILURE;
	}
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
