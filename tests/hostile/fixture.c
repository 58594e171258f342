/* SPDX-License-Identifier: ISC */
/* fixture.c: a valid spt unikernel with two devices for the hostile-input
 * tests to break; it checks that its .bss is zero and writable, prints
 * its command line and exits 0. */
#include "solo5.h"

/* Two pages: more than the bindings' own .bss, so the memory-only
 * PT_LOAD spans pages of its own. */
static volatile char bss[8192];

static unsigned long len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

int solo5_app_main(const struct solo5_start_info *si)
{
	for (unsigned long i = 0; i < sizeof(bss); i++) {
		if (bss[i] != 0)
			return 2;
		bss[i] = 1;
	}
	solo5_console_write("fixture cmdline: ", 17);
	solo5_console_write(si->cmdline, len(si->cmdline));
	solo5_console_write("\n", 1);
	return 0;
}
