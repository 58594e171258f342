// SPDX-License-Identifier: GPL-2.0
/*
 * Device tests on the posix host: the library kernel with a block device
 * on an image file and a network device on a tap (linux/host/posix_dev.h).
 *
 *   kdev ext4 IMAGE SECTOR_SIZE [MiB]
 *	mounts the ext4 image (/dev/vda) at /mnt, reads /hello.txt, writes
 *	/new.txt, /newdir/big.bin (MiB, default 16, a pattern the host
 *	checks), renames /dir/a.txt to /dir/b.txt, unmounts, remounts,
 *	reads big.bin back, unmounts and halts.
 *   kdev net TAP CONNS
 *	eth0 on TAP with 10.0.0.2/24, lo up; a TCP echo server on port 7777
 *	serves CONNS connections one after the other, then halts. Prints
 *	"ready" when it listens.
 *   kdev vnet
 *	eth0 on a fake host device with the net offload header (struct
 *	virtio_net_hdr before each frame, nablux_net_add's hdr_size): frames
 *	with headers the kernel must refuse (unknown GSO type, GSO size 0,
 *	checksum offsets outside the frame, TCP GSO on a UDP datagram, too
 *	short for a header, a length larger than the buffer) are dropped and
 *	counted (rx_frame_errors, rx_length_errors); valid datagrams around
 *	them, plain and with a partial checksum, arrive; what the kernel
 *	sends starts with a header.
 *
 * Prints "ok NAME" per check, figures as "NAME VALUE", and "SUCCESS".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/virtio_net.h>
#include <time.h>
#include <unistd.h>

#include <nablux/nablux.h>
#include <nablux/setup.h>
#include "../../linux/host/posix.h"
#include "../../linux/host/posix_dev.h"

#define CMDLINE "mem=64M quiet"
#define CHUNK (1 << 20)

static long sc(long nr, ...)
{
	long args[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		args[i] = va_arg(ap, long);
	va_end(ap);
	return nablux_syscall(nr, args);
}
#define SC(nr, ...) sc(nr, ##__VA_ARGS__, 0L, 0L, 0L, 0L, 0L, 0L)
#define L(x) ((long)(x))

#define CHECK(name, cond, ...) do {					\
	if (!(cond)) {							\
		printf("FAIL %s (line %d): ", name, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		exit(1);						\
	}								\
	printf("ok %s\n", name);					\
} while (0)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The byte at offset o of big.bin (the host's check computes the same). */
static unsigned char pattern(unsigned long o)
{
	return (unsigned char)(o * 7 + o / 4096);
}

static long write_file(const char *path, const void *buf, long len)
{
	long fd = SC(SYS_openat, AT_FDCWD, L(path),
		     O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long r;

	if (fd < 0)
		return fd;
	r = SC(SYS_write, fd, L(buf), len);
	if (r >= 0)
		r = SC(SYS_fsync, fd) ?: r;
	SC(SYS_close, fd);
	return r;
}

static long read_file(const char *path, char *buf, long size)
{
	long fd = SC(SYS_openat, AT_FDCWD, L(path), O_RDONLY), r;

	if (fd < 0)
		return fd;
	r = SC(SYS_read, fd, L(buf), size);
	SC(SYS_close, fd);
	return r;
}

static int test_ext4(const char *image, unsigned sector, long mib)
{
	static const char hello[] = "hello from the host\n";
	static const char fresh[] = "written by the nablux kernel\n";
	char buf[256];
	char *big = malloc(CHUNK);
	struct stat st;
	double t0, t1;
	long r, fd, i, j;
	int dev, err;

	dev = nablux_posix_blk_add(image, sector);
	CHECK("blk-add", dev == 0, "nablux_posix_blk_add: %d", dev);
	err = nablux_start_kernel(&nablux_posix_host, CMDLINE);
	CHECK("boot", err == 0, "nablux_start_kernel: %d", err);

	r = nablux_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	CHECK("devtmpfs", r == 0, "mount devtmpfs: %ld", r);
	r = SC(SYS_newfstatat, AT_FDCWD, L("/dev/vda"), L(&st), 0);
	CHECK("dev-vda", r == 0 && S_ISBLK(st.st_mode),
	      "stat /dev/vda: %ld mode %o", r, st.st_mode);

	t0 = now();
	r = nablux_mount("/dev/vda", "/mnt", "ext4", 0, NULL);
	t1 = now();
	CHECK("mount-ext4", r == 0, "mount: %ld", r);
	printf("mount_ms %.2f\n", (t1 - t0) * 1e3);

	memset(buf, 0, sizeof(buf));
	r = read_file("/mnt/hello.txt", buf, sizeof(buf));
	CHECK("read-host-file", r == sizeof(hello) - 1 && !strcmp(buf, hello),
	      "read %ld: '%s'", r, buf);

	r = write_file("/mnt/new.txt", fresh, sizeof(fresh) - 1);
	CHECK("write-new-file", r == sizeof(fresh) - 1, "write: %ld", r);
	r = SC(SYS_mkdirat, AT_FDCWD, L("/mnt/newdir"), 0755);
	CHECK("mkdir", r == 0, "mkdir: %ld", r);
	r = SC(SYS_renameat, AT_FDCWD, L("/mnt/dir/a.txt"), AT_FDCWD,
	       L("/mnt/dir/b.txt"));
	CHECK("rename", r == 0, "rename: %ld", r);

	fd = SC(SYS_openat, AT_FDCWD, L("/mnt/newdir/big.bin"),
		O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK("create-big", fd >= 0, "open: %ld", fd);
	t0 = now();
	for (i = 0; i < mib; i++) {
		for (j = 0; j < CHUNK; j++)
			big[j] = pattern(i * CHUNK + j);
		r = SC(SYS_write, fd, L(big), CHUNK);
		if (r != CHUNK)
			break;
	}
	CHECK("write-big", i == mib, "write chunk %ld: %ld", i, r);
	r = SC(SYS_fsync, fd);
	t1 = now();
	CHECK("fsync-big", r == 0, "fsync: %ld", r);
	SC(SYS_close, fd);
	/* Includes generating the pattern: a lower bound. */
	printf("write_MBps %.0f\n", mib * 1.048576 / (t1 - t0));

	r = SC(SYS_umount2, L("/mnt"), 0);
	CHECK("umount", r == 0, "umount: %ld", r);
	t0 = now();
	r = nablux_mount("/dev/vda", "/mnt", "ext4", 0, NULL);
	t1 = now();
	CHECK("remount", r == 0, "mount: %ld", r);
	printf("remount_ms %.2f\n", (t1 - t0) * 1e3);

	fd = SC(SYS_openat, AT_FDCWD, L("/mnt/newdir/big.bin"), O_RDONLY);
	CHECK("open-big", fd >= 0, "open: %ld", fd);
	t0 = now();
	for (i = 0; i < mib; i++) {
		r = SC(SYS_read, fd, L(big), CHUNK);
		if (r != CHUNK)
			break;
	}
	t1 = now();
	CHECK("read-big", i == mib, "read chunk %ld: %ld", i, r);
	printf("read_MBps %.0f\n", mib * 1.048576 / (t1 - t0));
	for (j = 0; j < CHUNK; j++)
		if ((unsigned char)big[j] != pattern((mib - 1) * CHUNK + j))
			break;
	CHECK("read-big-content", j == CHUNK, "byte %ld of the last MiB", j);
	SC(SYS_close, fd);

	memset(buf, 0, sizeof(buf));
	r = read_file("/mnt/new.txt", buf, sizeof(buf));
	CHECK("read-new-file", r == sizeof(fresh) - 1 && !strcmp(buf, fresh),
	      "read %ld", r);
	r = SC(SYS_umount2, L("/mnt"), 0);
	CHECK("umount-again", r == 0, "umount: %ld", r);

	r = nablux_halt();
	CHECK("halt", r == 0, "nablux_halt: %ld", r);
	nablux_posix_dev_cleanup();
	free(big);
	return 0;
}

static int test_net(const char *tap, int conns)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(7777),
	};
	static char buf[65536];
	struct linger linger = { .l_onoff = 1, .l_linger = 30 };
	long r, s, c, n, total = 0;
	int one = 1, dev, err, i;

	dev = nablux_posix_net_add(tap, NULL, 0);
	CHECK("net-add", dev == 0, "nablux_posix_net_add: %d", dev);
	err = nablux_start_kernel(&nablux_posix_host, CMDLINE);
	CHECK("boot", err == 0, "nablux_start_kernel: %d", err);
	r = nablux_if_up("lo", 0x7f000001, 8);
	CHECK("lo-up", r == 0, "lo: %ld", r);
	r = nablux_if_up("eth0", 0x0a000002, 24);
	CHECK("eth0-up", r == 0, "eth0: %ld", r);

	s = SC(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK("socket", s >= 0, "socket: %ld", s);
	SC(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, L(&one), sizeof(one));
	r = SC(SYS_bind, s, L(&sin), sizeof(sin));
	CHECK("bind", r == 0, "bind: %ld", r);
	r = SC(SYS_listen, s, 4);
	CHECK("listen", r == 0, "listen: %ld", r);
	printf("ready\n");

	for (i = 0; i < conns; i++) {
		c = SC(SYS_accept, s, 0, 0);
		CHECK("accept", c >= 0, "accept: %ld", c);
		/* close waits until the peer has every byte echoed: the
		 * kernel halts after the last connection, and what was still
		 * queued would be lost. */
		SC(SYS_setsockopt, c, SOL_SOCKET, SO_LINGER, L(&linger),
		   sizeof(linger));
		while ((n = SC(SYS_read, c, L(buf), sizeof(buf))) > 0) {
			for (r = 0; r < n; ) {
				long w = SC(SYS_write, c, L(buf + r), n - r);

				if (w <= 0)
					break;
				r += w;
			}
			total += n;
		}
		CHECK("echo", n == 0, "read: %ld", n);
		SC(SYS_close, c);
	}
	printf("echoed_bytes %ld\n", total);
	SC(SYS_close, s);

	r = nablux_halt();
	CHECK("halt", r == 0, "nablux_halt: %ld", r);
	nablux_posix_dev_cleanup();
	return 0;
}

/* ---- vnet: hostile offload headers on a fake device ----------------- */

#define VHDR sizeof(struct virtio_net_hdr)
#define FQ_MAX 32

static const unsigned char vnet_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const unsigned char peer_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

static struct fake_frame {
	unsigned char buf[2048];
	int len;		/* bytes to copy */
	int claim;		/* length to return, if not len */
} fq[FQ_MAX];
static int fq_n, fq_next, tx_frames, tx_bad;

static int fake_rx(void *dev, void *buf, unsigned int size)
{
	struct fake_frame *f;

	(void)dev;
	if (fq_next == fq_n)
		return -EAGAIN;
	f = &fq[fq_next++];
	memcpy(buf, f->buf, (unsigned int)f->len < size ? (unsigned int)f->len : size);
	return f->claim ? f->claim : f->len;
}

static int fake_tx(void *dev, const void *frame, unsigned int len)
{
	const struct virtio_net_hdr *h = frame;
	const unsigned char *eth = (const unsigned char *)frame + VHDR;

	(void)dev;
	tx_frames++;
	/* A header, then an Ethernet frame from our address. */
	if (len < VHDR + 14 || h->gso_type != VIRTIO_NET_HDR_GSO_NONE ||
	    memcmp(eth + 6, vnet_mac, 6) != 0)
		tx_bad++;
	return 0;
}

static void fake_rx_arm(void *dev)
{
	(void)dev;
}

static const struct nablux_net_ops fake_ops = {
	.tx	= fake_tx,
	.rx	= fake_rx,
	.rx_arm	= fake_rx_arm,
};

static unsigned short ip_csum(const unsigned char *p, int len)
{
	unsigned long sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (unsigned short)~sum;
}

/* Queues header (h) and an Ethernet/IPv4/UDP frame to 10.0.0.2:(port)
 * with (payload), IP protocol (proto); returns the frame for changes. */
static struct fake_frame *queue_to(const struct virtio_net_hdr *h,
				   const char *payload, int proto, int port)
{
	struct fake_frame *f = &fq[fq_n++];
	unsigned char *e = f->buf + VHDR, *ip = e + 14, *udp = ip + 20;
	int n = strlen(payload), total = 20 + 8 + n;

	memset(f, 0, sizeof(*f));
	memcpy(f->buf, h, VHDR);
	memcpy(e, vnet_mac, 6);
	memcpy(e + 6, peer_mac, 6);
	e[12] = 0x08;				/* IPv4 */
	ip[0] = 0x45;
	ip[2] = total >> 8;
	ip[3] = total & 0xff;
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, (unsigned char[]){ 10, 0, 0, 1, 10, 0, 0, 2 }, 8);
	ip[10] = ip_csum(ip, 20) >> 8;
	ip[11] = ip_csum(ip, 20) & 0xff;
	udp[0] = 9999 >> 8;			/* from port 9999 */
	udp[1] = 9999 & 0xff;
	udp[2] = port >> 8;
	udp[3] = port & 0xff;
	udp[4] = (8 + n) >> 8;
	udp[5] = (8 + n) & 0xff;		/* checksum 0: none */
	memcpy(udp + 8, payload, n);
	f->len = VHDR + 14 + total;
	return f;
}

static struct fake_frame *queue_udp(const struct virtio_net_hdr *h,
				    const char *payload, int proto)
{
	return queue_to(h, payload, proto, 9999);
}

/* A counter of eth0, from the kernel's answer to RTM_GETLINK
 * (IFLA_STATS64): the kernel has no sysfs (CONFIG_SYSFS is off). */
static long stat_at(size_t off)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		struct rtattr rta;
		char name[8];
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			.nlmsg_flags = NLM_F_REQUEST },
		.ifi = { .ifi_family = AF_UNSPEC },
		.rta = { .rta_len = RTA_LENGTH(sizeof("eth0")),
			 .rta_type = IFLA_IFNAME },
		.name = "eth0",
	};
	static char buf[8192];
	struct rtnl_link_stats64 st;
	long fd, n, v = -1;

	fd = SC(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	if (SC(SYS_sendto, fd, L(&req), sizeof(req), 0, 0, 0) !=
	    (long)sizeof(req))
		goto out;
	n = SC(SYS_recvfrom, fd, L(buf), sizeof(buf), 0, 0, 0);
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	if (n <= 0 || !NLMSG_OK(nh, n) || nh->nlmsg_type != RTM_NEWLINK)
		goto out;
	struct rtattr *a = IFLA_RTA(NLMSG_DATA(nh));
	int len = IFLA_PAYLOAD(nh);
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFLA_STATS64 &&
		    RTA_PAYLOAD(a) >= sizeof(st)) {
			memcpy(&st, RTA_DATA(a), sizeof(st));
			v = (long)*(__u64 *)((char *)&st + off);
		}
	}
out:
	SC(SYS_close, fd);
	return v;
}
#define stat_of(field) stat_at(offsetof(struct rtnl_link_stats64, field))

static int test_vnet(void)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(9999),
		.sin_addr.s_addr = htonl(0x0a000002),
	};
	struct timeval tv = { .tv_sec = 2 };
	struct virtio_net_hdr h;
	static char big[400];
	struct fake_frame *f;
	char buf[256];
	long s, r;
	int n, err, bad = 0, odd = 0;

	n = nablux_net_add(&fake_ops, NULL, vnet_mac, 1500, 7);
	CHECK("vnet-add-bad-size", n == -EINVAL, "hdr_size 7: %d", n);
	n = nablux_net_add(&fake_ops, NULL, vnet_mac, 1500, VHDR);
	CHECK("vnet-add", n == 0, "nablux_net_add: %d", n);
	err = nablux_start_kernel(&nablux_posix_host, CMDLINE);
	CHECK("boot", err == 0, "nablux_start_kernel: %d", err);
	r = nablux_mount_system();
	CHECK("mount-system", r == 0, "nablux_mount_system: %ld", r);
	r = nablux_if_up("eth0", 0x0a000002, 24);
	CHECK("eth0-up", r == 0, "eth0: %ld", r);
	s = SC(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	CHECK("socket", s >= 0, "socket: %ld", s);
	r = SC(SYS_bind, s, L(&sin), sizeof(sin));
	CHECK("bind", r == 0, "bind: %ld", r);
	SC(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO, L(&tv), sizeof(tv));

	/* A valid datagram first, then the hostile ones, then two valid. */
	memset(&h, 0, sizeof(h));
	queue_udp(&h, "first", 17);
	h.gso_type = 0x7f;			/* no such GSO type */
	h.gso_size = 1000;
	queue_udp(&h, "unknown gso type", 17), bad++;
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;	/* TCP GSO, size 0 */
	h.gso_size = 0;
	queue_udp(&h, "gso size 0", 6), bad++;
	memset(&h, 0, sizeof(h));
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;	/* checksum past the end */
	h.csum_start = 1400;
	h.csum_offset = 6;
	queue_udp(&h, "csum start past the end", 17), bad++;
	h.csum_start = 34;			/* its field past the end */
	h.csum_offset = 0xfff0;
	queue_udp(&h, "csum offset past the end", 17), bad++;
	memset(&h, 0, sizeof(h));
	f = queue_udp(&h, "x", 17);		/* shorter than the header */
	f->len = VHDR - 4;
	f = queue_udp(&h, "x", 17);		/* header, half an Ethernet header */
	f->len = VHDR + 7;
	f = queue_udp(&h, "x", 17);		/* longer than the buffer */
	f->claim = 1 << 20;
	f = queue_udp(&h, "x", 17);		/* a length of 0 */
	f->len = 0;
	/* Headers the kernel takes but that make no sense for the frame:
	 * TCP and UDP segmentation of a UDP datagram, to a port nobody
	 * listens on. They must do no harm; whether they count is the
	 * kernel's business. */
	memset(big, 'b', sizeof(big) - 1);
	h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	h.gso_size = 100;
	queue_to(&h, big, 17, 9998), odd++;
	h.gso_type = VIRTIO_NET_HDR_GSO_UDP;
	h.gso_size = 50;
	queue_to(&h, big, 17, 9998), odd++;
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.csum_start = 14 + 20;
	h.csum_offset = 6;
	queue_to(&h, big, 17, 9998), odd++;
	memset(&h, 0, sizeof(h));
	queue_udp(&h, "second", 17);
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;	/* partial checksum: UDP's */
	h.csum_start = 14 + 20;
	h.csum_offset = 6;
	queue_udp(&h, "third", 17);

	r = nablux_net_rx_ready(0);
	CHECK("rx-ready", r >= 0, "nablux_net_rx_ready: %ld", r);
	for (n = 0; n < 3; n++) {
		static const char *const want[] = { "first", "second", "third" };

		r = SC(SYS_recvfrom, s, L(buf), sizeof(buf) - 1, 0, 0, 0);
		CHECK("vnet-valid-datagram", r > 0, "recvfrom %d: %ld", n, r);
		buf[r] = 0;
		CHECK("vnet-valid-in-order", strcmp(buf, want[n]) == 0,
		      "datagram %d: '%s', want '%s'", n, buf, want[n]);
	}
	CHECK("vnet-all-read", fq_next == fq_n, "read %d of %d frames",
	      fq_next, fq_n);
	printf("rx_frame_errors %ld\nrx_length_errors %ld\nrx_errors %ld\n"
	       "rx_packets %ld\n", stat_of(rx_frame_errors),
	       stat_of(rx_length_errors), stat_of(rx_errors),
	       stat_of(rx_packets));
	CHECK("vnet-bad-headers-counted", stat_of(rx_frame_errors) == bad,
	      "rx_frame_errors %ld, want %d", stat_of(rx_frame_errors), bad);
	CHECK("vnet-bad-lengths-counted", stat_of(rx_length_errors) == 4 &&
	      stat_of(rx_errors) == bad + 4, "rx_length_errors %ld, "
	      "rx_errors %ld, want 4, %d", stat_of(rx_length_errors),
	      stat_of(rx_errors), bad + 4);
	CHECK("vnet-rx-packets", stat_of(rx_packets) >= 3 &&
	      stat_of(rx_packets) <= 3 + odd,
	      "rx_packets %ld", stat_of(rx_packets));

	/* Sending: an ARP request for 10.0.0.1, behind a header. */
	sin.sin_addr.s_addr = htonl(0x0a000001);
	r = SC(SYS_sendto, s, L("out"), 3, 0, L(&sin), sizeof(sin));
	CHECK("vnet-send", r == 3, "sendto: %ld", r);
	CHECK("vnet-tx-header", tx_frames > 0 && tx_bad == 0,
	      "%d frames sent, %d without a proper header", tx_frames, tx_bad);

	SC(SYS_close, s);
	r = nablux_halt();
	CHECK("halt", r == 0, "nablux_halt: %ld", r);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "ext4"))
		test_ext4(argv[2], atoi(argv[3]), argc > 4 ? atol(argv[4]) : 16);
	else if (argc == 4 && !strcmp(argv[1], "net"))
		test_net(argv[2], atoi(argv[3]));
	else if (argc == 2 && !strcmp(argv[1], "vnet"))
		test_vnet();
	else {
		fprintf(stderr, "usage: kdev ext4 IMAGE SECTOR [MiB] | "
			"kdev net TAP CONNS | kdev vnet\n");
		return 2;
	}
	printf("SUCCESS\n");
	return 0;
}
