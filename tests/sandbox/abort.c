/* SPDX-License-Identifier: ISC */
/* abort: solo5_abort() exits 255 and says so. */
#include "util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_banner("abort");
	solo5_abort();
}
