/* SPDX-License-Identifier: ISC */
/*
 * zeropage: guest memory below the tender's mapping is not there: a NULL
 * read (default), a NULL write ("write") or a read just below 0x10000
 * ("low") must fault (SIGSEGV, 139).
 */
#include "util.h"
#include "spt_abi.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("zeropage");
	volatile uint8_t *p = (volatile uint8_t *)0;

	__asm__("" : "+r"(p));	/* hide the constant from the compiler */

	if (t_streq(si->cmdline, "write"))
		p[8] = 1;
	else if (t_streq(si->cmdline, "low"))
		(void)p[SPT_HOST_MEM_BASE - 1];
	else
		(void)p[0];
	t_puts("FAIL: no fault\n");
	return SOLO5_EXIT_FAILURE;
}
