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
 */
#include "bindings.h"

static int epollfd = -1, timerfd = -1;

void yield_init(const struct spt_boot_info *bi)
{
	epollfd = bi->epollfd;
	timerfd = bi->timerfd;
}

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
	struct sys_epoll_event ev[MFT_MAX_ENTRIES + 1];
	int maxev = (int)mft_net_count() + 1;
	solo5_handle_set_t ready = 0;

	/* A deadline already reached needs no timer: poll the devices and
	 * return. Arming a timer in the past would cost a timer interrupt
	 * and a sleep/wake-up round trip on the host (~20 us measured). */
	int timeout = 0;
	if (deadline > solo5_clock_monotonic()) {
		struct sys_itimerspec it = {
			.it_interval = { 0, 0 },
			.it_value = { (int64_t)(deadline / NSEC_PER_SEC),
				      (int64_t)(deadline % NSEC_PER_SEC) },
		};
		if (sys_timerfd_settime(timerfd, SYS_TFD_TIMER_ABSTIME, &it) != 0)
			bindings_panic("solo5_yield: timerfd_settime failed");
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
	}
	if (ready_set != NULL)
		*ready_set = ready;
}
