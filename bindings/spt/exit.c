/* SPDX-License-Identifier: ISC */
/* exit.c: solo5_exit and solo5_abort, with Solo5's messages and codes. */
#include "bindings.h"

void solo5_exit(int status)
{
	log(INFO, "Solo5: solo5_exit(%d) called\n", status);
	sys_exit_group(status & 0xff);
}

void solo5_abort(void)
{
	log(INFO, "Solo5: solo5_abort() called\n");
	sys_exit_group(SOLO5_EXIT_ABORT);
}
