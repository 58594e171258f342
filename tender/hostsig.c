/* SPDX-License-Identifier: ISC */
/*
 * hostsig.c: the host-signal extension (include/nablux_spt_abi.h), for a
 * guest whose "nablux" note asks for it. The signals with which a runtime
 * or a terminal stops or pokes a process wait in a signalfd in the
 * guest's epoll set instead of ending the tender; the guest may read that
 * descriptor with one size, and do nothing else with it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>

#include "nablux_spt_abi.h"
#include "spt.h"

_Static_assert(sizeof(struct nablux_spt_siginfo) ==
	       sizeof(struct signalfd_siginfo), "signalfd_siginfo size");

static const int host_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGWINCH,
};

void hostsig_setup(struct spt *spt)
{
	sigset_t set;
	int n = 0;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(host_signals) / sizeof(host_signals[0]);
	     i++) {
		struct sigaction sa;

		/* Left ignored by whoever started us (nohup, a background
		 * job): it stays ignored, as it would without the guest. */
		if (sigaction(host_signals[i], NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN)
			continue;
		sigaddset(&set, host_signals[i]);
		n++;
	}
	if (n == 0)
		return;
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		die("host signals: sigprocmask: %s", strerror(errno));
	int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		die("host signals: signalfd: %s", strerror(errno));
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.u64 = NABLUX_SPT_SIGNALFD_EVENT(fd) };
	if (epoll_ctl(spt->epollfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		die("host signals: epoll_ctl: %s", strerror(errno));
	/* read is already allowed on taps: one more rule, no new call. */
	uint64_t size = NABLUX_SPT_SIGNAL_READ;
	seccomp_check(seccomp_rule_add(spt->sc_ctx, SCMP_ACT_ALLOW,
				       SCMP_SYS(read), 2,
				       SCMP_A0(SCMP_CMP_EQ, (unsigned)fd),
				       SCMP_A2(SCMP_CMP_EQ, size)),
		      "read(signalfd)");
}
