/* SPDX-License-Identifier: ISC */
/*
 * net.c: network test unikernel, an ARP and ICMP echo responder.
 *
 * For each of the interfaces named on the command line it acquires the
 * Solo5 net device, answers ARP requests for its address and ICMP echo
 * requests sent to it, and exits 0 once every interface has answered
 * `count' pings, or 1 after `timeout' seconds.
 *
 * Command line:
 *   service0=IP [service1=IP]   interfaces (manifest names) and addresses
 *   count=N                     pings to answer on each interface (3)
 *   timeout=S                   give up after S seconds (20)
 *   minsize=N                   also require, on each interface, one echo
 *                               request with at least N bytes of ICMP data
 *                               (e.g. 8000 with MTU 9000)
 * Prints "serving" lines when ready, then SUCCESS or FAILURE: <why>.
 *
 * Built with NET_VNET (net_vnet.spt), it asks for net offload
 * (include/nablux_spt.h): where the tender grants it, each frame has a
 * virtio_net_hdr first (skipped on input, zero on output), and the
 * "serving" line says "hdr N" (0: plain frames).
 */
#include "tlib.h"
#ifdef NET_VNET
#include "nablux_spt.h"
#include "nablux_spt_abi.h"
NABLUX_SPT_OPT_IN_NET_OFFLOAD;
#endif

#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define MAX_IFS 2
#define MAX_FRAME (65535U + SOLO5_NET_HLEN)
#define HDR_ROOM 64		/* before each frame: room for a header */

struct iface {
	const char *name;
	uint8_t ip[4];
	solo5_handle_t h;
	struct solo5_net_info info;
	size_t hdr;			/* offload header, or 0 */
	uint64_t pings, arps, dropped, big;
};

static struct iface ifs[MAX_IFS];
static int nifs;
static uint8_t frame[HDR_ROOM + MAX_FRAME + 64] __attribute__((aligned(16)));
static uint64_t minsize;

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* RFC 1071 ones'-complement sum, returned folded and complemented. */
static uint16_t inet_csum(const uint8_t *p, size_t len)
{
	uint64_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += get16(p);
	if (len)
		sum += (uint64_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* (buf) has HDR_ROOM bytes before it, for the header when there is one. */
static void send_frame(struct iface *f, uint8_t *buf, size_t len)
{
	memset(buf - f->hdr, 0, f->hdr);
	solo5_result_t r = solo5_net_write(f->h, buf - f->hdr, len + f->hdr);

	if (r != SOLO5_R_OK)
		t_die("%s: write of %lu bytes gave %s", f->name,
		      (uint64_t)len, t_result_name(r));
}

/* An ARP request for our address becomes a reply, in place. */
static bool handle_arp(struct iface *f, uint8_t *b, size_t len)
{
	uint8_t *a = b + SOLO5_NET_HLEN;

	if (len < SOLO5_NET_HLEN + 28)
		return false;
	if (get16(a) != 1 || get16(a + 2) != ETH_IP || a[4] != 6 ||
	    a[5] != 4 || get16(a + 6) != 1)
		return false;
	if (memcmp(a + 24, f->ip, 4) != 0)
		return false;

	memcpy(b, a + 8, 6);			/* to the asker's MAC */
	memcpy(b + 6, f->info.mac_address, 6);
	put16(a + 6, 2);			/* reply */
	memcpy(a + 18, a + 8, 10);		/* target = sender MAC+IP */
	memcpy(a + 8, f->info.mac_address, 6);	/* sender = us */
	memcpy(a + 14, f->ip, 4);
	send_frame(f, b, SOLO5_NET_HLEN + 28);
	f->arps++;
	return true;
}

/* An ICMP echo request to our address becomes a reply, in place. */
static bool handle_ip(struct iface *f, uint8_t *b, size_t len)
{
	uint8_t *ip = b + SOLO5_NET_HLEN;
	size_t avail = len - SOLO5_NET_HLEN;

	if (avail < 20 || (ip[0] >> 4) != 4)
		return false;
	size_t ihl = (size_t)(ip[0] & 0xf) * 4;
	size_t total = get16(ip + 2);
	if (ihl < 20 || total < ihl + 8 || total > avail)
		return false;
	if (inet_csum(ip, ihl) != 0)
		return false;			/* bad header checksum */
	if ((get16(ip + 6) & 0x3fff) != 0)
		return false;			/* a fragment */
	if (ip[9] != 1 || memcmp(ip + 16, f->ip, 4) != 0)
		return false;			/* not ICMP to us */

	uint8_t *icmp = ip + ihl;
	size_t icmp_len = total - ihl;
	if (icmp[0] != 8 || icmp[1] != 0)
		return false;			/* not an echo request */
	if (inet_csum(icmp, icmp_len) != 0)
		return false;			/* bad ICMP checksum */

	uint8_t mac[6];
	memcpy(mac, b + 6, 6);
	memcpy(b, mac, 6);
	memcpy(b + 6, f->info.mac_address, 6);

	uint8_t src[4];
	memcpy(src, ip + 12, 4);
	memcpy(ip + 16, src, 4);
	memcpy(ip + 12, f->ip, 4);
	ip[8] = 64;				/* TTL */
	put16(ip + 10, 0);
	put16(ip + 10, inet_csum(ip, ihl));

	icmp[0] = 0;				/* echo reply */
	put16(icmp + 2, 0);
	put16(icmp + 2, inet_csum(icmp, icmp_len));

	send_frame(f, b, SOLO5_NET_HLEN + total);
	f->pings++;
	if (icmp_len - 8 >= minsize && minsize > 0)
		f->big++;
	return true;
}

static void handle_frame(struct iface *f, uint8_t *b, size_t len)
{
	if (len < SOLO5_NET_HLEN)
		goto drop;
	if (memcmp(b, f->info.mac_address, 6) != 0 &&
	    memcmp(b, bcast, 6) != 0)
		goto drop;
	switch (get16(b + 12)) {
	case ETH_ARP:
		if (handle_arp(f, b, len))
			return;
		break;
	case ETH_IP:
		if (handle_ip(f, b, len))
			return;
		break;
	}
drop:
	f->dropped++;
}

/* Reads every pending frame of one interface. */
static void drain(struct iface *f)
{
	size_t cap = f->info.mtu + SOLO5_NET_HLEN;
	uint8_t *at = frame + HDR_ROOM - f->hdr;

#ifdef NET_VNET
	if (f->hdr)
		cap = f->hdr + NABLUX_NET_OFFLOAD_FRAME_MAX;
#endif
	for (;;) {
		size_t got = 0;
		solo5_result_t r = solo5_net_read(f->h, at, cap, &got);

		if (r == SOLO5_R_AGAIN)
			return;
		if (r != SOLO5_R_OK)
			t_die("%s: read gave %s", f->name, t_result_name(r));
		if (got > cap)
			t_die("%s: read returned %lu bytes into a %lu byte "
			      "buffer", f->name, (uint64_t)got, (uint64_t)cap);
		if (got < f->hdr)
			t_die("%s: a frame of %lu bytes has no header", f->name,
			      (uint64_t)got);
		handle_frame(f, frame + HDR_ROOM, got - f->hdr);
	}
}

/* Announces our address, so the host need not ask. */
static void send_garp(struct iface *f)
{
	uint8_t raw[HDR_ROOM + SOLO5_NET_HLEN + 28];
	uint8_t *b = raw + HDR_ROOM;
	uint8_t *a = b + SOLO5_NET_HLEN;

	memcpy(b, bcast, 6);
	memcpy(b + 6, f->info.mac_address, 6);
	put16(b + 12, ETH_ARP);
	put16(a, 1);
	put16(a + 2, ETH_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);
	memcpy(a + 8, f->info.mac_address, 6);
	memcpy(a + 14, f->ip, 4);
	memset(a + 18, 0, 6);
	memcpy(a + 24, f->ip, 4);
	send_frame(f, b, SOLO5_NET_HLEN + 28);
}

static bool done(uint64_t count)
{
	for (int i = 0; i < nifs; i++)
		if (ifs[i].pings < count || (minsize && ifs[i].big == 0))
			return false;
	return true;
}

static void misuse_checks(void)
{
	static const solo5_handle_t bad[] = { 0, 3, 63, 64, 1000,
					      UINT64_MAX };
	size_t got;
	solo5_result_t r;
	struct solo5_net_info ni;
	solo5_handle_t h;

	r = solo5_net_acquire("nosuchdevice", &h, &ni);
	if (r != SOLO5_R_EINVAL)
		t_die("acquire of an undeclared net device gave %s",
		      t_result_name(r));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bool ours = false;
		for (int j = 0; j < nifs; j++)
			ours |= ifs[j].h == bad[i];
		if (ours)
			continue;
		r = solo5_net_read(bad[i], frame, sizeof frame, &got);
		if (r != SOLO5_R_EINVAL)
			t_die("net read on handle %lu gave %s", bad[i],
			      t_result_name(r));
		r = solo5_net_write(bad[i], frame, 60);
		if (r != SOLO5_R_EINVAL)
			t_die("net write on handle %lu gave %s", bad[i],
			      t_result_name(r));
	}
}

int solo5_app_main(const struct solo5_start_info *si)
{
	static const char *const names[MAX_IFS] = { "service0", "service1" };
	char v[32];
	uint64_t count = 3, timeout = 20;

	t_puts("\n**** nablux device test: net ****\n\n");

	if (t_arg(si->cmdline, "count", v, sizeof v) &&
	    !t_parse_u64(v, &count))
		t_die("bad count=%s", v);
	if (t_arg(si->cmdline, "timeout", v, sizeof v) &&
	    (!t_parse_u64(v, &timeout) || timeout > 100000))
		t_die("bad timeout=%s", v);
	if (t_arg(si->cmdline, "minsize", v, sizeof v) &&
	    !t_parse_u64(v, &minsize))
		t_die("bad minsize=%s", v);

	for (int i = 0; i < MAX_IFS; i++) {
		if (!t_arg(si->cmdline, names[i], v, sizeof v))
			continue;
		struct iface *f = &ifs[nifs++];
		f->name = names[i];
		if (!t_parse_ipv4(v, f->ip))
			t_die("bad address %s=%s", names[i], v);
		solo5_result_t r = solo5_net_acquire(f->name, &f->h, &f->info);
		if (r != SOLO5_R_OK)
			t_die("could not acquire net device %s: %s", f->name,
			      t_result_name(r));
		if (f->h == 0 || f->h > 63)
			t_die("%s: handle %lu is not a manifest index", f->name,
			      f->h);
#ifdef NET_VNET
		f->hdr = nablux_spt_net_hdr_size(f->h);
		if (f->hdr > HDR_ROOM)
			t_die("%s: header of %lu bytes", f->name,
			      (uint64_t)f->hdr);
#endif
		if (f->info.mtu < 68 || f->info.mtu > 65535)
			t_die("%s: odd MTU %lu", f->name,
			      (uint64_t)f->info.mtu);
		if (minsize && minsize + 28 > f->info.mtu)
			t_die("%s: minsize=%lu does not fit in MTU %lu",
			      f->name, minsize, (uint64_t)f->info.mtu);
	}
	if (nifs == 0)
		t_die("no interface: give service0=IP [service1=IP]");
	if (nifs == 2 && ifs[0].h == ifs[1].h)
		t_die("both interfaces have handle %lu", ifs[0].h);

	misuse_checks();

	for (int i = 0; i < nifs; i++) {
		struct iface *f = &ifs[i];
		const uint8_t *m = f->info.mac_address;
		t_printf("net: %s serving %u.%u.%u.%u mac "
			 "%02x:%02x:%02x:%02x:%02x:%02x mtu %lu handle %lu "
			 "hdr %lu\n",
			 f->name, f->ip[0], f->ip[1], f->ip[2], f->ip[3],
			 m[0], m[1], m[2], m[3], m[4], m[5],
			 (uint64_t)f->info.mtu, f->h, (uint64_t)f->hdr);
		send_garp(f);
	}

	solo5_time_t start = solo5_clock_monotonic();
	solo5_time_t end = start + timeout * 1000000000ULL;
	uint64_t wakeups = 0;

	while (!done(count)) {
		solo5_time_t now = solo5_clock_monotonic();
		if (now >= end) {
			for (int i = 0; i < nifs; i++)
				t_printf("net: %s: %lu pings (%lu large), "
					 "%lu arps, %lu dropped\n",
					 ifs[i].name, ifs[i].pings, ifs[i].big,
					 ifs[i].arps, ifs[i].dropped);
			t_die("timeout after %lu s", timeout);
		}
		solo5_time_t deadline = now + 500000000ULL;
		if (deadline > end)
			deadline = end;

		solo5_handle_set_t ready = 0;
		solo5_yield(deadline, &ready);
		wakeups++;
		for (int i = 0; i < nifs; i++) {
			if (ifs[i].h < 64 && (ready & (1ULL << ifs[i].h)))
				drain(&ifs[i]);
			ready &= ~(1ULL << ifs[i].h);
		}
		if (ready)
			t_die("yield reported unknown handles %lx",
			      (unsigned long)ready);
	}

	for (int i = 0; i < nifs; i++)
		t_printf("net: %s: answered %lu pings (%lu large) and %lu "
			 "arps, dropped %lu frames\n", ifs[i].name,
			 ifs[i].pings, ifs[i].big, ifs[i].arps,
			 ifs[i].dropped);
	t_printf("net: %lu wakeups in %lu ms\n", wakeups,
		 (uint64_t)((solo5_clock_monotonic() - start) / 1000000U));
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
