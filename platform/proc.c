/* SPDX-License-Identifier: ISC */
/*
 * proc.c: the process-level calls: exit, kill, page size.
 */
#include "io.h"

void plat_exit(int status)
{
	solo5_exit(status & 0xff);
}

int plat_kill(int pid, int sig)
{
	(void)pid;
	if (sig < 0 || sig > 64)
		return -EINVAL;
	/* Signal 0 only asks whether the process exists: it does. */
	if (sig == 0)
		return 0;
	static const char msg[] = "nablux platform: killed by a signal\n";
	solo5_console_write(msg, sizeof msg - 1);
	solo5_abort();
}

int plat_getpagesize(void)
{
	return (int)PLAT_PAGE_SIZE;
}
