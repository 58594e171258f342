// SPDX-License-Identifier: GPL-2.0
/*
 * A Linux unikernel's start-up (nablux/app.h): boot the library kernel on
 * the platform, mount the root file system and bring up the network as
 * the command line says, run nablux_main() as pid 1, then sync, remount
 * the root read-only (so ext4 is clean on the image) and halt.
 */
#include <stddef.h>
#include <stdint.h>

#include <asm/unistd_64.h>
#include <asm-generic/errno-base.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/random.h>

#include "platform.h"
#include <nablux/app.h>
#include <nablux/nablux.h>
#include <nablux/setup.h>
#include "../host/platform_dev.h"
#include "../host/platform_host.h"

struct options {
	unsigned long mem_mib;
	const char *root;	/* NULL: default */
	const char *fstype;
	const char *ip, *gw;
	const char *hostname;	/* NULL: the program's name */
	const char *cwd;	/* NULL: / */
	int ro;			/* the root read-only */
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
		} else if (prefix_is(w, "hostname=")) {
			o->hostname = w + 9;
		} else if (prefix_is(w, "cwd=")) {
			o->cwd = w + 4;
		} else if (prefix_is(w, "ro=")) {
			o->ro = w[3] == '1';
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
	/* Fewer slab pages touched at boot (SLUB writes the free list
	 * through every object of a new slab): slabs of one page where the
	 * objects allow it, and caches of like objects merged (Debian's
	 * config leaves merging off as hardening, which buys little with
	 * one sandboxed application per kernel). Boot of ukboot.spt with 32 MiB of
	 * kernel RAM: 653 faults; one-page slabs 608; merged 592. */
	for (const char *s = " slub_max_order=0 slub_merge"; *s; s++)
		buf[n++] = *s;
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
	long args[6] = { AT_FDCWD, (long)"/dev/urandom", O_WRONLY, 0, 0, 0 };
	long fd, r;

	if ((r = plat_getrandom(info.buf, sizeof(info.buf), 0)) != 32)
		return r < 0 ? r : -5;
	if ((fd = nablux_syscall(__NR_openat, args)) < 0)
		return fd;
	long ioc[6] = { fd, RNDADDENTROPY, (long)&info, 0, 0, 0 };
	r = nablux_syscall(__NR_ioctl, ioc);
	long cl[6] = { fd, 0, 0, 0, 0, 0 };
	nablux_syscall(__NR_close, cl);
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

/*
 * The kernel's RAM (page cache, socket buffers, its own tables) is taken
 * from the guest's memory at boot; the rest serves the application (which
 * may want three quarters of it in one block). An eighth of what the
 * guest has, between 32 MiB and 1 GiB. (Every MiB of it costs 64 KiB of
 * struct page, written at boot: 16 host page faults; a 32 MiB floor
 * instead of 64 takes ~115 faults off the boot of a small guest, which
 * also keeps more of its memory for the application.)
 */
static unsigned long kernel_mem_default(void)
{
	struct plat_mem_stats st;
	unsigned long mib;

	plat_mem_stats(&st);
	mib = st.free * PLAT_PAGE_SIZE / 8 >> 20;
	return mib < 32 ? 32 : mib > 1024 ? 1024 : mib;
}

static long sys3(long nr, long a, long b, long c)
{
	long args[6] = { a, b, c, 0, 0, 0 };

	return nablux_syscall(nr, args);
}

/*
 * A read-only root: the device itself read-only in the kernel, so ext4
 * neither replays a journal (the mount fails with EROFS instead) nor
 * cleans up orphan inodes, which it does on a read-only mount of a
 * writable device. (The tender's --x-block-ro is what makes it
 * read-only for the guest as a whole.)
 */
static long mount_root_read_only(const char *dev, const char *fstype)
{
	int one = 1;
	long fd = sys3(__NR_openat, AT_FDCWD, (long)dev, O_RDONLY), r;

	if (fd < 0)
		return fd;
	r = sys3(__NR_ioctl, fd, BLKROSET, (long)&one);
	sys3(__NR_close, fd, 0, 0);
	return r ? r : nablux_mount_root(dev, fstype, MS_RDONLY, NULL);
}

static const char *mount_root_failure(int ro, long r)
{
	if (ro && r == -EROFS)
		return "the root file system needs recovery (its journal was "
		       "not replayed) and cannot be mounted read-only; run it "
		       "once read-write or e2fsck -p it";
	if (ro && r == -ENOENT)
		return "the read-only root file system has no /dev or /proc "
		       "directory to mount on";
	return "mounting the root file system";
}

/* What a process finds open: fd 0 on /dev/null (the host console has no
 * input, as under `docker run` without -i), fds 1 and 2 on /dev/console.
 * The kernel has opened /dev/console as 0, 1, 2 for its init process in
 * the initial root: start afresh. Returns the failing path, or NULL. */
static const char *open_stdio(long *err)
{
	sys3(__NR_close_range, 0, 2, 0);
	if ((*err = sys3(__NR_openat, AT_FDCWD, (long)"/dev/null",
			 O_RDONLY)) != 0)
		return "/dev/null";
	if ((*err = sys3(__NR_openat, AT_FDCWD, (long)"/dev/console",
			 O_RDWR)) != 1)
		return "/dev/console";
	if ((*err = sys3(__NR_dup, 1, 0, 0)) != 2)
		return "/dev/console (dup)";
	return NULL;
}

/* nablux.hostname, else the program's name without its directory. */
static long set_hostname(const char *name, const char *argv0)
{
	if (name == NULL) {
		name = argv0 ? argv0 : "nablux";
		for (const char *s = name; *s; s++)
			if (*s == '/' && s[1])
				name = s + 1;
	}
	return sys3(__NR_sethostname, (long)name, (long)slen(name), 0);
}

static int have_root;

/* Signals from outside (the tender's extension) go to pid 1. */
static void forward_host_signal(int sig)
{
	nablux_host_signal(sig);
}

/*
 * The one way out once the kernel is up (a return from nablux_main,
 * exit_group from the program, a failed start-up): close pid 1's
 * descriptors (a file still open for writing, or unlinked, keeps the
 * read-only remount from succeeding), sync, remount the root read-only so
 * ext4 is clean on the image, halt the kernel, exit.
 */
void nablux_app_exit(int status)
{
	long r;

	status &= 0xff;
	sys3(__NR_close_range, 0, ~0U, 0);
	sys3(__NR_sync, 0, 0, 0);
	if (have_root) {
		long ro[6] = { 0, (long)"/", 0, MS_REMOUNT | MS_RDONLY, 0, 0 };

		if ((r = nablux_syscall(__NR_mount, ro)) < 0) {
			say("remounting the root read-only", NULL, r);
			status = status ? status : 1;
		}
	}
	if ((r = nablux_halt()) < 0) {
		say("halting the kernel", NULL, r);
		status = status ? status : 1;
	}
	plat_exit(status);
}

int plat_main(int argc, char **argv, char **envp)
{
	struct options o = { .fstype = "ext4" };
	char kcmd[64];
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
	if (!o.mem_mib)
		o.mem_mib = kernel_mem_default();
	cmdline(kcmd, o.mem_mib, o.debug);
	if ((r = nablux_start_kernel(&nablux_platform_host, kcmd)) < 0) {
		say("starting the kernel", kcmd, r);
		return 1;
	}
	plat_host_signal_handler(forward_host_signal);
	if (have_root) {
		r = nablux_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		if (r == 0 && o.ro)
			r = mount_root_read_only("/dev/vda", o.fstype);
		else if (r == 0)
			r = nablux_mount_root("/dev/vda", o.fstype, 0, NULL);
		if (r < 0) {
			say(mount_root_failure(o.ro, r), o.fstype, r);
			nablux_app_exit(1);
		}
	} else if ((r = nablux_mount_system()) < 0) {
		say("mounting /dev, /proc, /tmp", NULL, r);
		nablux_app_exit(1);
	}
	const char *path = open_stdio(&r);
	if (path != NULL) {
		say("opening the standard descriptors", path, r);
		nablux_app_exit(1);
	}
	if (o.cwd && (r = sys3(__NR_chdir, (long)o.cwd, 0, 0)) < 0) {
		say("changing to the working directory", o.cwd, r);
		nablux_app_exit(1);
	}
	/* /proc/self/exe: argv[0], when the root has that file. */
	if (argc > 0 && (r = nablux_set_exe(argv[0])) < 0 && r != -ENOENT &&
	    r != -ENOTDIR) {
		say("making argv[0] the executable", argv[0], r);
		nablux_app_exit(1);
	}
	if ((r = set_hostname(o.hostname, argc > 0 ? argv[0] : NULL)) < 0) {
		say("setting the host name", o.hostname, r);
		nablux_app_exit(1);
	}
	if ((r = seed_kernel_rng()) < 0) {
		say("seeding the kernel's random number generator", NULL, r);
		nablux_app_exit(1);
	}
	if (setup_net(&o) < 0)
		nablux_app_exit(1);
	nablux_app_exit(nablux_main(argc, argv, envp));
}
