/* SPDX-License-Identifier: ISC */
/*
 * panic.c: fatal internal errors. Kept apart from lib.c so host tests can
 * link it without replacing libc's memcpy & co.
 */
#include "internal.h"

void plat_panic(const char *msg)
{
	static const char pre[] = "nablux platform: panic: ";

	solo5_console_write(pre, sizeof pre - 1);
	solo5_console_write(msg, strlen(msg));
	solo5_console_write("\n", 1);
	solo5_abort();
}
