/* SPDX-License-Identifier: ISC */
/* fixture.c: a valid spt unikernel with two devices for the hostile-input
 * tests to break. It checks that its .data holds what the file holds and
 * that its .bss is zero and writable, prints its command line and exits
 * 0. With the argument "tail" it also checks that the rest of the .data
 * page is zero (a mutation makes that page .bss); with "wait" it stays
 * for two seconds, for a look at its mappings. */
#include "solo5.h"

/* Two pages: more than the bindings' own .bss, so the memory-only
 * PT_LOAD spans pages of its own. */
static volatile char bss[8192];
static volatile unsigned long data_word = 0x78756c62616eUL;
/* spt.lds: where .data ends (.tdata is empty here). */
extern volatile char __nablux_tdata_start[];

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static unsigned long len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

int solo5_app_main(const struct solo5_start_info *si)
{
	if (data_word != 0x78756c62616eUL)
		return 3;
	data_word = 0;
	for (unsigned long i = 0; i < sizeof(bss); i++) {
		if (bss[i] != 0)
			return 2;
		bss[i] = 1;
	}
	if (streq(si->cmdline, "tail")) {
		for (volatile char *p = __nablux_tdata_start;
		     (unsigned long)p & 4095; p++)
			if (*p != 0)
				return 4;
	}
	if (streq(si->cmdline, "wait")) {
		solo5_time_t end = solo5_clock_monotonic() + 2000000000ULL;

		while (solo5_clock_monotonic() < end)
			solo5_yield(end, NULL);
	}
	solo5_console_write("fixture cmdline: ", 17);
	solo5_console_write(si->cmdline, len(si->cmdline));
	solo5_console_write("\n", 1);
	return 0;
}
