/* SPDX-License-Identifier: MIT */
/*
 * nablux: the unikernel's lower layers (bindings, platform) own the global
 * __stack_chk_guard and __stack_chk_fail, and their threads are running
 * with that guard when libc starts, so it must not change. Programs use
 * the per-thread canary at %fs:0x28 (gcc's default): seed that one from
 * AT_RANDOM, as musl does.
 */
#include <string.h>
#include <stdint.h>
#include "pthread_impl.h"

void __init_ssp(void *entropy)
{
	uintptr_t canary;

	if (entropy)
		memcpy(&canary, entropy, sizeof(canary));
	else
		canary = (uintptr_t)&canary * 1103515245;
	/* A NUL in the second byte stops string overflows reading or
	 * writing through it. */
	((char *)&canary)[1] = 0;
	__pthread_self()->canary = canary;
}
