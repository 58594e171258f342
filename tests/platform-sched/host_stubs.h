/* SPDX-License-Identifier: ISC */
/* host_stubs.h: the host stand-ins for the rest of the platform. */
#ifndef NABLUX_TESTS_SCHED_HOST_STUBS_H
#define NABLUX_TESTS_SCHED_HOST_STUBS_H

/* Pages handed out by plat_pages_alloc and not yet freed. */
extern long host_pages_out;

/* plat_panic() exits with this status. */
#define PANIC_STATUS 3

#endif
