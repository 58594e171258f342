/* SPDX-License-Identifier: ISC */
/* console.c: solo5_console_write, straight to the tender's stdout. */
#include "bindings.h"

void solo5_console_write(const char *buf, size_t size)
{
	/* Best effort by contract: a short or failed write is dropped. */
	(void)sys_write(SYS_STDOUT, buf, size);
}
