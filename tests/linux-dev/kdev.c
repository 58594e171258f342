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
 *
 * Prints "ok NAME" per check, figures as "NAME VALUE", and "SUCCESS".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <netinet/in.h>
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

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "ext4"))
		test_ext4(argv[2], atoi(argv[3]), argc > 4 ? atol(argv[4]) : 16);
	else if (argc == 4 && !strcmp(argv[1], "net"))
		test_net(argv[2], atoi(argv[3]));
	else {
		fprintf(stderr, "usage: kdev ext4 IMAGE SECTOR [MiB] | "
			"kdev net TAP CONNS\n");
		return 2;
	}
	printf("SUCCESS\n");
	return 0;
}
