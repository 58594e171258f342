/* SPDX-License-Identifier: ISC */
/*
 * wnox: writable memory is not executable: calling code placed in .data
 * (default), in the heap ("heap") or on the stack ("stack") must fault
 * (SIGSEGV, 139). Under --x-exec-heap, "heap" runs and succeeds.
 */
#include "util.h"

static uint8_t data_code[16] = { 0xc3 };	/* ret */

typedef void (*fn_t)(void);

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("wnox");
	uint8_t stack_code[16] = { 0xc3 };
	uint8_t *code = data_code;

	if (t_streq(si->cmdline, "heap")) {
		code = (uint8_t *)si->heap_start;
		code[0] = 0xc3;
	} else if (t_streq(si->cmdline, "stack")) {
		code = stack_code;
	}
	__asm__ __volatile__("" : : "r"(code) : "memory");
	((fn_t)(uintptr_t)code)();
	t_puts("executed writable memory\nSUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
