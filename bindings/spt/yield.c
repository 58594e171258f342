/* SPDX-License-Identifier: ISC */
/*
 * yield.c: solo5_yield(deadline, &ready).
 *
 * The tender gives us an epoll set holding every net device's fd (with
 * its handle as data) and a CLOCK_MONOTONIC timerfd (data
 * SPT_INTERNAL_TIMERFD). Solo5 time is CLOCK_MONOTONIC, so the deadline
 * goes into the timerfd as an absolute time and we wait without a
 * timeout; re-arming resets the timerfd, so it never needs to be read (an
 * expired one left readable only shows up as an event we skip).
 *
 * Host calls are what a yield costs: the timerfd is only re-armed for a
 * new deadline (one armed before has fired, or will, at the same time),
 * and a zero deadline -- a poll -- does not look at the clock.
 *
 * A guest that opted in to host signals also finds the tender's signalfd
 * in the set (nablux_spt_abi.h): it ends the wait, as a frame does, but
 * is no handle: hostsig.c takes it from there.
 */
#include "bindings.h"
#include "nablux_spt_abi.h"

static int epollfd = -1, timerfd = -1;
static solo5_time_t armed;	/* the timerfd's deadline; 0: never armed */

void yield_init(const struct spt_boot_info *bi)
{
	epollfd = bi->epollfd;
	timerfd = bi->timerfd;
}

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
	struct sys_epoll_event ev[MFT_MAX_ENTRIES + 2];
	int maxev = (int)mft_net_count() + 2;	/* + timerfd, signalfd */
	solo5_handle_set_t ready = 0;
	bool signal = false;

	/* A deadline already reached needs no timer: poll the devices and
	 * return. Arming a timer in the past would cost a timer interrupt
	 * and a sleep/wake-up round trip on the host (~20 us measured). */
	int timeout = 0;
	if (deadline != 0 &&
	    (deadline == armed || deadline > solo5_clock_monotonic())) {
		if (deadline != armed) {
			struct sys_itimerspec it = {
				.it_interval = { 0, 0 },
				.it_value = { (int64_t)(deadline / NSEC_PER_SEC),
					      (int64_t)(deadline % NSEC_PER_SEC) },
			};
			if (sys_timerfd_settime(timerfd, SYS_TFD_TIMER_ABSTIME,
						&it) != 0)
				bindings_panic("solo5_yield: timerfd_settime failed");
			armed = deadline;
		}
		timeout = -1;
	}

	long n;
	do {
		n = sys_epoll_pwait(epollfd, ev, maxev, timeout);
	} while (n == -SYS_EINTR);
	if (n < 0)
		bindings_panic("solo5_yield: epoll_pwait failed");

	for (long i = 0; i < n; i++) {
		uint64_t d = ev[i].data;
		if (d == SPT_INTERNAL_TIMERFD)
			continue;
		if (d < MFT_MAX_ENTRIES)
			ready |= 1ULL << d;
		else if ((d & NABLUX_SPT_SIGNALFD_TAG_MASK) ==
			 NABLUX_SPT_SIGNALFD_TAG) {
			hostsig_readable(d);
			signal = true;
		}
	}
	/* Only the timer woke us: the deadline has passed on the host's
	 * clock, so it must have on ours too (the TSC clock may lag it by
	 * its drift). */
	if (timeout != 0 && ready == 0 && !signal &&
	    solo5_clock_monotonic() < deadline)
		clock_resync();
	if (ready_set != NULL)
		*ready_set = ready;
}
