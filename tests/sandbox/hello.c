/* SPDX-License-Identifier: ISC */
/* hello: console output and the command line the tender passes. */
#include "util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("hello");
	t_puts("Hello, World\nCommand line is: '");
	t_puts(si->cmdline);
	t_puts("'\n");
	/* Solo5's own test passes exactly this. */
	if (t_streq(si->cmdline, "Hello_Solo5"))
		t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
