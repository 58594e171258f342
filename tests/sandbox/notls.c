/* SPDX-License-Identifier: ISC */
/*
 * notls: touching a __thread variable before any TLS is set up must
 * fault (the bindings set the TLS base to 0), not reach tender memory.
 */
#include "util.h"

__thread volatile long tvar = 1;

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_banner("notls");
	tvar = 2;
	t_puts("FAIL: TLS write did not fault\n");
	return SOLO5_EXIT_FAILURE;
}
