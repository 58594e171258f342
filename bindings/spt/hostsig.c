/* SPDX-License-Identifier: ISC */
/*
 * hostsig.c: host signals (include/nablux_spt.h, nablux_spt_abi.h).
 *
 * yield.c tells us when the tender's signalfd is readable; we read it in
 * batches and hand out one signal per call, so that a yield with nothing
 * pending costs no host call here, and a burst of signals one read.
 */
#include "bindings.h"
#include "nablux_spt.h"
#include "nablux_spt_abi.h"

static int sigfd = -1;
static bool readable;		/* seen readable by yield, not yet drained */
static struct nablux_spt_siginfo batch[NABLUX_SPT_SIGNAL_BATCH];
static unsigned batch_n, batch_next;

void hostsig_readable(uint64_t event_data)
{
	sigfd = (int)(uint32_t)event_data;
	readable = true;
}

int nablux_spt_host_signal_pending(void)
{
	return batch_next < batch_n || readable;
}

int nablux_spt_host_signal(void)
{
	if (batch_next == batch_n) {
		long n;

		if (!readable)
			return 0;
		do {
			n = sys_read(sigfd, batch, sizeof(batch));
		} while (n == -SYS_EINTR);
		if (n == -SYS_EAGAIN)
			n = 0;
		if (n < 0 || n % sizeof(batch[0]) != 0)
			bindings_panic("host signals: read of the signalfd failed");
		batch_n = (unsigned)(n / sizeof(batch[0]));
		batch_next = 0;
		/* A short read took every signal pending now; a later one
		 * makes the descriptor readable again for yield. */
		if (batch_n < NABLUX_SPT_SIGNAL_BATCH)
			readable = false;
		if (batch_n == 0)
			return 0;
	}
	return (int)batch[batch_next++].signo;
}
