/* SPDX-License-Identifier: ISC */
/*
 * ssp: overrun a stack buffer; the canary check must abort (255) with
 * the bindings' "Stack corruption detected" message. Before that, the
 * canary must have been randomised at start of day.
 */
#include "util.h"

static const char *volatile source =
	"1234567890123456789012345678901234567890123456789012345678901234";

__attribute__((noinline)) static void smash(void)
{
	char buffer[16];
	const char *s = source;
	char *d = buffer;

	/* An unbounded copy the compiler cannot see through. */
	while ((*d++ = *s++) != '\0')
		;
	t_puts(buffer);
	t_puts("\n");
}

extern uintptr_t __stack_chk_guard;

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_banner("ssp");
	/* _start replaced the bindings' placeholder with a random canary
	 * whose low byte is zero. */
	T_CHECK(__stack_chk_guard != 0x00deadbeef0d0a00UL);
	T_CHECK((__stack_chk_guard & 0xff) == 0 && __stack_chk_guard != 0);
	smash();
	t_puts("FAIL: stack smash not detected\n");
	return SOLO5_EXIT_FAILURE;
}
