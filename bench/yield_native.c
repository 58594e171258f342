/* SPDX-License-Identifier: ISC */
/*
 * yield_native.c: the native baseline for bench_yield: the same 100 us
 * sleep on an absolute CLOCK_MONOTONIC timerfd waited for with
 * epoll_pwait, as a plain process.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>

#define SLEEPS 200

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	unsigned long long over[SLEEPS];
	int ep = epoll_create1(0);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	struct epoll_event ev = { .events = EPOLLIN };

	if (ep < 0 || tfd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev) < 0)
		return 1;
	for (int i = 0; i < SLEEPS; i++) {
		unsigned long long start = now_ns(), dl = start + 100000;
		struct itimerspec it = { .it_value = { dl / 1000000000ULL,
						       dl % 1000000000ULL } };
		timerfd_settime(tfd, TFD_TIMER_ABSTIME, &it, NULL);
		epoll_pwait(ep, &ev, 1, -1, NULL);
		over[i] = now_ns() - dl;
	}
	qsort(over, SLEEPS, sizeof(over[0]), cmp);
	printf("sleep100us_overshoot_median_ns %llu\n", over[SLEEPS / 2]);
	printf("sleep100us_overshoot_p99_ns %llu\n", over[SLEEPS * 99 / 100]);
	return 0;
}
