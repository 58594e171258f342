/* SPDX-License-Identifier: ISC */
/*
 * seccomp: a host system call outside the spt allowlist kills the guest
 * (SIGSYS, 159): getpid (default), or write to fd 2 ("write2": write is
 * only allowed on fd 1 and net fds). "read FD SIZE" reads straight from
 * the host: this guest opts in to host signals (nablux_spt.h), whose
 * signalfd it may read with SIZE 1024 only (it prints the result, -11
 * when no signal is pending). "sigreturn": rt_sigreturn, allowed only to
 * a guest that opts in to preemption, which this one does not.
 */
#include "util.h"
#include "nablux_spt.h"

NABLUX_SPT_OPT_IN_HOST_SIGNALS;

static long raw_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b), "d"(c)
			     : "rcx", "r11", "memory");
	return ret;
}

static char buf[4096];

int solo5_app_main(const struct solo5_start_info *si)
{
	const char *s = si->cmdline;

	t_banner("seccomp");
	if (t_streq(s, "write2")) {
		raw_syscall3(1 /* write */, 2, (long)"stderr\n", 7);
	} else if (t_streq(s, "sigreturn")) {
		raw_syscall3(15 /* rt_sigreturn */, 0, 0, 0);
	} else if (s[0] == 'r' && s[1] == 'e' && s[2] == 'a' && s[3] == 'd' &&
		   s[4] == ' ') {
		uint64_t fd = t_atou(s + 5, &s);
		uint64_t size = t_atou(s + 1, NULL);
		long r = raw_syscall3(0 /* read */, (long)fd, (long)buf,
				      (long)size);
		t_puts("read = ");
		if (r < 0) {
			t_puts("-");
			r = -r;
		}
		t_putu((uint64_t)r);
		t_puts("\n");
		return SOLO5_EXIT_SUCCESS;
	} else {
		raw_syscall3(39 /* getpid */, 0, 0, 0);
	}
	t_puts("FAIL: system call was allowed\n");
	return SOLO5_EXIT_FAILURE;
}
