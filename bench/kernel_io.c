// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_io.c: the library kernel on the posix host against the host
 * kernel, side by side, through the same code: 4 KiB pread from a file in
 * a RAM file system, and TCP over lo between two threads (1-byte round
 * trips, a 256 MiB stream, against bench/linux's TCP server). Prints
 * "NAME LIBRARY NATIVE" lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <nablux/nablux.h>
#include <nablux/setup.h>
#include "../linux/host/posix.h"

#define READS 200000
#define RTTS 20000
#define STREAM (256L << 20)
#define CHUNK (64 * 1024)
#define PORT 7788

/* One system call interface, two kernels: (lib) picks ours. */
static int lib;

static long sc(long nr, long a, long b, long c, long d, long e)
{
	if (lib) {
		long args[6] = { a, b, c, d, e, 0 };
		return nablux_syscall(nr, args);
	}
	long r = syscall(nr, a, b, c, d, e);
	return r < 0 ? -errno : r;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void need(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "kernel_io: %s failed (%s)\n", what,
			lib ? "library" : "native");
		exit(1);
	}
}

/* ns per 4 KiB pread of one page of a 1 MiB file in (dir). */
static double read_4k(const char *dir)
{
	static char buf[4096];
	char path[256];

	snprintf(path, sizeof(path), "%s/kernel_io.dat", dir);
	long fd = sc(SYS_openat, AT_FDCWD, (long)path, O_RDWR | O_CREAT | O_TRUNC,
		     0600, 0);
	need(fd >= 0, "open");
	for (int i = 0; i < 256; i++)
		need(sc(SYS_write, fd, (long)buf, sizeof(buf), 0, 0) == 4096,
		     "write");
	double t0 = now();
	for (int i = 0; i < READS; i++)
		need(sc(SYS_pread64, fd, (long)buf, 4096, (i % 256) * 4096L, 0) ==
		     4096, "pread");
	double t = now() - t0;
	sc(SYS_close, fd, 0, 0, 0, 0);
	sc(SYS_unlinkat, AT_FDCWD, (long)path, 0, 0, 0);
	return t / READS * 1e9;
}

/* The benchmark's TCP server, the same source as in bench/linux, here on
 * whichever kernel (lib) selects. */
static volatile int listening;
#define BS_SYS sc
static void bs_ready(void)
{
	listening = 1;
}
#include "linux/tcp_server.h"

static void *server(void *arg)
{
	(void)arg;
	need(bs_serve(PORT, 2) == 0, "server");
	return NULL;
}

/* A connection to the server in (mode), count as its header says. */
static long connect_mode(char mode, uint64_t count)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(PORT),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	unsigned char hdr[9] = { (unsigned char)mode };
	int one = 1;

	for (int i = 0; i < 8; i++)
		hdr[1 + i] = (unsigned char)(count >> (8 * i));
	long c = sc(SYS_socket, AF_INET, SOCK_STREAM, 0, 0, 0);
	need(c >= 0 && sc(SYS_connect, c, (long)&sin, sizeof(sin), 0, 0) == 0,
	     "connect");
	sc(SYS_setsockopt, c, IPPROTO_TCP, 1 /* TCP_NODELAY */, (long)&one,
	   sizeof(one));
	need(bs_write_full(c, hdr, 9) == 9, "header");
	return c;
}

/* us per 1-byte round trip and MiB/s of a one-way stream. */
static void tcp(double *rtt_us, double *mibs)
{
	static char buf[CHUNK];
	unsigned char le[8];
	pthread_t th;

	listening = 0;
	pthread_create(&th, NULL, server, NULL);
	while (!listening)
		usleep(100);

	long c = connect_mode('R', 0);
	double t0 = now();
	for (int i = 0; i < RTTS; i++) {
		need(bs_write_full(c, buf, 1) == 1, "client write");
		need(bs_read_full(c, buf, 1) == 1, "client read");
	}
	*rtt_us = (now() - t0) / RTTS * 1e6;
	sc(SYS_close, c, 0, 0, 0, 0);

	c = connect_mode('U', STREAM);
	t0 = now();
	for (long sent = 0; sent < STREAM; sent += CHUNK)
		need(bs_write_full(c, buf, CHUNK) == CHUNK, "stream write");
	sc(SYS_shutdown, c, SHUT_WR, 0, 0, 0);
	need(bs_read_full(c, le, 8) == 8, "stream count");
	*mibs = STREAM / 1048576.0 / (now() - t0);
	sc(SYS_close, c, 0, 0, 0, 0);
	pthread_join(th, NULL);
}

int main(void)
{
	double r[2], rtt[2], mibs[2];

	lib = 0;
	r[1] = read_4k("/dev/shm");
	tcp(&rtt[1], &mibs[1]);

	lib = 1;
	need(nablux_start_kernel(&nablux_posix_host, "mem=512M quiet") == 0,
	     "boot");
	need(nablux_if_up("lo", 0x7f000001, 8) == 0, "lo up");
	r[0] = read_4k("/");
	tcp(&rtt[0], &mibs[0]);
	need(nablux_halt() == 0, "halt");

	printf("read_4k_ns %.0f %.0f\n", r[0], r[1]);
	printf("tcp_lo_rtt_us %.1f %.1f\n", rtt[0], rtt[1]);
	printf("tcp_lo_stream_mibs %.0f %.0f\n", mibs[0], mibs[1]);
	return 0;
}
