/* SPDX-License-Identifier: ISC */
/*
 * module_net.c: network devices, backed by an existing host tap interface
 * (--net:NAME=IFACE) or an already open descriptor (--net:NAME=@FD).
 * The guest may read and write the descriptor, nothing more; yield waits
 * for it through the epoll set, with the device's handle as event data.
 *
 * A guest whose "nablux" note asks for net offload (nablux_spt_abi.h)
 * gets taps with a virtio_net_hdr before each frame and the host's
 * checksum and segmentation offload, unless --net-offload:NAME=off; the
 * answer goes into the device's manifest entry. Devices are opened in
 * setup, once every option is known.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>

#include "nablux_spt_abi.h"
#include "options.h"
#include "spt.h"

#define DEFAULT_MTU 1500

/* What the host kernel may leave to the guest, with offload. */
#define OFFLOADS (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN)

static bool offload_wanted;		/* the guest's note asks */
static const char *net_arg[MFT_MAX_ENTRIES];	/* --net:NAME=..., by index */
static bool plain[MFT_MAX_ENTRIES];	/* --net-offload:NAME=off */

void net_offload_request(bool wanted)
{
	offload_wanted = wanted;
}

static unsigned iface_mtu(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned mtu = DEFAULT_MTU;

	if (s < 0)
		return mtu;
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(s, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0 &&
	    ifr.ifr_mtu <= 65535)
		mtu = (unsigned)ifr.ifr_mtu;
	close(s);
	return mtu;
}

/* A tap opened with IFF_VNET_HDR: our header size and offloads. */
static int set_offload(int fd)
{
	int size = sizeof(struct virtio_net_hdr);

	if (ioctl(fd, TUNSETVNETHDRSZ, &size) < 0 ||
	    ioctl(fd, TUNSETOFFLOAD, (unsigned long)OFFLOADS) < 0)
		return -1;
	return 0;
}

static int attach_fd(const char *arg, const char *spec, unsigned *mtu,
		     bool want, bool *vnet)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(spec + 1, &end, 10);
	if (spec[1] < '0' || spec[1] > '9' || *end != 0 || errno || v > INT_MAX)
		die("%s: '%s' is not a descriptor number", arg, spec);
	int fd = (int)v;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		die("%s: descriptor %d: %s", arg, fd, strerror(errno));
	if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		die("%s: descriptor %d: cannot make it non-blocking: %s", arg,
		    fd, strerror(errno));
	/* A tap descriptor knows its interface, and so its MTU. */
	struct ifreq ifr = { 0 };
	bool tap = ioctl(fd, TUNGETIFF, &ifr) == 0;
	*mtu = tap ? iface_mtu(ifr.ifr_name) : DEFAULT_MTU;
	*vnet = false;
	/* Whoever opened it chose the framing; we can only follow. */
	if (tap && (ifr.ifr_flags & IFF_VNET_HDR)) {
		if (!want)
			die("%s: descriptor %d is a tap opened with IFF_VNET_HDR, "
			    "and the guest has plain frames", arg, fd);
		if (set_offload(fd) < 0)
			die("%s: descriptor %d: cannot set the tap's offload: %s",
			    arg, fd, strerror(errno));
		*vnet = true;
	} else if (tap) {
		/* Plain frames: no super-frames from the host either. */
		(void)ioctl(fd, TUNSETOFFLOAD, 0UL);
	}
	return fd;
}

static int open_tap(const char *arg, const char *ifname, short flags)
{
	struct ifreq ifr = { 0 };

	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
	if (fd < 0)
		die("%s: /dev/net/tun: %s", arg, strerror(errno));
	ifr.ifr_flags = flags;
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		if (errno == EINVAL)
			die("%s: '%s' is not a tap interface", arg, ifname);
		if (errno == EBUSY)
			die("%s: tap '%s' is busy (attached elsewhere)", arg,
			    ifname);
		die("%s: attaching tap '%s': %s", arg, ifname, strerror(errno));
	}
	/* "tap%d" would have made a new device rather than attach ours. */
	if (strncmp(ifr.ifr_name, ifname, IFNAMSIZ) != 0)
		die("%s: '%s' is not an existing tap interface", arg, ifname);
	return fd;
}

static int attach_tap(const char *arg, const char *ifname, unsigned *mtu,
		      bool want, bool *vnet)
{
	struct ifreq ifr = { 0 };

	if (strlen(ifname) >= IFNAMSIZ)
		die("%s: interface name too long", arg);
	/* Opening a missing tap would create it; we attach existing ones. */
	if (if_nametoindex(ifname) == 0)
		die("%s: no such interface '%s'", arg, ifname);
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		die("%s: interface '%s': %s", arg, ifname, strerror(errno));
	close(s);
	if (!(ifr.ifr_flags & IFF_UP))
		die("%s: interface '%s' is down", arg, ifname);

	*mtu = iface_mtu(ifname);
	*vnet = false;
	if (want) {
		int fd = open_tap(arg, ifname, IFF_TAP | IFF_NO_PI | IFF_VNET_HDR);
		if (set_offload(fd) == 0) {
			*vnet = true;
			return fd;
		}
		/* A host without it: plain frames, as in Solo5. */
		close(fd);
	}
	int fd = open_tap(arg, ifname, IFF_TAP | IFF_NO_PI);
	/* The offloads stay on the interface after a guest that had them:
	 * the host would send a plain guest frames it cannot take. */
	(void)ioctl(fd, TUNSETOFFLOAD, 0UL);
	return fd;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		unsigned v = 0;
		for (int j = 0; j < 2; j++, s++) {
			char c = *s;
			int d = c >= '0' && c <= '9' ? c - '0'
			      : c >= 'a' && c <= 'f' ? c - 'a' + 10
			      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0)
				return -1;
			v = v * 16 + (unsigned)d;
		}
		mac[i] = (uint8_t)v;
		if (*s != (i == 5 ? 0 : ':'))
			return -1;
		s++;
	}
	return 0;
}

static int net_cmdarg(const char *arg, struct mft *mft)
{
	char name[MFT_NAME_SIZE];
	const char *value;
	struct mft_entry *e;

	unsigned i;

	if (option_split(arg, "--net:", name, &value) == 0) {
		e = option_entry(arg, mft, name, MFT_DEV_NET_BASIC, &i);
		if (e->attached)
			die("%s: device '%s' is already attached", arg, name);
		if (value[0] == 0)
			die("%s: no interface or descriptor", arg);
		net_arg[i] = arg;
		e->attached = true;
		return 0;
	}
	if (option_split(arg, "--net-offload:", name, &value) == 0) {
		option_entry(arg, mft, name, MFT_DEV_NET_BASIC, &i);
		if (strcmp(value, "off") != 0 && strcmp(value, "on") != 0)
			die("%s: '%s' is not on or off", arg, value);
		plain[i] = strcmp(value, "off") == 0;
		return 0;
	}
	if (option_split(arg, "--net-mac:", name, &value) == 0) {
		e = option_entry(arg, mft, name, MFT_DEV_NET_BASIC, NULL);
		if (parse_mac(value, e->u.net_basic.mac) < 0)
			die("%s: '%s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
			    arg, value);
		if (e->u.net_basic.mac[0] & 1)
			die("%s: '%s' is a multicast address", arg, value);
		return 0;
	}
	return -1;
}

/* Opens the device of (arg), "--net:NAME=IFACE|@FD", into (e). */
static void attach(struct mft_entry *e, const char *arg, bool want)
{
	const char *value = strchr(arg, '=') + 1;
	unsigned mtu;
	bool vnet;

	e->b.hostfd = value[0] == '@' ? attach_fd(arg, value, &mtu, want, &vnet)
				      : attach_tap(arg, value, &mtu, want, &vnet);
	e->u.net_basic.mtu = (uint16_t)mtu;
	if (vnet) {
		struct nablux_net_offload o = {
			.magic = NABLUX_NET_OFFLOAD_MAGIC,
			.hdr_size = sizeof(struct virtio_net_hdr),
		};
		memcpy((char *)e + NABLUX_NET_OFFLOAD_AT, &o, sizeof(o));
	}
}

static void net_setup(struct spt *spt, struct mft *mft)
{
	static const uint8_t no_mac[6];

	for (unsigned i = 1; i < mft->entries; i++) {
		struct mft_entry *e = &mft->e[i];

		if (e->type != MFT_DEV_NET_BASIC || !e->attached)
			continue;
		attach(e, net_arg[i], offload_wanted && !plain[i]);
		if (memcmp(e->u.net_basic.mac, no_mac, 6) == 0) {
			if (getrandom(e->u.net_basic.mac, 6, 0) != 6)
				die("getrandom: %s", strerror(errno));
			/* Locally administered, unicast. */
			e->u.net_basic.mac[0] = (e->u.net_basic.mac[0] & 0xfe) | 0x02;
		}
		struct epoll_event ev = { .events = EPOLLIN, .data.u64 = i };
		if (epoll_ctl(spt->epollfd, EPOLL_CTL_ADD, e->b.hostfd, &ev) < 0)
			die("net device '%s': epoll_ctl: %s", e->name,
			    strerror(errno));
		unsigned fd = (unsigned)e->b.hostfd;
		seccomp_check(seccomp_rule_add(spt->sc_ctx, SCMP_ACT_ALLOW,
					       SCMP_SYS(read), 1,
					       SCMP_A0(SCMP_CMP_EQ, fd)),
			      "read(net)");
		seccomp_check(seccomp_rule_add(spt->sc_ctx, SCMP_ACT_ALLOW,
					       SCMP_SYS(write), 1,
					       SCMP_A0(SCMP_CMP_EQ, fd)),
			      "write(net)");
	}
}

static const char *net_usage(void)
{
	return "--net:NAME=IFACE | @NN (attach tap at IFACE or at fd @NN as "
	       "network NAME)\n"
	       "    [ --net-mac:NAME=HWADDR ] (set HWADDR for network NAME)\n"
	       "    [ --net-offload:NAME=on|off ] (large frames with offload "
	       "for a nablux guest that asks; default on)";
}

const struct spt_module spt_module_net = {
	.name = "net",
	.handle_cmdarg = net_cmdarg,
	.setup = net_setup,
	.usage = net_usage,
};
