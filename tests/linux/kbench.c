// SPDX-License-Identifier: GPL-2.0
/*
 * One boot of the library kernel on the posix host, measured: prints
 * "boot_ns N lib_getppid_ns N native_getppid_ns N" for bench.sh.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <nablux/nablux.h>
#include "../../linux/host/posix.h"

#define ROUNDS 1000000

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(void)
{
	long args[6] = { 0 };
	unsigned long long t0, boot, lib, native;
	int i;

	t0 = now_ns();
	if (nablux_start_kernel(&nablux_posix_host, "mem=32M quiet"))
		return 1;
	boot = now_ns() - t0;

	nablux_syscall(SYS_getppid, args);
	t0 = now_ns();
	for (i = 0; i < ROUNDS; i++)
		nablux_syscall(SYS_getppid, args);
	lib = now_ns() - t0;

	t0 = now_ns();
	for (i = 0; i < ROUNDS; i++)
		syscall(SYS_getppid);
	native = now_ns() - t0;

	if (nablux_halt())
		return 1;
	printf("boot_ns %llu lib_getppid_ns %.1f native_getppid_ns %.1f\n",
	       boot, (double)lib / ROUNDS, (double)native / ROUNDS);
	return 0;
}
