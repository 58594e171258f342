/* SPDX-License-Identifier: ISC */
/* fixture.c: a valid spt unikernel with two devices for the hostile-input
 * tests to break; it prints its command line and exits 0. */
#include "solo5.h"

static unsigned long len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

int solo5_app_main(const struct solo5_start_info *si)
{
	solo5_console_write("fixture cmdline: ", 17);
	solo5_console_write(si->cmdline, len(si->cmdline));
	solo5_console_write("\n", 1);
	return 0;
}
