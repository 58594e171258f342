// SPDX-License-Identifier: GPL-2.0
/*
 * Setting up a running library kernel for an application (setup.h): only
 * its system calls, with x86_64 numbers and structure layouts, so the
 * same code serves the posix host and the unikernel.
 */
#include <stddef.h>
#include <stdint.h>

#include <nablux/nablux.h>
#include <nablux/setup.h>

#include <asm/unistd_64.h>
#include <asm-generic/errno-base.h>
#include <linux/mount.h>

#define AT_FDCWD (-100)
#define AF_INET 2
#define SOCK_DGRAM 2
#define SIOCADDRT 0x890b
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCSIFADDR 0x8916
#define SIOCSIFNETMASK 0x891c
#define IFF_UP 0x1
#define RTF_UP 0x1
#define RTF_GATEWAY 0x2

struct sockaddr_in4 {
	uint16_t family;
	uint16_t port;
	uint32_t addr;		/* network byte order */
	uint8_t zero[8];
};

struct ifreq64 {
	char name[16];
	union {
		struct sockaddr_in4 addr;
		short flags;
		uint8_t pad[24];
	};
};
_Static_assert(sizeof(struct ifreq64) == 40, "struct ifreq layout");

struct rtentry64 {
	unsigned long pad1;
	struct sockaddr_in4 dst, gateway, genmask;
	unsigned short flags;
	short pad2;
	unsigned long pad3;
	void *pad4;
	short metric;
	char *dev;
	unsigned long mtu, window;
	unsigned short irtt;
};
_Static_assert(sizeof(struct rtentry64) == 120, "struct rtentry layout");

static long sys(long nr, long a, long b, long c, long d, long e)
{
	long args[6] = { a, b, c, d, e, 0 };

	return nablux_syscall(nr, args);
}

long nablux_mount(const char *source, const char *dir, const char *fstype,
		  unsigned long flags, const char *data)
{
	long r = sys(__NR_mkdirat, AT_FDCWD, (long)dir, 0755, 0, 0);

	/* On a read-only file system, mount says whether dir is there. */
	if (r < 0 && r != -EEXIST && r != -EROFS)
		return r;
	return sys(__NR_mount, (long)source, (long)dir, (long)fstype,
		   (long)flags, (long)data);
}

/* The kernel's file systems, and what udev or a container runtime
 * would add to /dev. devtmpfs has the /dev/ptmx node; opening it takes
 * the devpts mounted on the pts beside it. */
static long mount_kernel_fs(void)
{
	static const struct {
		const char *dir, *fstype;
	} fs[] = {
		{ "/dev", "devtmpfs" },
		{ "/dev/pts", "devpts" },
		{ "/proc", "proc" },
	};
	static const struct {
		const char *target, *path;
	} links[] = {
		{ "/proc/self/fd", "/dev/fd" },
		{ "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" },
		{ "/proc/self/fd/2", "/dev/stderr" },
	};
	static const struct {
		const char *source, *target;
	} mem[] = {
		{ "/proc/nablux/meminfo", "/proc/meminfo" },
		{ "/proc/nablux/maps", "/proc/self/maps" },
	};
	long r;

	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		r = nablux_mount(fs[i].fstype, fs[i].dir, fs[i].fstype, 0,
				 NULL);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		r = sys(__NR_symlinkat, (long)links[i].target, AT_FDCWD,
			(long)links[i].path, 0, 0);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	/* The unikernel's memory, not the kernel's share (arch procmem.c);
	 * maps for the one address space, pid 1's. */
	for (size_t i = 0; i < sizeof(mem) / sizeof(mem[0]); i++) {
		r = sys(__NR_mount, (long)mem[i].source, (long)mem[i].target,
			0, MS_BIND, 0);
		if (r < 0 && r != -ENOENT)
			return r;
	}
	return 0;
}

long nablux_mount_system(void)
{
	long r = mount_kernel_fs();

	if (r == 0)
		r = nablux_mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL);
	return r ? r : nablux_mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
}

long nablux_mount_root(const char *dev, const char *fstype,
		       unsigned long flags, const char *data)
{
	long r = nablux_mount(dev, "/root", fstype, flags, data);

	if (r == 0)
		r = sys(__NR_chdir, (long)"/root", 0, 0, 0, 0);
	if (r == 0)
		r = sys(__NR_chroot, (long)".", 0, 0, 0, 0);
	if (r == 0)
		r = sys(__NR_chdir, (long)"/", 0, 0, 0, 0);
	if (r == 0)
		r = mount_kernel_fs();
	/*
	 * /tmp is the image's, as in a container, and /dev/shm (POSIX shared
	 * memory) leads there: on disk, filling them gives ENOSPC. In RAM
	 * they would take the kernel's memory, and with nothing it may kill
	 * to get it back (pid 1 is not killed) it would panic.
	 */
	if (r == 0) {
		r = sys(__NR_mkdirat, AT_FDCWD, (long)"/tmp", 0, 0, 0);
		if (r == 0)
			r = sys(__NR_fchmodat, AT_FDCWD, (long)"/tmp", 01777,
				0, 0);
		/* (a read-only root may have none: nothing to write anyway) */
		r = r == -EEXIST || r == -EROFS ? 0 : r;
	}
	if (r == 0)
		r = sys(__NR_symlinkat, (long)"/tmp", AT_FDCWD,
			(long)"/dev/shm", 0, 0);
	return r;
}

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

static void copy_name(char dst[16], const char *src)
{
	size_t i;

	for (i = 0; i < 15 && src[i]; i++)
		dst[i] = src[i];
	for (; i < 16; i++)
		dst[i] = 0;
}

static long inet_ioctl(long req, void *arg)
{
	long s = sys(__NR_socket, AF_INET, SOCK_DGRAM, 0, 0, 0);

	if (s < 0)
		return s;
	long r = sys(__NR_ioctl, s, req, (long)arg, 0, 0);
	sys(__NR_close, s, 0, 0, 0, 0);
	return r;
}

long nablux_if_up(const char *ifname, uint32_t addr, unsigned prefix)
{
	struct ifreq64 ifr;
	long r;

	if (prefix > 32)
		return -EINVAL;
	if (addr != 0) {
		ifr = (struct ifreq64){ 0 };
		copy_name(ifr.name, ifname);
		ifr.addr = (struct sockaddr_in4){ .family = AF_INET,
						  .addr = be32(addr) };
		if ((r = inet_ioctl(SIOCSIFADDR, &ifr)) < 0)
			return r;
		uint32_t mask = prefix ? ~0U << (32 - prefix) : 0;
		ifr.addr = (struct sockaddr_in4){ .family = AF_INET,
						  .addr = be32(mask) };
		if ((r = inet_ioctl(SIOCSIFNETMASK, &ifr)) < 0)
			return r;
	}
	ifr = (struct ifreq64){ 0 };
	copy_name(ifr.name, ifname);
	if ((r = inet_ioctl(SIOCGIFFLAGS, &ifr)) < 0)
		return r;
	ifr.flags |= IFF_UP;
	return inet_ioctl(SIOCSIFFLAGS, &ifr);
}

long nablux_route_default(uint32_t gw)
{
	struct rtentry64 rt = {
		.dst = { .family = AF_INET },
		.gateway = { .family = AF_INET, .addr = be32(gw) },
		.genmask = { .family = AF_INET },
		.flags = RTF_UP | RTF_GATEWAY,
	};

	return inet_ioctl(SIOCADDRT, &rt);
}

long nablux_parse_ipv4(const char *s, uint32_t *addr, unsigned *prefix)
{
	uint32_t a = 0;
	unsigned p = 32;

	for (int i = 0; i < 4; i++) {
		unsigned v = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return -EINVAL;
		a = a << 8 | v;
		if (i < 3 && *s++ != '.')
			return -EINVAL;
	}
	if (*s == '/') {
		unsigned digits = 0;

		s++;
		p = 0;
		while (*s >= '0' && *s <= '9' && digits < 3) {
			p = p * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || p > 32)
			return -EINVAL;
	}
	if (*s != 0)
		return -EINVAL;
	*addr = a;
	if (prefix)
		*prefix = p;
	return 0;
}
