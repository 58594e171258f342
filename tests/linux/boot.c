// SPDX-License-Identifier: GPL-2.0
/* Boots the kernel, makes a few system calls, halts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <nablux/nablux.h>
#include "../../linux/host/posix.h"

int main(int argc, char **argv)
{
	long args[6] = { 0 };
	int err;

	err = nablux_start_kernel(&nablux_posix_host,
				  argc > 1 ? argv[1] : "mem=32M");
	printf("start: %d\n", err);
	if (err)
		return 1;
	printf("getpid: %ld\n", nablux_syscall(SYS_getpid, args));
	printf("getppid: %ld\n", nablux_syscall(SYS_getppid, args));
	printf("halt: %ld\n", nablux_halt());
	return 0;
}
