/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kdisk.c: a Linux unikernel on an ext4 root. Boots the kernel with the
 * Solo5 block device "rootfs" as /dev/vda, mounts it as the root (with
 * /dev, /proc, /tmp), reads /hello.txt, writes /uk/new.txt and
 * /uk/big.bin (MiB from argv[0], default 8; byte o is o * 7 + o / 4096),
 * reads big.bin back past the page cache, remounts the root read-only
 * (the file system is then clean on the image), halts and exits 0.
 *
 *   kdisk.spt crash      writes /crash/0, 1, ... (64 KiB each, 2 ms
 *                        apart), printing "synced N" once the fsync of
 *                        file N returned, until the tender is killed
 *   kdisk.spt verify N   after such a kill: the mount replays the journal;
 *                        files 0 to N must be intact; remount read-only,
 *                        halt (without a number N: a failed check)
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
#define NR_fsync 74
#define NR_mkdirat 258
#define NR_openat 257
#define NR_mount 165
#define NR_sync 162
#define NR_fadvise64 221
#define AT_FDCWD -100
#define O_RDONLY 0
#define O_WRONLY 01
#define O_CREAT 0100
#define O_TRUNC 01000
#define MS_RDONLY 1
#define MS_REMOUNT 32
#define POSIX_FADV_DONTNEED 4
#define CHUNK (1L << 20)

static char big[CHUNK];

static unsigned char pattern(unsigned long o)
{
	return (unsigned char)(o * 7 + o / 4096);
}

#define CRASH_FILE 65536
#define CRASH_MAX 800
#define NR_nanosleep 35

static long num(const char *s)
{
	long v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v;
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* "/crash/N" */
static void crash_name(char *buf, long n)
{
	char digits[24];
	int i = 0, k = 0;
	const char *dir = "/crash/";

	do {
		digits[i++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (*dir)
		buf[k++] = *dir++;
	while (i)
		buf[k++] = digits[--i];
	buf[k] = 0;
}

static void crash_loop(void)
{
	char name[32];
	long r, fd;

	r = sc(NR_mkdirat, AT_FDCWD, (long)"/crash", 0755, 0, 0);
	check("crash-mkdir", r == 0, r);
	for (long n = 0; n < CRASH_MAX; n++) {
		for (long j = 0; j < CRASH_FILE; j++)
			big[j] = (char)(n + j);
		crash_name(name, n);
		fd = sc(NR_openat, AT_FDCWD, (long)name,
			O_WRONLY | O_CREAT | O_TRUNC, 0644, 0);
		r = fd < 0 ? fd : sc(NR_write, fd, (long)big, CRASH_FILE, 0, 0);
		if (r == CRASH_FILE)
			r = sc(NR_fsync, fd, 0, 0, 0, 0);
		if (fd >= 0)
			sc(NR_close, fd, 0, 0, 0, 0);
		if (r != 0) {
			check("crash-write", 0, r);
			return;
		}
		put_figure("synced", n);
		struct { long sec, nsec; } pause = { 0, 2000000 };
		sc(NR_nanosleep, (long)&pause, 0, 0, 0, 0);
	}
	put("crash: not killed\n");
}

static void crash_verify(long last)
{
	char name[32];
	long n, r, fd, j;

	for (n = 0; n <= last; n++) {
		crash_name(name, n);
		fd = sc(NR_openat, AT_FDCWD, (long)name, O_RDONLY, 0, 0);
		r = fd < 0 ? fd : sc(NR_read, fd, (long)big, CRASH_FILE + 1, 0, 0);
		if (fd >= 0)
			sc(NR_close, fd, 0, 0, 0, 0);
		for (j = 0; r == CRASH_FILE && j < CRASH_FILE; j++)
			if (big[j] != (char)(n + j))
				break;
		if (r != CRASH_FILE || j != CRASH_FILE)
			break;
	}
	check("crash-files-intact", n == last + 1, n);
	put_figure("verified", n);
}

static long mib_arg(int argc, char **argv)
{
	long v = 0;

	if (argc < 1)
		return 8;
	for (const char *s = argv[0]; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v > 0 ? v : 8;
}

int plat_main(int argc, char **argv, char **envp)
{
	static const char hello[] = "hello from the host\n";
	static const char fresh[] = "written by the nablux unikernel\n";
	long mib = mib_arg(argc, argv), r, fd, i, j;
	char buf[128];
	uint64_t t0, t1;
	int err;

	(void)envp;
	r = nablux_platform_blk_add("rootfs");
	if (!check("blk-add", r == 0, r))
		return 1;
	t0 = solo5_clock_monotonic();
	err = nablux_start_kernel(&nablux_platform_host, "mem=64M quiet");
	t1 = solo5_clock_monotonic();
	if (!check("boot", err == 0, err))
		return 1;
	put_figure("boot_us", (long)((t1 - t0) / 1000));

	r = nablux_mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	check("devtmpfs", r == 0, r);
	t0 = solo5_clock_monotonic();
	r = nablux_mount_root("/dev/vda", "ext4", 0, NULL);
	t1 = solo5_clock_monotonic();
	if (!check("mount-root", r == 0, r))
		goto halt;
	put_figure("mount_us", (long)((t1 - t0) / 1000));
	if (argc >= 1 && streq(argv[0], "crash")) {
		crash_loop();
		goto halt;
	}
	if (argc >= 1 && streq(argv[0], "verify")) {
		/* Without N it would check nothing: refused. */
		if (check("verify-arg", argc >= 2 && *argv[1] >= '0' &&
			  *argv[1] <= '9', argc))
			crash_verify(num(argv[1]));
		goto done;
	}

	for (i = 0; i < (long)sizeof(buf); i++)
		buf[i] = 0;
	fd = sc(NR_openat, AT_FDCWD, (long)"/hello.txt", O_RDONLY, 0, 0);
	r = fd < 0 ? fd : sc(NR_read, fd, (long)buf, sizeof(buf), 0, 0);
	if (fd >= 0)
		sc(NR_close, fd, 0, 0, 0, 0);
	for (i = 0; r == sizeof(hello) - 1 && i < r && buf[i] == hello[i]; i++)
		;
	check("read-host-file", r == sizeof(hello) - 1 && i == r, r);

	r = sc(NR_mkdirat, AT_FDCWD, (long)"/uk", 0755, 0, 0);
	check("mkdir", r == 0, r);
	fd = sc(NR_openat, AT_FDCWD, (long)"/uk/new.txt",
		O_WRONLY | O_CREAT | O_TRUNC, 0644, 0);
	r = fd < 0 ? fd : sc(NR_write, fd, (long)fresh, sizeof(fresh) - 1, 0, 0);
	check("write-new-file", r == sizeof(fresh) - 1, r);
	r = fd < 0 ? fd : sc(NR_fsync, fd, 0, 0, 0, 0);
	check("fsync-new-file", r == 0, r);
	if (fd >= 0)
		sc(NR_close, fd, 0, 0, 0, 0);

	fd = sc(NR_openat, AT_FDCWD, (long)"/uk/big.bin",
		O_WRONLY | O_CREAT | O_TRUNC, 0644, 0);
	check("create-big", fd >= 0, fd);
	t0 = solo5_clock_monotonic();
	for (i = 0, r = 0; fd >= 0 && i < mib; i++) {
		for (j = 0; j < CHUNK; j++)
			big[j] = (char)pattern(i * CHUNK + j);
		r = sc(NR_write, fd, (long)big, CHUNK, 0, 0);
		if (r != CHUNK)
			break;
	}
	check("write-big", i == mib, r);
	r = fd < 0 ? fd : sc(NR_fsync, fd, 0, 0, 0, 0);
	t1 = solo5_clock_monotonic();
	check("fsync-big", r == 0, r);
	put_figure("write_MBps", (long)(mib * 1048576LL / (long)((t1 - t0) / 1000 + 1)));
	/* Out of the page cache, so the read below comes from the disk. */
	r = fd < 0 ? fd : sc(NR_fadvise64, fd, 0, 0, POSIX_FADV_DONTNEED, 0);
	check("fadvise-dontneed", r == 0, r);
	if (fd >= 0)
		sc(NR_close, fd, 0, 0, 0, 0);

	fd = sc(NR_openat, AT_FDCWD, (long)"/uk/big.bin", O_RDONLY, 0, 0);
	t0 = solo5_clock_monotonic();
	for (i = 0, r = 0; fd >= 0 && i < mib; i++) {
		r = sc(NR_read, fd, (long)big, CHUNK, 0, 0);
		if (r != CHUNK)
			break;
		for (j = 0; j < CHUNK; j += 509)
			if ((unsigned char)big[j] != pattern(i * CHUNK + j))
				break;
		if (j < CHUNK) {
			r = -1000 - j;
			break;
		}
	}
	t1 = solo5_clock_monotonic();
	check("read-big", i == mib, r);
	put_figure("read_MBps", (long)(mib * 1048576LL / (long)((t1 - t0) / 1000 + 1)));
	if (fd >= 0)
		sc(NR_close, fd, 0, 0, 0, 0);

done:
	r = sc(NR_sync, 0, 0, 0, 0, 0);
	check("sync", r == 0, r);
	r = sc(NR_mount, 0, (long)"/", 0, MS_REMOUNT | MS_RDONLY, 0);
	check("remount-ro", r == 0, r);
halt:
	r = nablux_halt();
	check("halt", r == 0, r);
	if (!uk_failed)
		put("SUCCESS\n");
	return uk_failed;
}
