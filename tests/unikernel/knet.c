/* SPDX-License-Identifier: GPL-2.0 */
/*
 * knet.c: a Linux unikernel on the network. eth0 on the Solo5 net device
 * "tap" gets argv[0] (a.b.c.d/prefix), lo comes up, and a TCP echo server
 * on port 7777 serves argv[1] connections one after the other (default
 * 1); then the kernel halts and the unikernel exits 0. Prints "ready" once
 * it listens. With argv[2] SECONDS, it first spins that long in
 * plat_yield without a system call ("spinning", then "spun"): a thread is
 * always runnable, and frames must still be seen and answered.
 */
#include <stdint.h>

#include "platform.h"
#include "solo5.h"
#include <nablux/nablux.h>
#include <nablux/setup.h>
#include "../../linux/host/platform_host.h"
#include "../../linux/host/platform_dev.h"
#include "ukio.h"

#define NR_read 0
#define NR_write 1
#define NR_close 3
#define NR_socket 41
#define NR_accept 43
#define NR_bind 49
#define NR_listen 50
#define NR_setsockopt 54
#define AF_INET 2
#define SOCK_STREAM 1
#define SOL_SOCKET 1
#define SO_REUSEADDR 2
#define SO_LINGER 13

struct sockaddr_in4 {
	uint16_t family;
	uint16_t port;		/* network byte order */
	uint32_t addr;
	uint8_t zero[8];
};

static char buf[65536];

int plat_main(int argc, char **argv, char **envp)
{
	struct sockaddr_in4 sin = { .family = AF_INET,
				    .port = __builtin_bswap16(7777) };
	static const int linger[2] = { 1, 30 };	/* struct linger */
	long conns = 1, r, s, c, n, total = 0;
	uint32_t addr;
	unsigned prefix;
	int one = 1;

	(void)envp;
	if (argc < 1 || nablux_parse_ipv4(argv[0], &addr, &prefix)) {
		put("usage: knet.spt ADDR/PREFIX [CONNS]\n");
		return 2;
	}
	if (argc > 1) {
		conns = 0;
		for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
			conns = conns * 10 + (*p - '0');
	}
	r = nablux_platform_net_add("tap");
	if (!check("net-add", r == 0, r))
		return 1;
	r = nablux_start_kernel(&nablux_platform_host, "mem=64M quiet");
	if (!check("boot", r == 0, r))
		return 1;
	r = nablux_if_up("lo", 0x7f000001, 8);
	check("lo-up", r == 0, r);
	r = nablux_if_up("eth0", addr, prefix);
	check("eth0-up", r == 0, r);

	s = sc(NR_socket, AF_INET, SOCK_STREAM, 0, 0, 0);
	check("socket", s >= 0, s);
	sc(NR_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, (long)&one, sizeof(one));
	r = sc(NR_bind, s, (long)&sin, sizeof(sin), 0, 0);
	check("bind", r == 0, r);
	r = sc(NR_listen, s, 4, 0, 0, 0);
	if (check("listen", r == 0, r))
		put("ready\n");
	if (argc > 2) {
		uint64_t secs = 0, end;

		for (const char *p = argv[2]; *p >= '0' && *p <= '9'; p++)
			secs = secs * 10 + (uint64_t)(*p - '0');
		put("spinning\n");
		end = solo5_clock_monotonic() + secs * 1000000000ULL;
		while (solo5_clock_monotonic() < end)
			plat_yield();
		put("spun\n");
	}
	for (long i = 0; r == 0 && i < conns; i++) {
		c = sc(NR_accept, s, 0, 0, 0, 0);
		if (!check("accept", c >= 0, c))
			break;
		/* close waits until the peer has every byte echoed (its ACK
		 * of our FIN): the kernel halts after the last one, and what
		 * was still queued would be lost. */
		sc(NR_setsockopt, c, SOL_SOCKET, SO_LINGER, (long)linger,
		   sizeof(linger));
		while ((n = sc(NR_read, c, (long)buf, sizeof(buf), 0, 0)) > 0) {
			for (long w = 0, k; w < n; w += k) {
				k = sc(NR_write, c, (long)buf + w, n - w, 0, 0);
				if (k <= 0) {
					n = k;
					break;
				}
			}
			if (n <= 0)
				break;
			total += n;
		}
		check("echo", n == 0, n);
		sc(NR_close, c, 0, 0, 0, 0);
	}
	put_figure("echoed_bytes", total);
	sc(NR_close, s, 0, 0, 0, 0);
	r = nablux_halt();
	check("halt", r == 0, r);
	if (!uk_failed)
		put("SUCCESS\n");
	return uk_failed;
}
