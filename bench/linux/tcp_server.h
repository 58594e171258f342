/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp_server.h: the TCP benchmark server, one source for both sides of
 * the comparison: compiled into the unikernel (system calls through
 * nablux_syscall) and natively (through libc's syscall()). The includer
 * defines BS_SYS(nr, a, b, c, d, e), returning the result or -errno, and
 * bs_ready(), called once the server listens.
 *
 * Protocol: the client connects and sends a 9-byte header, a mode letter
 * and a little-endian 64-bit count:
 *   'R'  round trips: the server echoes whatever it reads, until EOF
 *   'U'  upload: the server reads and discards until EOF, then answers
 *        with the 8-byte count of what it read
 *   'D'  download: the server writes count bytes, then closes
 * Connections are served one after the other, conns of them (0: forever).
 */
#ifndef BENCH_TCP_SERVER_H
#define BENCH_TCP_SERVER_H

#include <stdint.h>

#define BS_NR_read 0
#define BS_NR_write 1
#define BS_NR_close 3
#define BS_NR_socket 41
#define BS_NR_accept 43
#define BS_NR_shutdown 48
#define BS_NR_bind 49
#define BS_NR_listen 50
#define BS_NR_setsockopt 54
#define BS_AF_INET 2
#define BS_SOCK_STREAM 1
#define BS_SOL_SOCKET 1
#define BS_SO_REUSEADDR 2
#define BS_IPPROTO_TCP 6
#define BS_TCP_NODELAY 1
#define BS_SHUT_WR 1

struct bs_sockaddr_in {
	uint16_t family;
	uint16_t port;		/* network byte order */
	uint32_t addr;
	uint8_t zero[8];
};

static char bs_buf[256 * 1024];

static long bs_read_full(long fd, void *p, long n)
{
	long got = 0, r;

	while (got < n) {
		r = BS_SYS(BS_NR_read, fd, (long)p + got, n - got, 0, 0);
		if (r <= 0)
			return r < 0 ? r : got;
		got += r;
	}
	return got;
}

static long bs_write_full(long fd, const void *p, long n)
{
	long done = 0, r;

	while (done < n) {
		r = BS_SYS(BS_NR_write, fd, (long)p + done, n - done, 0, 0);
		if (r <= 0)
			return r < 0 ? r : -5;	/* -EIO */
		done += r;
	}
	return done;
}

/* One connection; 0 or -errno. */
static long bs_conn(long c)
{
	unsigned char hdr[9];
	uint64_t count = 0;
	long r;

	if ((r = bs_read_full(c, hdr, 9)) != 9)
		return r < 0 ? r : -22;
	for (int i = 0; i < 8; i++)
		count |= (uint64_t)hdr[1 + i] << (8 * i);
	switch (hdr[0]) {
	case 'R':
		while ((r = BS_SYS(BS_NR_read, c, (long)bs_buf, sizeof(bs_buf), 0, 0)) > 0)
			if ((r = bs_write_full(c, bs_buf, r)) < 0)
				return r;
		return r;
	case 'U': {
		uint64_t total = 0;
		unsigned char le[8];

		while ((r = BS_SYS(BS_NR_read, c, (long)bs_buf, sizeof(bs_buf), 0, 0)) > 0)
			total += (uint64_t)r;
		if (r < 0)
			return r;
		for (int i = 0; i < 8; i++)
			le[i] = (unsigned char)(total >> (8 * i));
		return bs_write_full(c, le, 8) == 8 ? 0 : -5;
	}
	case 'D':
		while (count > 0) {
			long n = count < sizeof(bs_buf) ? (long)count : (long)sizeof(bs_buf);

			if ((r = bs_write_full(c, bs_buf, n)) < 0)
				return r;
			count -= (uint64_t)n;
		}
		BS_SYS(BS_NR_shutdown, c, BS_SHUT_WR, 0, 0, 0);
		/* Wait for the client's close, so no data is reset away. */
		while ((r = BS_SYS(BS_NR_read, c, (long)bs_buf, sizeof(bs_buf), 0, 0)) > 0)
			;
		return 0;
	default:
		return -22;
	}
}

/* Serves conns connections (0: forever) on port; 0 or -errno. */
static long bs_serve(unsigned port, long conns)
{
	struct bs_sockaddr_in sin = { .family = BS_AF_INET,
				      .port = (uint16_t)(port << 8 | port >> 8) };
	int one = 1;
	long s, c, r;

	s = BS_SYS(BS_NR_socket, BS_AF_INET, BS_SOCK_STREAM, 0, 0, 0);
	if (s < 0)
		return s;
	BS_SYS(BS_NR_setsockopt, s, BS_SOL_SOCKET, BS_SO_REUSEADDR, (long)&one,
	       sizeof(one));
	if ((r = BS_SYS(BS_NR_bind, s, (long)&sin, sizeof(sin), 0, 0)) < 0 ||
	    (r = BS_SYS(BS_NR_listen, s, 8, 0, 0, 0)) < 0)
		return r;
	bs_ready();
	for (long i = 0; conns == 0 || i < conns; i++) {
		c = BS_SYS(BS_NR_accept, s, 0, 0, 0, 0);
		if (c < 0)
			return c;
		BS_SYS(BS_NR_setsockopt, c, BS_IPPROTO_TCP, BS_TCP_NODELAY, (long)&one,
		       sizeof(one));
		r = bs_conn(c);
		BS_SYS(BS_NR_close, c, 0, 0, 0, 0);
		if (r < 0)
			return r;
	}
	BS_SYS(BS_NR_close, s, 0, 0, 0, 0);
	return 0;
}

#endif
