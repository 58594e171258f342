// SPDX-License-Identifier: GPL-2.0
/*
 * A Linux unikernel's start-up (nablux/app.h): boot the library kernel on
 * the platform, mount the root file system and bring up the network as
 * the command line says, run nablux_main() as pid 1, then sync, remount
 * the root read-only (so ext4 is clean on the image) and halt.
 */
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include <nablux/app.h>
#include <nablux/nablux.h>
#include <nablux/setup.h>
#include "../host/platform_dev.h"
#include "../host/platform_host.h"

#define NR_close 3
#define NR_close_range 436
#define NR_ioctl 16
#define NR_openat 257
#define NR_mount 165
#define NR_sync 162
#define O_WRONLY 01
#define RNDADDENTROPY 0x40085203	/* _IOW('R', 3, int[2]) */
#define MS_RDONLY 1
#define MS_REMOUNT 32
#define ENODEV 19

struct options {
	unsigned long mem_mib;
	const char *root;	/* NULL: default */
	const char *fstype;
	const char *ip, *gw;
	int debug;
};

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int prefix_is(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void say(const char *a, const char *b, long err)
{
	char num[24];
	int i = sizeof(num);
	unsigned long u = err < 0 ? -(unsigned long)err : (unsigned long)err;

	plat_write(1, "nablux: ", 8);
	plat_write(1, a, slen(a));
	if (b) {
		plat_write(1, ": ", 2);
		plat_write(1, b, slen(b));
	}
	if (err) {
		num[--i] = 0;
		do {
			num[--i] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		plat_write(1, " (errno ", 8);
		plat_write(1, num + i, slen(num + i));
		plat_write(1, ")", 1);
	}
	plat_write(1, "\n", 1);
}

/* Consume the leading "nablux.KEY=VALUE" words; -1 on a bad one. */
static int parse(int *argc, char ***argv, struct options *o)
{
	while (*argc > 0 && prefix_is((*argv)[0], "nablux.")) {
		const char *w = (*argv)[0] + 7;

		if (prefix_is(w, "mem=")) {
			unsigned long v = 0;
			const char *s = w + 4;

			while (*s >= '0' && *s <= '9' && v < 1000000)
				v = v * 10 + (unsigned long)(*s++ - '0');
			if (*s || v < 16) {
				say("nablux.mem wants MiB, at least 16", w, 0);
				return -1;
			}
			o->mem_mib = v;
		} else if (prefix_is(w, "root=")) {
			o->root = w + 5;
		} else if (prefix_is(w, "fstype=")) {
			o->fstype = w + 7;
		} else if (prefix_is(w, "ip=")) {
			o->ip = w + 3;
		} else if (prefix_is(w, "gw=")) {
			o->gw = w + 3;
		} else if (prefix_is(w, "debug=")) {
			o->debug = w[6] == '1';
		} else {
			say("unknown start-up option", (*argv)[0], 0);
			return -1;
		}
		(*argc)--;
		(*argv)++;
	}
	return 0;
}

static void cmdline(char *buf, unsigned long mib, int debug)
{
	char num[24];
	int i = sizeof(num);
	size_t n = 0;

	num[--i] = 0;
	do {
		num[--i] = (char)('0' + mib % 10);
		mib /= 10;
	} while (mib);
	for (const char *s = "mem="; *s; s++)
		buf[n++] = *s;
	for (const char *s = num + i; *s; s++)
		buf[n++] = *s;
	buf[n++] = 'M';
	/* Quiet: only critical kernel messages mix with the program's. */
	if (!debug)
		for (const char *s = " quiet loglevel=2"; *s; s++)
			buf[n++] = *s;
	buf[n] = 0;
}

/*
 * The kernel has no entropy source of its own here: without this,
 * getrandom() would block forever. Credit it with 256 bits from the
 * platform's CSPRNG (seeded from RDSEED/RDRAND and clock jitter), through
 * the kernel's own interface.
 */
static long seed_kernel_rng(void)
{
	struct {
		int entropy_count, buf_size;
		uint8_t buf[32];
	} info = { .entropy_count = 256, .buf_size = 32 };
	long args[6] = { -100, (long)"/dev/urandom", O_WRONLY, 0, 0, 0 };
	long fd, r;

	if ((r = plat_getrandom(info.buf, sizeof(info.buf), 0)) != 32)
		return r < 0 ? r : -5;
	if ((fd = nablux_syscall(NR_openat, args)) < 0)
		return fd;
	long ioc[6] = { fd, RNDADDENTROPY, (long)&info, 0, 0, 0 };
	r = nablux_syscall(NR_ioctl, ioc);
	long cl[6] = { fd, 0, 0, 0, 0, 0 };
	nablux_syscall(NR_close, cl);
	for (size_t i = 0; i < sizeof(info.buf); i++)
		((volatile uint8_t *)info.buf)[i] = 0;
	return r;
}

static int setup_net(const struct options *o)
{
	uint32_t addr = 0, gw;
	unsigned prefix = 0;
	long r;

	if ((r = nablux_if_up("lo", 0x7f000001, 8)) < 0) {
		say("bringing up lo", NULL, r);
		return -1;
	}
	if (o->ip == NULL) {
		if (o->gw != NULL) {
			say("nablux.gw needs nablux.ip", o->gw, 0);
			return -1;
		}
		return 0;
	}
	int slash = 0;
	for (const char *s = o->ip; *s; s++)
		slash |= *s == '/';
	if (!slash || nablux_parse_ipv4(o->ip, &addr, &prefix) < 0) {
		say("nablux.ip wants A.B.C.D/PREFIX", o->ip, 0);
		return -1;
	}
	if ((r = nablux_if_up("eth0", addr, prefix)) < 0) {
		say("configuring eth0", o->ip, r);
		return -1;
	}
	if (o->gw == NULL)
		return 0;
	if (nablux_parse_ipv4(o->gw, &gw, NULL) < 0) {
		say("nablux.gw wants A.B.C.D", o->gw, 0);
		return -1;
	}
	if ((r = nablux_route_default(gw)) < 0) {
		say("adding the default route", o->gw, r);
		return -1;
	}
	return 0;
}

int plat_main(int argc, char **argv, char **envp)
{
	struct options o = { .mem_mib = 64, .fstype = "ext4" };
	char kcmd[64];
	int have_root = 0, status = 1;
	long r;

	if (parse(&argc, &argv, &o) < 0)
		return 1;
	if (o.root == NULL || !same(o.root, "none")) {
		r = nablux_platform_blk_add(o.root ? o.root : "rootfs");
		if (r >= 0)
			have_root = 1;
		else if (o.root != NULL || r != -ENODEV) {
			say("root block device", o.root ? o.root : "rootfs", r);
			return 1;
		}
	}
	if (o.ip != NULL && (r = nablux_platform_net_add("tap")) < 0) {
		say("nablux.ip needs the net device 'tap'", NULL, r);
		return 1;
	}
	cmdline(kcmd, o.mem_mib, o.debug);
	if ((r = nablux_start_kernel(&nablux_platform_host, kcmd)) < 0) {
		say("starting the kernel", kcmd, r);
		return 1;
	}
	if (have_root) {
		r = nablux_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		if (r == 0)
			r = nablux_mount_root("/dev/vda", o.fstype, 0, NULL);
		if (r < 0) {
			say("mounting the root file system", o.fstype, r);
			goto halt;
		}
	} else if ((r = nablux_mount_system()) < 0) {
		say("mounting /dev, /proc, /sys, /tmp", NULL, r);
		goto halt;
	}
	if ((r = seed_kernel_rng()) < 0) {
		say("seeding the kernel's random number generator", NULL, r);
		goto halt;
	}
	if (setup_net(&o) < 0)
		goto halt;

	status = nablux_main(argc, argv, envp) & 0xff;

halt:;
	/* A file still open (for writing, or unlinked) keeps the read-only
	 * remount from succeeding: close every descriptor of pid 1, as its
	 * exit would. */
	long cr[6] = { 0, ~0U, 0, 0, 0, 0 };
	nablux_syscall(NR_close_range, cr);
	long args[6] = { 0 };
	nablux_syscall(NR_sync, args);
	if (have_root) {
		long ro[6] = { 0, (long)"/", 0, MS_REMOUNT | MS_RDONLY, 0, 0 };
		if ((r = nablux_syscall(NR_mount, ro)) < 0) {
			say("remounting the root read-only", NULL, r);
			status = status ? status : 1;
		}
	}
	if ((r = nablux_halt()) < 0) {
		say("halting the kernel", NULL, r);
		status = status ? status : 1;
	}
	return status;
}
