/* SPDX-License-Identifier: ISC */
/*
 * ssp.c: the stack protector's guard and failure handler.
 *
 * Guests are built with -mstack-protector-guard=global: the canary lives
 * in __stack_chk_guard rather than at %fs:0x28, because the TLS base is 0
 * (or the application's own block) and must not hold our canary. start.c
 * replaces this recognisable placeholder with a random value before any
 * protected function runs.
 */
#include "bindings.h"

uintptr_t __stack_chk_guard = 0x00deadbeef0d0a00UL;

void __stack_chk_fail(void) __attribute__((noreturn));

/* The stack is corrupt: say so with as little stack as possible, and go. */
void __stack_chk_fail(void)
{
	static const char msg[] = "Solo5: ABORT: Stack corruption detected\n";

	(void)sys_write(SYS_STDOUT, msg, sizeof msg - 1);
	sys_exit_group(SOLO5_EXIT_ABORT);
}
