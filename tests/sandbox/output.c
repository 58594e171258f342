/* SPDX-License-Identifier: ISC */
/*
 * output: solo5_console_write with empty, tiny and large buffers, and
 * many small writes; run.sh counts what arrives.
 */
#include "util.h"

static char big[65536];

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_banner("output");
	solo5_console_write("", 0);
	solo5_console_write("ignored", 0);
	solo5_console_write("<", 1);
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = 'x';
	solo5_console_write(big, sizeof big);
	solo5_console_write(">\n", 2);
	for (unsigned i = 1; i <= 100; i++) {
		t_puts("line ");
		t_putu(i);
		t_puts("\n");
	}
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
