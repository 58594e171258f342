/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp_client: the TCP benchmark client (protocol in tcp_server.h), the
 * same against the unikernel's server and the native one.
 *   tcp_client ADDR PORT rr N      1-byte ping-pong, 1000 warm-up round
 *                                  trips then N timed ones:
 *                                  "rr_median_us X rr_p99_us Y rr_mean_us Z"
 *   tcp_client ADDR PORT up MIB    MIB MiB to the server, timed from the
 *                                  first byte to the server's count:
 *                                  "up_MiBps X"
 *   tcp_client ADDR PORT down MIB  MIB MiB from the server: "down_MiBps X"
 * TCP_NODELAY on; 256 KiB writes and reads.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void write_full(int fd, const void *p, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, p, n);

		if (r <= 0)
			die("write");
		p = (const char *)p + r;
		n -= (size_t)r;
	}
}

static void read_full(int fd, void *p, size_t n)
{
	while (n > 0) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			die(r == 0 ? "read: early EOF" : "read");
		p = (char *)p + r;
		n -= (size_t)r;
	}
}

static char buf[256 * 1024];

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	unsigned char hdr[9];
	int one = 1, s;
	long n;

	if (argc != 5) {
		fprintf(stderr, "usage: tcp_client ADDR PORT rr N | up MIB | down MIB\n");
		return 2;
	}
	sin.sin_port = htons((uint16_t)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1)
		return 2;
	n = atol(argv[4]);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* The server may still be coming up: retry for 5 s. */
	for (int i = 0; connect(s, (struct sockaddr *)&sin, sizeof(sin)); i++) {
		if (i == 500)
			die("connect");
		close(s);
		usleep(10000);
		s = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	}
	uint64_t count = !strcmp(argv[3], "down") ? (uint64_t)n << 20 : 0;
	hdr[0] = !strcmp(argv[3], "rr") ? 'R' : !strcmp(argv[3], "up") ? 'U' : 'D';
	for (int i = 0; i < 8; i++)
		hdr[1 + i] = (unsigned char)(count >> (8 * i));
	write_full(s, hdr, 9);
	if (hdr[0] == 'R') {
		double *t = calloc((size_t)n, sizeof(double)), sum = 0;
		char c = 'x';

		for (long i = 0; i < 1000 + n; i++) {
			double t0 = now_ns();

			write_full(s, &c, 1);
			read_full(s, &c, 1);
			if (i >= 1000)
				sum += t[i - 1000] = (now_ns() - t0) / 1e3;
		}
		qsort(t, (size_t)n, sizeof(double), cmp);
		printf("rr_median_us %.1f rr_p99_us %.1f rr_mean_us %.1f\n",
		       t[(n - 1) / 2], t[n * 99 / 100], sum / n);
	} else if (hdr[0] == 'U') {
		uint64_t total = (uint64_t)n << 20, got = 0;
		unsigned char le[8];
		double t0 = now_ns();

		memset(buf, 0x5a, sizeof(buf));
		for (uint64_t sent = 0; sent < total; sent += sizeof(buf))
			write_full(s, buf, sizeof(buf));
		shutdown(s, SHUT_WR);
		read_full(s, le, 8);
		double dt = now_ns() - t0;
		for (int i = 0; i < 8; i++)
			got |= (uint64_t)le[i] << (8 * i);
		if (got != total) {
			fprintf(stderr, "server read %llu of %llu bytes\n",
				(unsigned long long)got, (unsigned long long)total);
			return 1;
		}
		printf("up_MiBps %.1f\n", (double)total / (1 << 20) / (dt / 1e9));
	} else {
		uint64_t got = 0;
		ssize_t r;
		double t0 = now_ns();

		while ((r = read(s, buf, sizeof(buf))) > 0)
			got += (uint64_t)r;
		double dt = now_ns() - t0;
		if (r < 0 || got != count) {
			fprintf(stderr, "read %llu of %llu bytes\n",
				(unsigned long long)got, (unsigned long long)count);
			return 1;
		}
		printf("down_MiBps %.1f\n", (double)count / (1 << 20) / (dt / 1e9));
	}
	close(s);
	return 0;
}
