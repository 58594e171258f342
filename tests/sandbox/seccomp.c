/* SPDX-License-Identifier: ISC */
/*
 * seccomp: a host system call outside the spt allowlist kills the guest
 * (SIGSYS, 159): getpid (default), or write to fd 2 ("write2": write is
 * only allowed on fd 1 and net fds).
 */
#include "util.h"

static long raw_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b), "d"(c)
			     : "rcx", "r11", "memory");
	return ret;
}

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("seccomp");
	if (t_streq(si->cmdline, "write2"))
		raw_syscall3(1 /* write */, 2, (long)"stderr\n", 7);
	else
		raw_syscall3(39 /* getpid */, 0, 0, 0);
	t_puts("FAIL: system call was allowed\n");
	return SOLO5_EXIT_FAILURE;
}
