/* SPDX-License-Identifier: ISC */
/*
 * host_stubs.c: the scheduler and page-allocator calls the I/O part of
 * the platform uses, reduced to one thread on the host stand-in, so
 * fd/block/net/poll/time/random are unit-tested on their own.
 */
#include <stdlib.h>
#include "internal.h"

solo5_handle_set_t sched_wait_handles(solo5_handle_set_t set,
				      uint64_t deadline)
{
	solo5_handle_set_t ready = 0;

	solo5_yield(deadline, &ready);
	return ready & set;
}

void plat_sleep_until(uint64_t deadline)
{
	while (solo5_clock_monotonic() < deadline)
		solo5_yield(deadline, NULL);
}

void *plat_pages_alloc(size_t npages)
{
	return aligned_alloc(PLAT_PAGE_SIZE, npages * PLAT_PAGE_SIZE);
}

void plat_pages_free(void *p, size_t npages)
{
	(void)npages;
	free(p);
}

/* One thread: nobody else can be waiting on a handle. Notifications are
 * recorded, and "called" by the wake-up a read-ahead makes. */
void (*stub_notify_fn)(void *);
void *stub_notify_arg;
solo5_handle_t stub_notify_h;

void sched_net_notify(solo5_handle_t h, void (*fn)(void *), void *arg)
{
	stub_notify_h = h;
	stub_notify_fn = fn;
	stub_notify_arg = arg;
}

void sched_wake_handles(solo5_handle_set_t set)
{
	void (*fn)(void *) = stub_notify_fn;

	if (fn != NULL && (set & 1ULL << stub_notify_h)) {
		stub_notify_fn = NULL;
		fn(stub_notify_arg);
	}
}
