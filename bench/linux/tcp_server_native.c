/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp_server_native: the TCP benchmark server (tcp_server.h) as an
 * ordinary Linux process, the same code the unikernel runs.
 *   tcp_server_native PORT CONNS     prints "ready" once it listens
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bs_sys(long nr, long a, long b, long c, long d, long e)
{
	long r = syscall(nr, a, b, c, d, e);

	return r == -1 ? -errno : r;
}
#define BS_SYS bs_sys

static void bs_ready(void)
{
	printf("ready\n");
	fflush(stdout);
}

#include "tcp_server.h"

int main(int argc, char **argv)
{
	long r;

	if (argc != 3) {
		fprintf(stderr, "usage: tcp_server_native PORT CONNS\n");
		return 2;
	}
	r = bs_serve((unsigned)atoi(argv[1]), atol(argv[2]));
	if (r < 0)
		fprintf(stderr, "tcp_server_native: errno %ld\n", -r);
	return r < 0;
}
