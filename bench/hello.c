/* SPDX-License-Identifier: ISC */
/* hello.c: the smallest unikernel, for boot-to-exit time. */
#include "guest_util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	put("Hello, World\n");
	return 0;
}
