/* SPDX-License-Identifier: ISC */
/* hello_native.c: the native baseline for boot-to-exit (static binary). */
#include <unistd.h>

int main(void)
{
	return write(1, "Hello, World\n", 13) == 13 ? 0 : 1;
}
