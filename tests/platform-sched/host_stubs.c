/* SPDX-License-Identifier: ISC */
/*
 * host_stubs.c: what sched.c needs from the rest of the platform, on the
 * host: pages from the C library (so ASan sees every stack and struct as
 * its own allocation, and a counter catches leaks), plat_panic and
 * plat_exit.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "host_stubs.h"

long host_pages_out;

void *plat_pages_alloc(size_t npages)
{
	void *p = aligned_alloc(PLAT_PAGE_SIZE, npages * PLAT_PAGE_SIZE);

	if (p != NULL)
		host_pages_out += (long)npages;
	return p;
}

void plat_pages_free(void *p, size_t npages)
{
	host_pages_out -= (long)npages;
	free(p);
}

void plat_panic(const char *msg)
{
	fprintf(stderr, "plat_panic: %s\n", msg);
	fflush(NULL);
	_exit(PANIC_STATUS);
}

void plat_exit(int status)
{
	fflush(NULL);
	exit(status);
}

/* The scheduler alone has no devices: nothing to read ahead. */
void net_absorb(solo5_handle_set_t set)
{
	(void)set;
}

/* No tender diverts host threads: never in preemptible code. */
bool preempt_user(void)
{
	return false;
}
