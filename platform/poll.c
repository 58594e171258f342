/* SPDX-License-Identifier: ISC */
/*
 * poll.c: Linux poll() over the descriptor table. The console can always
 * be written and never has input, block devices are always ready, net
 * devices are writable and readable when a frame is pending (net.c reads
 * one ahead to find out). When nothing is ready the thread waits in the
 * scheduler for the net handles asked about, or until the timeout.
 */
#include "io.h"

#define POLL_IN (PLAT_POLLIN | PLAT_POLLRDNORM)
#define POLL_OUT (PLAT_POLLOUT | PLAT_POLLWRNORM)
#define POLL_NFDS_MAX 4096	/* nfds past it is -EINVAL, like RLIMIT_NOFILE */

/* What (p) reports now; adds to (*wait) the handle to wait for. */
static short poll_one(const struct plat_pollfd *p, solo5_handle_set_t *wait)
{
	struct fdesc *f = fd_get(p->fd);
	short ev = p->events, rev = 0;

	if (f == NULL)
		return PLAT_POLLNVAL;
	switch (f->kind) {
	case IO_CONSOLE:
		rev = ev & POLL_OUT;
		break;
	case IO_BLOCK:
		rev = ev & (POLL_IN | POLL_OUT);
		break;
	case IO_NET:
		rev = ev & POLL_OUT;
		if (ev & POLL_IN) {
			int r = net_pending(f->dev);
			if (r > 0)
				rev |= ev & POLL_IN;
			else if (r < 0)
				rev |= PLAT_POLLERR;
			else
				*wait |= 1ULL << f->dev->h;
		}
		break;
	default:
		return PLAT_POLLNVAL;
	}
	return rev;
}

int plat_poll(struct plat_pollfd *fds, unsigned nfds, int timeout_ms)
{
	if (nfds > POLL_NFDS_MAX)
		return -EINVAL;
	if (fds == NULL && nfds > 0)
		return -EFAULT;

	uint64_t deadline = time_deadline_ms(timeout_ms);
	for (;;) {
		solo5_handle_set_t wait = 0;
		int n = 0;

		for (unsigned i = 0; i < nfds; i++) {
			fds[i].revents = 0;
			if (fds[i].fd < 0)
				continue;
			fds[i].revents = poll_one(&fds[i], &wait);
			if (fds[i].revents)
				n++;
		}
		if (n > 0 || timeout_ms == 0 ||
		    (deadline != UINT64_MAX &&
		     solo5_clock_monotonic() >= deadline))
			return n;
		/* Nothing to wait for and no deadline waits forever, as
		 * Linux does. */
		(void)sched_wait_handles(wait, deadline);
	}
}
