/* SPDX-License-Identifier: MIT */
/*
 * libc/'s contract: what musl's patched entry points (libc/overlay) call,
 * and what the C start-up gives a program. All of it is in the dispatch
 * (dispatch.c) and the start-up (start.c).
 */
#ifndef NABLUX_LIBC_H
#define NABLUX_LIBC_H

#include <stddef.h>

/* Every system call: x86_64 number and arguments; the result or -errno. */
long __nablux_syscall(long n, long a1, long a2, long a3, long a4, long a5,
		      long a6);

/* musl's __set_thread_area, __clone, __unmapself and __restore_rt. */
int __nablux_set_thread_area(void *tp);
int __nablux_clone(int (*fn)(void *), void *stack, int flags, void *arg,
		   int *ptid, void *tls, int *ctid);
void __nablux_unmapself(void *base, size_t size) __attribute__((noreturn));
void __nablux_sigreturn(void *frame) __attribute__((noreturn));

/* musl's vfork (exec.c): returns twice, as the system call does. */
long __nablux_vfork(void) __attribute__((returns_twice));

/* The dispatch's part in preemption (plat_app_code): start-up calls it
 * once, before the program's first instruction. */
void __nablux_preempt_init(void);

/* A refusal explained on the console the first time only (*said). */
void __nablux_say_once(int *said, const char *msg);

#endif /* NABLUX_LIBC_H */
