/* SPDX-License-Identifier: ISC */
/*
 * internal.h: how the platform's parts call each other (not a public
 * contract; the layer's contract is platform.h).
 *   start.c   solo5_app_main: mem_init, sched_init, random_init, argv/env,
 *             plat_main, plat_exit
 *   pages.c   the page allocator            (mem_*)
 *   mmap.c    anonymous memory, brk         (plat_mmap & co.)
 *   sched.c   green threads, idle, net waits (sched_*, plat_thread_* ...)
 *   fd.c ...  descriptors, devices, poll, time, random
 */
#ifndef NABLUX_PLATFORM_INTERNAL_H
#define NABLUX_PLATFORM_INTERNAL_H

#include "platform.h"
#include "solo5.h"

/* Hand the Solo5 heap to the page allocator. Called once, first. */
void mem_init(uintptr_t heap_start, size_t heap_size);

/* Make the running context the main thread (allocating and installing
 * its TLS block). Called once, after mem_init. */
void sched_init(void);

/* Block the current thread until one of the net handles in (set) has
 * input (as solo5_yield reports it) or monotonic time reaches deadline
 * (UINT64_MAX: none). Returns the ready subset of (set), 0 on timeout.
 * Other threads run meanwhile; when none can, the scheduler sleeps in
 * solo5_yield() until the earliest deadline of any thread. */
solo5_handle_set_t sched_wait_handles(solo5_handle_set_t set,
				      uint64_t deadline);

/* Wake the threads in sched_wait_handles() on any handle of (set), and
 * call the notifications armed on them: a frame was read ahead (net.c),
 * so the host will not report it again. */
void sched_wake_handles(solo5_handle_set_t set);

/* plat_net_notify() on net handle (h). */
void sched_net_notify(solo5_handle_t h, void (*fn)(void *), void *arg);

/* (t) does not keep the unikernel alive: when every other thread has
 * exited, the platform exits with status 0 as if it had too. */
void sched_daemon(plat_thread_t *t);

/* Called after every solo5_yield(): take the host signals it saw and
 * hand them on (hostsig.c). */
void hostsig_poll(void);
/* A host signal may wake a blocked thread (a handler is registered), so
 * all threads waiting without a deadline is no deadlock. */
bool hostsig_can_wake(void);

/* Frames are pending on the net handles in (set) and no thread waits for
 * them: take one into each device's read-ahead buffer, or drop it when
 * that is full (as a NIC with a full ring does), so that the host stops
 * reporting them and the idle loop does not spin. */
void net_absorb(solo5_handle_set_t set);

/* The time-stamp counter: cheap, for heuristics and entropy (not a
 * clock: solo5_clock_monotonic is one). */
static inline uint64_t plat_tsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Yield from a preempted thread (preempt.c): what came due meanwhile
 * runs first. */
void sched_preempted(void);

/* Size the FPU state that preemption keeps. Called once at start-up. */
void preempt_init(void);
/* The current thread runs application code (plat_app_code(1)). */
bool preempt_user(void);

/* Seed the CSPRNG. Called once at start-up. */
void random_init(void);

/* Fatal internal error: message on the console, then solo5_abort(). */
void plat_panic(const char *msg) __attribute__((noreturn));

/* Freestanding helpers (the platform has no libc). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif /* NABLUX_PLATFORM_INTERNAL_H */
