/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uksuite.c: the library kernel's test suite (tests/linux/ktest.c and
 * more) as a Linux unikernel on nablux-spt. Runs with nablux.root=none:
 * the kernel's RAM root with /dev, /proc and a tmpfs /tmp.
 *
 *   uksuite.spt [TEST...]     run the named tests (default: all)
 *
 * Each check prints "ok NAME" or "FAIL NAME: why"; a test stops at its
 * first failing check. Threads are platform green threads that become
 * kernel threads of pid 1 on their first system call. Last line:
 * "SUCCESS" or "FAILED N".
 */
#include <stdint.h>

#include "platform.h"
#include <nablux/app.h>
#include <nablux/nablux.h>
#include "ukt.h"

static int failures;
static const char *cur;		/* the running test */

static void fail(int line, const char *f, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, f);
	u_vfmt(why, sizeof(why), f, ap);
	va_end(ap);
	u_printf("FAIL %s: line %d: %s\n", cur, line, why);
	failures++;
}

/* On failure: print, count, leave the test function. */
#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fail(__LINE__, __VA_ARGS__);				\
		return;							\
	}								\
} while (0)

/* Same, for functions returning a value (threads' bodies). */
#define CHECKR(ret, cond, ...) do {					\
	if (!(cond)) {							\
		fail(__LINE__, __VA_ARGS__);				\
		return ret;						\
	}								\
} while (0)

/* ---- green threads ---------------------------------------------------------- */

struct thr {
	plat_thread_t *t;
	void (*fn)(void *);
	void *arg;
};

static void spawn(struct thr *t, void (*fn)(void *), void *arg)
{
	struct plat_thread_attr a = { .stack_size = 256 * 1024, .name = "uksuite" };
	int r = plat_thread_create(&t->t, fn, arg, &a);

	if (r < 0) {
		u_printf("FAIL %s: plat_thread_create: %d\n", cur, r);
		failures++;
		t->t = NULL;
	}
}

static void join(struct thr *t)
{
	if (t->t)
		plat_thread_join(t->t);
	t->t = NULL;
}

/* ---- process ---------------------------------------------------------------- */

static void t_getpid(void)
{
	long r;

	CHECK((r = SC0(NR_getpid)) == 1, "getpid %ld", r);
	CHECK((r = SC0(NR_getppid)) == 0, "getppid %ld", r);
	CHECK((r = SC0(NR_gettid)) == 1, "gettid %ld", r);
	CHECK((r = SC0(NR_getuid)) == 0, "getuid %ld", r);
	CHECK((r = SC0(NR_getgid)) == 0, "getgid %ld", r);
}

static void t_uname(void)
{
	char u[6][65];

	CHECK(SC1(NR_uname, u) == 0, "uname");
	CHECK(!u_strcmp(u[0], "Linux"), "sysname %s", u[0]);
	CHECK(u_prefix(u[2], "6.1."), "release %s", u[2]);
	CHECK(!u_strcmp(u[4], "x86_64"), "machine %s", u[4]);
}

static void t_enosys(void)
{
	static const long nrs[] = { NR_fork, NR_vfork, NR_clone, NR_execve,
				    NR_execveat, NR_rt_sigreturn, NR_iopl,
				    NR_ioperm, NR_modify_ldt, NR_arch_prctl,
				    NR_clone3, 100000, -1 };
	long r;

	for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		CHECK((r = SC0(nrs[i])) == -ENOSYS, "syscall %ld: %ld", nrs[i], r);
}

static long read_file(const char *path, char *buf, long cap)
{
	long fd = SC3(NR_open, path, O_RDONLY, 0), n = 0, r;

	if (fd < 0)
		return fd;
	while (n < cap - 1 && (r = SC3(NR_read, fd, buf + n, cap - 1 - n)) > 0)
		n += r;
	SC1(NR_close, fd);
	buf[n] = 0;
	return n;
}

/* The RAM root: /tmp is a RAM file system (ramfs: tmpfs needs SHMEM,
 * which needs an MMU; linux/config/nablux.config), /proc and /dev are
 * there; no /sys (CONFIG_SYSFS is off). */
static void t_ramroot(void)
{
	long st[15];		/* struct statfs: 120 bytes */
	static char buf[4096];
	char z[16];
	long r, fd;

	u_memset(st, 0, sizeof(st));
	CHECK((r = SC2(NR_statfs, "/tmp", st)) == 0, "statfs /tmp: %ld", r);
	CHECK(st[0] == RAMFS_MAGIC || st[0] == TMPFS_MAGIC, "/tmp f_type %lx", st[0]);
	CHECK(st[1] == 4096, "/tmp f_bsize %ld", st[1]);
	CHECK((r = read_file("/proc/mounts", buf, sizeof(buf))) > 0,
	      "/proc/mounts: %ld", r);
	CHECK(u_contains(buf, " /tmp tmpfs "), "/proc/mounts lacks /tmp: %s", buf);
	CHECK(u_contains(buf, " /proc proc "), "/proc/mounts lacks /proc: %s", buf);
	CHECK(u_contains(buf, " /dev devtmpfs "), "/proc/mounts lacks /dev");
	CHECK(!u_contains(buf, " sysfs "), "/proc/mounts has a sysfs (CONFIG_SYSFS is off)");
	CHECK((r = read_file("/proc/self/stat", buf, sizeof(buf))) > 0 &&
	      u_prefix(buf, "1 ("), "/proc/self/stat: %ld %s", r, buf);
	fd = SC3(NR_open, "/dev/null", O_RDWR, 0);
	CHECK(fd >= 0, "open /dev/null: %ld", fd);
	CHECK((r = SC3(NR_write, fd, "x", 1)) == 1, "write /dev/null: %ld", r);
	CHECK((r = SC3(NR_read, fd, z, 1)) == 0, "read /dev/null: %ld", r);
	SC1(NR_close, fd);
	fd = SC3(NR_open, "/dev/zero", O_RDONLY, 0);
	CHECK(fd >= 0, "open /dev/zero: %ld", fd);
	u_memset(z, 1, sizeof(z));
	CHECK((r = SC3(NR_read, fd, z, sizeof(z))) == sizeof(z), "read /dev/zero: %ld", r);
	for (unsigned i = 0; i < sizeof(z); i++)
		CHECK(z[i] == 0, "/dev/zero byte %u is %d", i, z[i]);
	SC1(NR_close, fd);
}

/* ---- files ------------------------------------------------------------------- */

static void t_files(void)
{
	char buf[64];
	long fd, r;

	fd = SC3(NR_open, "/tmp/a", O_CREAT | O_RDWR | O_EXCL, 0644);
	CHECK(fd >= 0, "open: %ld", fd);
	CHECK((r = SC3(NR_open, "/tmp/a", O_CREAT | O_RDWR | O_EXCL, 0644)) == -EEXIST,
	      "O_EXCL on an existing file: %ld", r);
	CHECK((r = SC3(NR_write, fd, "hello, kernel", 13)) == 13, "write %ld", r);
	CHECK((r = SC3(NR_lseek, fd, 0, SEEK_SET)) == 0, "lseek %ld", r);
	u_memset(buf, 0, sizeof(buf));
	CHECK((r = SC3(NR_read, fd, buf, sizeof(buf))) == 13, "read %ld", r);
	CHECK(!u_strcmp(buf, "hello, kernel"), "read back \"%s\"", buf);
	CHECK((r = SC4(NR_pread64, fd, buf, 6, 7)) == 6 &&
	      !u_memcmp(buf, "kernel", 6), "pread %ld", r);
	CHECK((r = SC3(NR_lseek, fd, 0, SEEK_END)) == 13, "lseek end %ld", r);
	CHECK((r = SC2(NR_ftruncate, fd, 5)) == 0, "ftruncate %ld", r);
	CHECK((r = SC3(NR_lseek, fd, 0, SEEK_END)) == 5, "size after truncate %ld", r);
	CHECK((r = SC1(NR_fsync, fd)) == 0, "fsync %ld", r);
	CHECK(SC1(NR_close, fd) == 0, "close");
	CHECK((r = SC1(NR_close, fd)) == -EBADF, "second close %ld", r);
	CHECK((r = SC2(NR_rename, "/tmp/a", "/tmp/b")) == 0, "rename %ld", r);
	CHECK((r = SC3(NR_open, "/tmp/a", O_RDONLY, 0)) == -ENOENT, "old name %ld", r);
	fd = SC3(NR_open, "/tmp/b", O_RDONLY, 0);
	CHECK(fd >= 0, "open renamed: %ld", fd);
	CHECK((r = SC3(NR_read, fd, buf, sizeof(buf))) == 5 &&
	      !u_memcmp(buf, "hello", 5), "read renamed %ld", r);
	SC1(NR_close, fd);
	/* O_APPEND writes go to the end whatever the offset. */
	fd = SC3(NR_open, "/tmp/b", O_WRONLY | O_APPEND, 0);
	CHECK(fd >= 0, "open O_APPEND: %ld", fd);
	SC3(NR_lseek, fd, 0, SEEK_SET);
	CHECK(SC3(NR_write, fd, "!", 1) == 1, "append");
	SC1(NR_close, fd);
	CHECK((r = read_file("/tmp/b", buf, sizeof(buf))) == 6 &&
	      !u_strcmp(buf, "hello!"), "appended: %ld \"%s\"", r, buf);
	CHECK((r = SC1(NR_unlink, "/tmp/b")) == 0, "unlink %ld", r);
	CHECK((r = SC3(NR_open, "/tmp/b", O_RDONLY, 0)) == -ENOENT, "unlinked %ld", r);
	CHECK((r = SC1(NR_unlink, "/tmp/b")) == -ENOENT, "unlink twice %ld", r);
	/* A file 1 MiB long, written in pieces, read back. */
	static unsigned char big[1 << 20];
	fd = SC3(NR_open, "/tmp/big", O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(fd >= 0, "open big: %ld", fd);
	for (long i = 0; i < (long)sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + i / 4096);
	for (long o = 0; o < (long)sizeof(big); o += 12345) {
		long n = sizeof(big) - o < 12345 ? (long)sizeof(big) - o : 12345;
		CHECK((r = SC3(NR_write, fd, big + o, n)) == n, "write big at %ld: %ld", o, r);
	}
	u_memset(big, 0, sizeof(big));
	CHECK((r = SC4(NR_pread64, fd, big, sizeof(big), 0)) == sizeof(big),
	      "pread big %ld", r);
	for (long i = 0; i < (long)sizeof(big); i++)
		CHECK(big[i] == (unsigned char)(i * 7 + i / 4096), "big byte %ld", i);
	SC1(NR_close, fd);
	CHECK(SC1(NR_unlink, "/tmp/big") == 0, "unlink big");
}

/* struct stat as x86_64 lays it out: 144 bytes. */
#define ST_DEV		0
#define ST_INO		8
#define ST_NLINK	16
#define ST_MODE		24
#define ST_UID		28
#define ST_GID		32
#define ST_RDEV		40
#define ST_SIZE		48
#define ST_BLKSIZE	56
#define ST_BLOCKS	64
#define ST_ATIME	72
#define ST_MTIME	88
#define ST_CTIME	104
#define ST_UNUSED	120
#define ST_SIZEOF	144
#define FIELD(buf, off, type) (*(type *)(void *)((buf) + (off)))

static void t_stat(void)
{
	unsigned char st[ST_SIZEOF + 16] __attribute__((aligned(8)));
	struct plat_timespec host;
	long r, fd, now;
	int i;

	plat_clock_gettime(CLOCK_REALTIME, &host);
	now = host.tv_sec;
	CHECK((r = SC2(NR_mkdir, "/tmp/d", 0750)) == 0, "mkdir %ld", r);
	u_memset(st, 0xa5, sizeof(st));
	CHECK((r = SC2(NR_stat, "/tmp/d", st)) == 0, "stat %ld", r);
	CHECK(FIELD(st, ST_MODE, unsigned) == (S_IFDIR | 0750),
	      "st_mode %o", FIELD(st, ST_MODE, unsigned));
	CHECK(FIELD(st, ST_NLINK, unsigned long) == 2, "st_nlink %lu",
	      FIELD(st, ST_NLINK, unsigned long));
	CHECK(FIELD(st, ST_INO, unsigned long) != 0, "st_ino 0");
	CHECK(FIELD(st, ST_DEV, unsigned long) != 0, "st_dev 0");
	CHECK(FIELD(st, ST_UID, unsigned) == 0 && FIELD(st, ST_GID, unsigned) == 0,
	      "st_uid/st_gid");
	CHECK(FIELD(st, ST_RDEV, unsigned long) == 0, "st_rdev");
	CHECK(FIELD(st, ST_BLKSIZE, long) == 4096, "st_blksize %ld",
	      FIELD(st, ST_BLKSIZE, long));
	for (i = ST_ATIME; i <= ST_CTIME; i += 16) {
		long sec = FIELD(st, i, long), nsec = FIELD(st, i + 8, long);

		CHECK(sec > now - 5 && sec < now + 5,
		      "time at %d is %ld, host says %ld", i, sec, now);
		CHECK(nsec >= 0 && nsec < 1000000000, "nsec at %d: %ld", i, nsec);
	}
	for (i = ST_UNUSED; i < ST_SIZEOF; i++)
		CHECK(st[i] == 0, "padding byte %d is %x", i, st[i]);
	for (i = ST_SIZEOF; i < (int)sizeof(st); i++)
		CHECK(st[i] == 0xa5, "byte %d past struct stat written", i);

	fd = SC3(NR_open, "/tmp/d/f", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0, "create: %ld", fd);
	CHECK(SC3(NR_write, fd, "0123456789", 10) == 10, "write");
	u_memset(st, 0xa5, sizeof(st));
	CHECK((r = SC2(NR_fstat, fd, st)) == 0, "fstat %ld", r);
	CHECK(FIELD(st, ST_MODE, unsigned) == (S_IFREG | 0600), "file mode %o",
	      FIELD(st, ST_MODE, unsigned));
	CHECK(FIELD(st, ST_SIZE, long) == 10, "st_size %ld", FIELD(st, ST_SIZE, long));
	CHECK(FIELD(st, ST_NLINK, unsigned long) == 1, "file nlink");
	CHECK(FIELD(st, ST_BLOCKS, long) >= 0, "st_blocks");
	u_memset(st, 0xa5, sizeof(st));
	CHECK((r = SC4(NR_newfstatat, AT_FDCWD, "/tmp/d/f", st, 0)) == 0,
	      "newfstatat %ld", r);
	CHECK(FIELD(st, ST_SIZE, long) == 10 &&
	      (FIELD(st, ST_MODE, unsigned) & S_IFMT) == S_IFREG, "newfstatat fields");
	CHECK(st[ST_SIZEOF] == 0xa5, "newfstatat wrote past 144 bytes");
	SC1(NR_close, fd);
	CHECK((r = SC1(NR_rmdir, "/tmp/d")) == -ENOTEMPTY, "rmdir non-empty %ld", r);
	CHECK(SC1(NR_unlink, "/tmp/d/f") == 0, "unlink");
	CHECK((r = SC1(NR_rmdir, "/tmp/d")) == 0, "rmdir %ld", r);
	CHECK((r = SC2(NR_stat, "/tmp/d", st)) == -ENOENT, "stat removed %ld", r);
}

/* ---- directories --------------------------------------------------------------- */

static void t_getdents(void)
{
	static const char *names[] = { ".", "..", "alpha", "beta", "gamma",
				       "a-rather-long-file-name-to-vary-d_reclen",
				       "sub" };
	enum { N = sizeof(names) / sizeof(names[0]) };
	int seen[N] = { 0 };
	char buf[64] __attribute__((aligned(8)));
	long r, fd, calls = 0, ents = 0;

	CHECK((r = SC2(NR_mkdir, "/tmp/dir", 0755)) == 0, "mkdir %ld", r);
	for (int i = 2; i < N - 1; i++) {
		char path[96];

		u_fmt(path, sizeof(path), "/tmp/dir/%s", names[i]);
		fd = SC3(NR_open, path, O_CREAT | O_WRONLY, 0644);
		CHECK(fd >= 0, "create %s: %ld", path, fd);
		SC1(NR_close, fd);
	}
	CHECK(SC2(NR_mkdir, "/tmp/dir/sub", 0755) == 0, "mkdir sub");
	fd = SC3(NR_open, "/tmp/dir", O_RDONLY | O_DIRECTORY, 0);
	CHECK(fd >= 0, "open dir: %ld", fd);
	CHECK((r = SC3(NR_open, "/tmp/dir/alpha", O_RDONLY | O_DIRECTORY, 0)) == -ENOTDIR,
	      "O_DIRECTORY on a file: %ld", r);
	/* A 64-byte buffer holds one or two entries: many calls. */
	while ((r = SC3(NR_getdents64, fd, buf, sizeof(buf))) > 0) {
		calls++;
		for (long o = 0; o < r;) {
			uint64_t ino = FIELD(buf, o, uint64_t);
			uint16_t reclen = FIELD(buf, o + 16, uint16_t);
			uint8_t type = (uint8_t)buf[o + 18];
			const char *name = buf + o + 19;
			int k;

			CHECK(reclen >= 20 && reclen % 8 == 0 && o + reclen <= r,
			      "d_reclen %u at %ld of %ld", reclen, o, r);
			CHECK(ino != 0, "d_ino 0 for %s", name);
			for (k = 0; k < N && u_strcmp(names[k], name); k++)
				;
			CHECK(k < N, "unexpected entry \"%s\"", name);
			CHECK(!seen[k], "entry %s twice", name);
			seen[k] = 1;
			CHECK(type == (k < 2 || k == N - 1 ? DT_DIR : DT_REG),
			      "d_type of %s is %u", name, type);
			ents++;
			o += reclen;
		}
	}
	CHECK(r == 0, "getdents64: %ld", r);
	CHECK(ents == N, "%ld entries, want %d", ents, N);
	CHECK(calls >= 3, "only %ld getdents64 calls with a 64-byte buffer", calls);
	CHECK((r = SC3(NR_getdents64, fd, buf, 8)) == 0, "at the end: %ld", r);
	CHECK(SC3(NR_lseek, fd, 0, SEEK_SET) == 0, "rewind");
	CHECK((r = SC3(NR_getdents64, fd, buf, 8)) == -EINVAL,
	      "buffer too small: %ld", r);
	SC1(NR_close, fd);
	CHECK((r = SC1(NR_rmdir, "/tmp/dir/sub")) == 0, "rmdir sub %ld", r);
}

/* ---- pipes -------------------------------------------------------------------------- */

static int pfd[2];
static long preader_res;

static void pipe_reader(void *arg)
{
	char buf[16] = { 0 };
	long r = SC3(NR_read, pfd[0], buf, sizeof(buf));

	(void)arg;
	preader_res = r == 5 && !u_memcmp(buf, "later", 5) ? 1 : -1000 + r;
}

static long pwriter_total;

/* Writes 256 KiB into a 64 KiB pipe: blocks until the reader drains it. */
static void pipe_writer(void *arg)
{
	static char chunk[4096];
	long total = 0, r;

	(void)arg;
	for (int i = 0; i < 64; i++) {
		u_memset(chunk, 'a' + i % 26, sizeof(chunk));
		if ((r = SC3(NR_write, pfd[1], chunk, sizeof(chunk))) != sizeof(chunk))
			break;
		total += r;
	}
	pwriter_total = total;
	SC1(NR_close, pfd[1]);
}

static void t_pipe(void)
{
	static char buf[4096];
	struct thr t;
	long r, total;
	uint64_t t0;

	CHECK((r = SC2(NR_pipe2, pfd, 0)) == 0, "pipe2 %ld", r);
	CHECK(SC3(NR_write, pfd[1], "ping", 4) == 4, "write");
	CHECK(SC3(NR_read, pfd[0], buf, sizeof(buf)) == 4 &&
	      !u_memcmp(buf, "ping", 4), "read");
	/* A reader on another green thread blocks in the kernel until we write. */
	preader_res = 0;
	spawn(&t, pipe_reader, NULL);
	t0 = u_now_ns();
	u_msleep(30);
	CHECK(u_now_ns() - t0 >= 30000000, "nanosleep 30 ms took %lu ns",
	      (unsigned long)(u_now_ns() - t0));
	CHECK(preader_res == 0, "reader did not block: %ld", preader_res);
	CHECK(SC3(NR_write, pfd[1], "later", 5) == 5, "write later");
	join(&t);
	CHECK(preader_res == 1, "blocked reader got %ld", preader_res);
	CHECK((r = SC3(NR_fcntl, pfd[1], F_GETPIPE_SZ, 0)) == 65536,
	      "F_GETPIPE_SZ %ld", r);
	/* Non-blocking write on a full pipe: EAGAIN. */
	CHECK(SC3(NR_fcntl, pfd[1], F_SETFL, O_NONBLOCK) == 0, "O_NONBLOCK");
	total = 0;
	while ((r = SC3(NR_write, pfd[1], buf, sizeof(buf))) > 0)
		total += r;
	CHECK(r == -EAGAIN && total == 65536, "full pipe: %ld after %ld bytes", r, total);
	while (total > 0 && (r = SC3(NR_read, pfd[0], buf, sizeof(buf))) > 0)
		total -= r;
	CHECK(total == 0, "drain: %ld left, read %ld", total, r);
	CHECK(SC3(NR_fcntl, pfd[1], F_SETFL, 0) == 0, "blocking again");
	/* A writer that blocks on the full pipe, woken as we read. */
	spawn(&t, pipe_writer, NULL);
	total = 0;
	while ((r = SC3(NR_read, pfd[0], buf, sizeof(buf))) > 0) {
		for (long i = 0; i < r; i++)
			CHECK(buf[i] == 'a' + (int)((total + i) / 4096) % 26,
			      "byte %ld is %c", total + i, buf[i]);
		total += r;
	}
	join(&t);
	CHECK(r == 0, "eof: %ld", r);
	CHECK(total == 64 * 4096 && pwriter_total == total, "read %ld of %ld",
	      total, pwriter_total);
	CHECK(SC1(NR_close, pfd[0]) == 0, "close reader");
}

/* ---- epoll, poll, eventfd, timerfd -------------------------------------------------- */

static long evfd;

static void eventfd_poker(void *arg)
{
	uint64_t v = (uint64_t)(uintptr_t)arg;

	u_msleep(20);
	SC3(NR_write, evfd, &v, 8);
}

static void t_epoll(void)
{
	struct k_epoll_event ev = { .events = EPOLLIN, .data = 0x1122334455667788ULL };
	struct k_epoll_event out[3];
	int fds[2];
	uint64_t v = 3, t0;
	long ep, r;
	struct thr t;

	CHECK(sizeof(struct k_epoll_event) == 12, "epoll_event is packed on x86_64");
	evfd = SC2(NR_eventfd2, 0, 0);
	ep = SC1(NR_epoll_create1, O_CLOEXEC);
	CHECK(evfd >= 0 && ep >= 0, "eventfd %ld epoll %ld", evfd, ep);
	CHECK(SC4(NR_epoll_ctl, ep, EPOLL_CTL_ADD, evfd, &ev) == 0, "epoll_ctl");
	CHECK((r = SC4(NR_epoll_ctl, ep, EPOLL_CTL_ADD, evfd, &ev)) == -EEXIST,
	      "second add %ld", r);
	CHECK((r = SC4(NR_epoll_wait, ep, out, 3, 0)) == 0, "idle wait %ld", r);
	t0 = u_now_ns();
	CHECK((r = SC4(NR_epoll_wait, ep, out, 3, 40)) == 0, "timed wait %ld", r);
	CHECK(u_now_ns() - t0 >= 40000000ULL, "40 ms epoll_wait returned after %lu us",
	      (unsigned long)((u_now_ns() - t0) / 1000));
	CHECK(SC3(NR_write, evfd, &v, 8) == 8, "eventfd write");
	u_memset(out, 0, sizeof(out));
	CHECK((r = SC4(NR_epoll_wait, ep, out, 3, 100)) == 1, "wait %ld", r);
	CHECK(out[0].events == EPOLLIN && out[0].data == ev.data,
	      "event %x data %lx", out[0].events, (unsigned long)out[0].data);
	v = 0;
	CHECK(SC3(NR_read, evfd, &v, 8) == 8 && v == 3, "eventfd read %lu",
	      (unsigned long)v);
	/* Two ready descriptors: 12-byte stride in the output array. */
	CHECK(SC2(NR_pipe2, fds, 0) == 0, "pipe2");
	struct k_epoll_event pev = { .events = EPOLLIN, .data = 0xabcdef };
	CHECK(SC4(NR_epoll_ctl, ep, EPOLL_CTL_ADD, fds[0], &pev) == 0, "add pipe");
	v = 1;
	SC3(NR_write, evfd, &v, 8);
	SC3(NR_write, fds[1], "x", 1);
	u_memset(out, 0, sizeof(out));
	CHECK((r = SC4(NR_epoll_wait, ep, out, 3, 100)) == 2, "two ready: %ld", r);
	CHECK((out[0].data == ev.data && out[1].data == pev.data) ||
	      (out[1].data == ev.data && out[0].data == pev.data),
	      "data %lx %lx", (unsigned long)out[0].data, (unsigned long)out[1].data);
	SC3(NR_read, evfd, &v, 8);
	SC3(NR_read, fds[0], &v, 1);
	/* Blocked in epoll_wait, woken by another green thread. */
	spawn(&t, eventfd_poker, (void *)5);
	t0 = u_now_ns();
	u_memset(out, 0, sizeof(out));
	r = SC4(NR_epoll_wait, ep, out, 3, 2000);
	join(&t);
	CHECK(r == 1 && out[0].data == ev.data, "woken wait %ld", r);
	CHECK(u_now_ns() - t0 < 1000000000ULL, "wake took %lu us",
	      (unsigned long)((u_now_ns() - t0) / 1000));
	SC3(NR_read, evfd, &v, 8);
	CHECK(v == 5, "poker wrote %lu", (unsigned long)v);
	/* Writer closed: EPOLLHUP. */
	SC1(NR_close, fds[1]);
	CHECK((r = SC4(NR_epoll_wait, ep, out, 3, 0)) == 1 &&
	      (out[0].events & EPOLLHUP) && out[0].data == pev.data,
	      "hangup: %ld events %x", r, out[0].events);
	CHECK(SC4(NR_epoll_ctl, ep, EPOLL_CTL_DEL, fds[0], 0) == 0, "del");
	CHECK((r = SC4(NR_epoll_wait, ep, out, 3, 0)) == 0, "after del %ld", r);
	SC1(NR_close, fds[0]);
	SC1(NR_close, ep);
	SC1(NR_close, evfd);
}

static void t_poll(void)
{
	struct k_pollfd p[3];
	int fds[2];
	long r, efd;
	uint64_t v, t0;
	struct thr t;
	struct k_timespec ts = { 0, 30 * 1000000 };

	CHECK(sizeof(struct k_pollfd) == 8, "pollfd");
	CHECK(SC2(NR_pipe2, fds, 0) == 0, "pipe2");
	efd = evfd = SC2(NR_eventfd2, 0, EFD_NONBLOCK);
	CHECK(efd >= 0, "eventfd %ld", efd);
	p[0] = (struct k_pollfd){ fds[0], POLLIN, 0x5a5a };
	p[1] = (struct k_pollfd){ fds[1], POLLOUT, 0x5a5a };
	p[2] = (struct k_pollfd){ (int)efd, POLLIN, 0x5a5a };
	CHECK((r = SC3(NR_poll, p, 3, 0)) == 1, "poll: %ld", r);
	CHECK(p[0].revents == 0 && p[1].revents == POLLOUT && p[2].revents == 0,
	      "revents %x %x %x", p[0].revents, p[1].revents, p[2].revents);
	t0 = u_now_ns();
	CHECK((r = SC3(NR_poll, p, 1, 30)) == 0, "timed poll: %ld", r);
	CHECK(u_now_ns() - t0 >= 30000000ULL, "30 ms poll returned after %lu us",
	      (unsigned long)((u_now_ns() - t0) / 1000));
	t0 = u_now_ns();
	CHECK((r = SC5(NR_ppoll, p, 1, &ts, 0, 8)) == 0, "ppoll: %ld", r);
	CHECK(u_now_ns() - t0 >= 30000000ULL, "30 ms ppoll returned after %lu us",
	      (unsigned long)((u_now_ns() - t0) / 1000));
	SC3(NR_write, fds[1], "z", 1);
	CHECK((r = SC3(NR_poll, p, 3, 0)) == 2 && p[0].revents == POLLIN,
	      "readable: %ld %x", r, p[0].revents);
	SC3(NR_read, fds[0], &v, 1);
	/* Blocked in poll, woken by another green thread through the eventfd. */
	spawn(&t, eventfd_poker, (void *)2);
	r = SC3(NR_poll, &p[2], 1, 2000);
	join(&t);
	CHECK(r == 1 && p[2].revents == POLLIN, "woken poll: %ld %x", r, p[2].revents);
	SC1(NR_close, fds[1]);
	CHECK((r = SC3(NR_poll, p, 1, 0)) == 1 && (p[0].revents & POLLHUP),
	      "hangup: %ld %x", r, p[0].revents);
	SC1(NR_close, fds[0]);
	p[0].events = POLLIN;
	CHECK((r = SC3(NR_poll, p, 1, 0)) == 1 && p[0].revents == POLLNVAL,
	      "closed fd: %ld %x", r, p[0].revents);
	SC1(NR_close, efd);
}

static void t_eventfd(void)
{
	uint64_t v;
	long fd, r;

	fd = SC2(NR_eventfd2, 0, EFD_NONBLOCK);
	CHECK(fd >= 0, "eventfd2 %ld", fd);
	CHECK((r = SC3(NR_read, fd, &v, 8)) == -EAGAIN, "empty read %ld", r);
	v = 3;
	SC3(NR_write, fd, &v, 8);
	v = 4;
	SC3(NR_write, fd, &v, 8);
	CHECK((r = SC3(NR_read, fd, &v, 8)) == 8 && v == 7, "sum %ld %lu", r,
	      (unsigned long)v);
	CHECK((r = SC3(NR_read, fd, &v, 4)) == -EINVAL, "short read %ld", r);
	v = ~0ULL;
	CHECK((r = SC3(NR_write, fd, &v, 8)) == -EINVAL, "write ~0 %ld", r);
	SC1(NR_close, fd);
	fd = SC2(NR_eventfd2, 2, EFD_SEMAPHORE | EFD_NONBLOCK);
	CHECK(fd >= 0, "semaphore eventfd %ld", fd);
	CHECK(SC3(NR_read, fd, &v, 8) == 8 && v == 1, "semaphore 1");
	CHECK(SC3(NR_read, fd, &v, 8) == 8 && v == 1, "semaphore 2");
	CHECK((r = SC3(NR_read, fd, &v, 8)) == -EAGAIN, "semaphore empty %ld", r);
	SC1(NR_close, fd);
}

static void t_timerfd(void)
{
	struct k_itimerspec its = { { 0, 0 }, { 0, 30 * 1000000 } }, cur;
	uint64_t v = 0, t0, dt;
	long fd, r, ep;
	struct k_epoll_event ev = { .events = EPOLLIN, .data = 42 }, out;

	fd = SC2(NR_timerfd_create, CLOCK_MONOTONIC, 0);
	CHECK(fd >= 0, "timerfd_create %ld", fd);
	t0 = u_now_ns();
	CHECK((r = SC4(NR_timerfd_settime, fd, 0, &its, 0)) == 0, "settime %ld", r);
	u_memset(&cur, 0, sizeof(cur));
	CHECK(SC2(NR_timerfd_gettime, fd, &cur) == 0, "gettime");
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
	      cur.it_value.tv_nsec <= 30000000, "remaining %ld.%ld",
	      cur.it_value.tv_sec, cur.it_value.tv_nsec);
	/* A blocking read returns at expiry, with one expiration. */
	CHECK((r = SC3(NR_read, fd, &v, 8)) == 8 && v == 1, "read %ld %lu", r,
	      (unsigned long)v);
	dt = u_now_ns() - t0;
	CHECK(dt >= 30000000ULL && dt < 200000000ULL, "30 ms timer fired after %lu us",
	      (unsigned long)(dt / 1000));
	u_printf("timerfd: 30 ms one-shot fired after %lu us\n", (unsigned long)(dt / 1000));
	/* Periodic, 10 ms: several expirations pile up while we sleep. */
	its = (struct k_itimerspec){ { 0, 10000000 }, { 0, 10000000 } };
	CHECK(SC4(NR_timerfd_settime, fd, 0, &its, 0) == 0, "periodic");
	u_msleep(55);
	CHECK((r = SC3(NR_read, fd, &v, 8)) == 8 && v >= 4 && v <= 7,
	      "periodic expirations %lu", (unsigned long)v);
	its = (struct k_itimerspec){ { 0, 0 }, { 0, 0 } };
	CHECK(SC4(NR_timerfd_settime, fd, 0, &its, 0) == 0, "disarm");
	SC1(NR_close, fd);
	/* In epoll, non-blocking. */
	fd = SC2(NR_timerfd_create, CLOCK_MONOTONIC, TFD_NONBLOCK);
	CHECK(fd >= 0, "timerfd_create nonblock %ld", fd);
	CHECK((r = SC3(NR_read, fd, &v, 8)) == -EAGAIN, "unarmed read %ld", r);
	ep = SC1(NR_epoll_create1, 0);
	CHECK(SC4(NR_epoll_ctl, ep, EPOLL_CTL_ADD, fd, &ev) == 0, "epoll_ctl");
	its = (struct k_itimerspec){ { 0, 0 }, { 0, 20 * 1000000 } };
	t0 = u_now_ns();
	SC4(NR_timerfd_settime, fd, 0, &its, 0);
	CHECK((r = SC4(NR_epoll_wait, ep, &out, 1, 1000)) == 1 && out.data == 42,
	      "epoll on timerfd %ld", r);
	dt = u_now_ns() - t0;
	CHECK(dt >= 20000000ULL && dt < 200000000ULL, "20 ms timer in epoll after %lu us",
	      (unsigned long)(dt / 1000));
	CHECK(SC3(NR_read, fd, &v, 8) == 8 && v == 1, "read after epoll");
	SC1(NR_close, ep);
	SC1(NR_close, fd);
}

/* ---- time ---------------------------------------------------------------------------- */

static void t_clock(void)
{
	struct k_timespec k, ts = { 0, 20 * 1000000 };
	struct plat_timespec h;
	uint64_t t0, dt = 0;

	CHECK(SC2(NR_clock_gettime, CLOCK_REALTIME, &k) == 0, "clock_gettime");
	plat_clock_gettime(CLOCK_REALTIME, &h);
	CHECK(k.tv_sec - h.tv_sec <= 2 && h.tv_sec - k.tv_sec <= 2,
	      "realtime %ld vs host %ld", k.tv_sec, (long)h.tv_sec);
	CHECK(SC2(NR_clock_gettime, CLOCK_MONOTONIC, &k) == 0, "monotonic");
	for (int i = 0; i < 3; i++) {
		t0 = u_now_ns();
		CHECK(SC2(NR_nanosleep, &ts, 0) == 0, "nanosleep");
		dt = u_now_ns() - t0;
		CHECK(dt >= 20000000ULL && dt < 60000000ULL, "20 ms sleep took %lu us",
		      (unsigned long)(dt / 1000));
	}
	u_printf("clock: last 20 ms nanosleep took %lu us\n", (unsigned long)(dt / 1000));
}

/* ---- futex between green threads --------------------------------------------------- */

static int futex_word;
static long futex_woken;

static void futex_waker(void *arg)
{
	(void)arg;
	u_msleep(30);
	__atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
	futex_woken = SC6(NR_futex, &futex_word, FUTEX_WAKE, 1, 0, 0, 0);
}

static int futex2;
static long f2_res[2];

static void futex_waiter(void *arg)
{
	long i = (long)arg;

	f2_res[i] = SC6(NR_futex, &futex2, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, 0, 0);
}

static void t_futex(void)
{
	struct k_timespec to = { 0, 20 * 1000000 };
	struct thr t, w[2];
	uint64_t t0, dt;
	long r;

	/* Value differs: EAGAIN at once. */
	futex_word = 7;
	CHECK((r = SC6(NR_futex, &futex_word, FUTEX_WAIT, 0, 0, 0, 0)) == -EAGAIN,
	      "wait on changed value %ld", r);
	/* Timed wait: ETIMEDOUT. */
	futex_word = 0;
	t0 = u_now_ns();
	CHECK((r = SC6(NR_futex, &futex_word, FUTEX_WAIT, 0, &to, 0, 0)) == -ETIMEDOUT,
	      "timed wait %ld", r);
	dt = u_now_ns() - t0;
	CHECK(dt >= 20000000ULL && dt < 200000000ULL, "20 ms futex timeout after %lu us",
	      (unsigned long)(dt / 1000));
	/* Main waits, another green thread wakes it. */
	futex_woken = -1;
	spawn(&t, futex_waker, NULL);
	r = SC6(NR_futex, &futex_word, FUTEX_WAIT, 0, 0, 0, 0);
	CHECK(r == 0 || (r == -EAGAIN && futex_word == 1), "wait %ld", r);
	join(&t);
	CHECK(futex_word == 1, "word %d", futex_word);
	CHECK(r == -EAGAIN || futex_woken == 1, "woke %ld", futex_woken);
	/* Two waiters on green threads, one wake for both. */
	f2_res[0] = f2_res[1] = 99;
	spawn(&w[0], futex_waiter, (void *)0);
	spawn(&w[1], futex_waiter, (void *)1);
	u_msleep(20);
	CHECK(f2_res[0] == 99 && f2_res[1] == 99, "waiters returned early: %ld %ld",
	      f2_res[0], f2_res[1]);
	futex2 = 1;
	r = SC6(NR_futex, &futex2, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 10, 0, 0, 0);
	join(&w[0]);
	join(&w[1]);
	CHECK(r == 2, "FUTEX_WAKE woke %ld", r);
	CHECK(f2_res[0] == 0 && f2_res[1] == 0, "waiters got %ld %ld", f2_res[0], f2_res[1]);
}

/* ---- unix socketpair ------------------------------------------------------------------ */

static void t_socketpair(void)
{
	int sv[2], pf[2];
	char buf[64], cbuf[64] __attribute__((aligned(8)));
	long r;

	CHECK((r = SC4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, sv)) == 0,
	      "socketpair %ld", r);
	CHECK(SC3(NR_write, sv[0], "to one", 6) == 6, "write 0");
	CHECK(SC3(NR_write, sv[1], "to zero", 7) == 7, "write 1");
	CHECK((r = SC3(NR_read, sv[1], buf, sizeof(buf))) == 6 &&
	      !u_memcmp(buf, "to one", 6), "read 1: %ld", r);
	CHECK((r = SC3(NR_read, sv[0], buf, sizeof(buf))) == 7 &&
	      !u_memcmp(buf, "to zero", 7), "read 0: %ld", r);
	/* Pass a pipe's write end over it (SCM_RIGHTS, x86_64 msghdr). */
	CHECK(sizeof(struct k_msghdr) == 56 && sizeof(struct k_cmsghdr) == 16,
	      "msghdr layout");
	CHECK(SC2(NR_pipe2, pf, 0) == 0, "pipe2");
	struct k_iovec iov = { "F", 1 };
	struct k_msghdr m = { .iov = &iov, .iovlen = 1, .control = cbuf,
			      .controllen = 24 };
	struct k_cmsghdr *c = (struct k_cmsghdr *)(void *)cbuf;
	c->len = 20;
	c->level = SOL_SOCKET;
	c->type = SCM_RIGHTS;
	*(int *)(void *)(cbuf + 16) = pf[1];
	CHECK((r = SC3(NR_sendmsg, sv[0], &m, 0)) == 1, "sendmsg %ld", r);
	SC1(NR_close, pf[1]);
	u_memset(cbuf, 0, sizeof(cbuf));
	iov = (struct k_iovec){ buf, sizeof(buf) };
	m = (struct k_msghdr){ .iov = &iov, .iovlen = 1, .control = cbuf,
			       .controllen = sizeof(cbuf) };
	CHECK((r = SC3(NR_recvmsg, sv[1], &m, 0)) == 1 && buf[0] == 'F',
	      "recvmsg %ld", r);
	CHECK(m.controllen == 24 && c->len == 20 && c->level == SOL_SOCKET &&
	      c->type == SCM_RIGHTS, "cmsg %lu %lu %d %d", (unsigned long)m.controllen,
	      (unsigned long)c->len, c->level, c->type);
	int got = *(int *)(void *)(cbuf + 16);
	CHECK(got >= 0 && SC3(NR_write, got, "via fd", 6) == 6, "write passed fd %d", got);
	SC1(NR_close, got);
	CHECK((r = SC3(NR_read, pf[0], buf, sizeof(buf))) == 6 &&
	      !u_memcmp(buf, "via fd", 6), "read through passed fd %ld", r);
	CHECK((r = SC3(NR_read, pf[0], buf, sizeof(buf))) == 0, "pipe eof %ld", r);
	SC1(NR_close, pf[0]);
	/* Shutdown: EOF on the other side. */
	CHECK(SC2(NR_shutdown, sv[0], SHUT_WR) == 0, "shutdown");
	CHECK((r = SC3(NR_read, sv[1], buf, sizeof(buf))) == 0, "eof after shutdown %ld", r);
	SC1(NR_close, sv[0]);
	SC1(NR_close, sv[1]);
	/* Datagrams keep their boundaries. */
	CHECK(SC4(NR_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "dgram pair");
	SC3(NR_write, sv[0], "one", 3);
	SC3(NR_write, sv[0], "three", 5);
	CHECK((r = SC3(NR_read, sv[1], buf, sizeof(buf))) == 3, "dgram 1: %ld", r);
	CHECK((r = SC3(NR_read, sv[1], buf, sizeof(buf))) == 5, "dgram 2: %ld", r);
	CHECK((r = SC6(NR_recvfrom, sv[1], buf, sizeof(buf), MSG_DONTWAIT, 0, 0)) == -EAGAIN,
	      "dgram empty: %ld", r);
	SC1(NR_close, sv[0]);
	SC1(NR_close, sv[1]);
}

/* ---- TCP over lo: server and client on two green threads -------------------------- */

#define TCP_PORT 5555
#define TCP_BYTES (4 << 20)
static volatile int srv_ready;
static long srv_res;
static long srv_echoed;

/* Accepts one connection, echoes until EOF. */
static void tcp_server(void *arg)
{
	static char buf[65536];
	struct k_sockaddr_in sin = { .family = AF_INET, .port = u_htons(TCP_PORT),
				     .addr = u_htonl(0x7f000001) }, peer;
	int one = 1, plen = sizeof(peer);
	long s, c, n, r;

	(void)arg;
	srv_res = -1;
	s = SC3(NR_socket, AF_INET, SOCK_STREAM, 0);
	if (s < 0) {
		srv_res = s;
		srv_ready = -1;
		return;
	}
	SC5(NR_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if ((r = SC3(NR_bind, s, &sin, sizeof(sin))) < 0 ||
	    (r = SC2(NR_listen, s, 4)) < 0) {
		srv_res = r;
		srv_ready = -1;
		return;
	}
	srv_ready = 1;
	c = SC4(NR_accept4, s, &peer, &plen, 0);
	if (c < 0) {
		srv_res = c;
		return;
	}
	if (plen != sizeof(peer) || peer.family != AF_INET ||
	    peer.addr != u_htonl(0x7f000001)) {
		srv_res = -2000;
		return;
	}
	while ((n = SC3(NR_read, c, buf, sizeof(buf))) > 0) {
		for (long w = 0, k; w < n; w += k) {
			k = SC3(NR_write, c, buf + w, n - w);
			if (k <= 0) {
				n = k;
				break;
			}
		}
		if (n <= 0)
			break;
		srv_echoed += n;
	}
	srv_res = n;
	SC1(NR_close, c);
	SC1(NR_close, s);
}

static long cli_sent;
static long cli_fd;

static unsigned char pat(long i)
{
	return (unsigned char)(i * 131 + (i >> 12));
}

/* The client's sending half: its own green thread, so that the echo
 * never deadlocks on full buffers. */
static void tcp_sender(void *arg)
{
	static unsigned char buf[32768];
	long r;

	(void)arg;
	while (cli_sent < TCP_BYTES) {
		long n = TCP_BYTES - cli_sent < (long)sizeof(buf) ?
			TCP_BYTES - cli_sent : (long)sizeof(buf);

		for (long i = 0; i < n; i++)
			buf[i] = pat(cli_sent + i);
		if ((r = SC3(NR_write, cli_fd, buf, n)) <= 0)
			break;
		cli_sent += r;	/* a short write: the pattern goes on from there */
	}
	SC2(NR_shutdown, cli_fd, SHUT_WR);
}

static void t_tcp(void)
{
	static unsigned char buf[65536];
	struct k_sockaddr_in sin = { .family = AF_INET, .port = u_htons(TCP_PORT),
				     .addr = u_htonl(0x7f000001) }, me, other;
	struct thr srv, snd;
	int one = 1, len;
	long c, r, got = 0;
	uint64_t t0, dt;

	srv_ready = 0;
	srv_echoed = 0;
	spawn(&srv, tcp_server, NULL);
	for (int i = 0; i < 200 && !srv_ready; i++)
		u_msleep(1);
	CHECK(srv_ready == 1, "server not listening: %ld", srv_res);
	/* Nothing on another port. */
	c = SC3(NR_socket, AF_INET, SOCK_STREAM, 0);
	other = sin;
	other.port = u_htons(TCP_PORT + 1);
	CHECK((r = SC3(NR_connect, c, &other, sizeof(other))) == -ECONNREFUSED,
	      "connect to a closed port: %ld", r);
	SC1(NR_close, c);
	c = SC3(NR_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0, "socket %ld", c);
	SC5(NR_setsockopt, c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	CHECK((r = SC3(NR_connect, c, &sin, sizeof(sin))) == 0, "connect %ld", r);
	len = sizeof(me);
	CHECK(SC3(NR_getsockname, c, &me, &len) == 0 && me.family == AF_INET &&
	      me.addr == u_htonl(0x7f000001) && me.port != 0, "getsockname");
	len = sizeof(other);
	CHECK(SC3(NR_getpeername, c, &other, &len) == 0 &&
	      other.port == u_htons(TCP_PORT), "getpeername port %u",
	      u_htons(other.port));
	/* A short round trip. */
	CHECK(SC3(NR_write, c, "hello", 5) == 5, "write");
	CHECK((r = SC3(NR_read, c, buf, sizeof(buf))) == 5 &&
	      !u_memcmp(buf, "hello", 5), "echo %ld", r);
	/* 4 MiB through the echo, byte-exact, sender on its own thread. */
	cli_fd = c;
	cli_sent = 0;
	t0 = u_now_ns();
	spawn(&snd, tcp_sender, NULL);
	while ((r = SC3(NR_read, c, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < r; i++)
			if (buf[i] != pat(got + i)) {
				join(&snd);
				CHECK(0, "byte %ld differs", got + i);
			}
		got += r;
	}
	join(&snd);
	dt = u_now_ns() - t0;
	CHECK(r == 0, "read %ld", r);
	CHECK(got == TCP_BYTES && cli_sent == TCP_BYTES, "echoed %ld of %ld", got,
	      cli_sent);
	SC1(NR_close, c);
	join(&srv);
	CHECK(srv_res == 0 && srv_echoed == TCP_BYTES + 5, "server: %ld, echoed %ld",
	      srv_res, srv_echoed);
	u_printf("tcp: 4 MiB echoed over lo in %lu us\n", (unsigned long)(dt / 1000));
}

/* ---- many green threads in the kernel at once (cf. ktest's threads) ------------------ */

#define NTHREADS 8
#define ROUNDS 200
#define REC 32

static long shared_fd;
static int spipe[2];

struct wres {
	long rounds, tid, piped_sum, read_sum;
	char why[160];
};
static struct wres wres[NTHREADS];

static void rec_make(char *r, long id, long n)
{
	int sum = 0;

	u_memset(r, 'x', REC);
	size_t k = u_fmt(r, REC, "%ld:%ld:", id, n);
	r[k] = 'x';
	for (int i = 0; i < REC - 2; i++)
		sum += (unsigned char)r[i];
	r[REC - 2] = (char)('0' + sum % 10);
	r[REC - 1] = '\n';
}

static int rec_check(const char *r, long *id, long *n)
{
	char copy[REC];
	const char *p = r;

	*id = u_atol(p);
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != ':')
		return -1;
	*n = u_atol(p);
	if (*id < 0 || *id >= NTHREADS)
		return -1;
	rec_make(copy, *id, *n);
	return u_memcmp(copy, r, REC) ? -1 : 0;
}

#define WFAIL(...) do {							\
	u_fmt(res->why, sizeof(res->why), __VA_ARGS__);			\
	return;								\
} while (0)

static void worker(void *arg)
{
	long id = (long)arg, fd, tid, r, rid, rn;
	struct wres *res = &wres[id];
	char name[32], name2[32], buf[64], back[64], rec[REC];
	unsigned char st[144] __attribute__((aligned(8)));

	tid = SC0(NR_gettid);
	res->tid = tid;
	if (SC0(NR_getpid) != 1 || tid <= 1)
		WFAIL("getpid %ld tid %ld", SC0(NR_getpid), tid);
	for (long n = 0; n < ROUNDS; n++) {
		u_fmt(name, sizeof(name), "/tmp/w%ld.%ld", id, n);
		u_fmt(name2, sizeof(name2), "/tmp/r%ld.%ld", id, n);
		fd = SC3(NR_open, name, O_CREAT | O_EXCL | O_RDWR, 0600);
		if (fd < 0)
			WFAIL("open %s: %ld", name, fd);
		size_t len = u_fmt(buf, sizeof(buf), "%ld:%ld:%ld", tid, n, id * 1000003 + n);
		if (SC3(NR_write, fd, buf, len) != (long)len)
			WFAIL("write %s", name);
		u_memset(back, 0, sizeof(back));
		if ((r = SC4(NR_pread64, fd, back, sizeof(back) - 1, 0)) != (long)len ||
		    u_strcmp(buf, back))
			WFAIL("pread %s: %ld \"%s\"", name, r, back);
		SC1(NR_close, fd);
		if ((r = SC2(NR_rename, name, name2)))
			WFAIL("rename %s: %ld", name, r);
		if ((r = SC2(NR_stat, name, st)) != -ENOENT)
			WFAIL("stat old name %s: %ld", name, r);
		if ((r = SC2(NR_stat, name2, st)) || FIELD(st, ST_SIZE, long) != (long)len)
			WFAIL("stat %s: %ld", name2, r);
		if ((r = SC1(NR_unlink, name2)))
			WFAIL("unlink %s: %ld", name2, r);
		rec_make(rec, id, n);
		if ((r = SC3(NR_write, shared_fd, rec, REC)) != REC)
			WFAIL("append: %ld", r);
		if ((r = SC3(NR_write, spipe[1], rec, REC)) != REC)
			WFAIL("pipe write: %ld", r);
		res->piped_sum += id * 1000003 + n;
		if ((r = SC3(NR_read, spipe[0], rec, REC)) != REC)
			WFAIL("pipe read: %ld", r);
		if (rec_check(rec, &rid, &rn))
			WFAIL("pipe record torn");
		res->read_sum += rid * 1000003 + rn;
		if (SC0(NR_gettid) != tid)
			WFAIL("tid changed");
		res->rounds = n + 1;
		/* Cooperative threads: let the others in between rounds, and
		 * sometimes in the middle of the kernel (a sleep). */
		if (n % 16 == id % 16)
			u_msleep(1);
		else
			plat_yield();
	}
}

static void t_threads(void)
{
	struct thr t[NTHREADS];
	long last[NTHREADS], wsum = 0, rsum = 0, r, rid, rn;
	char rec[REC];
	uint64_t t0 = u_now_ns();

	shared_fd = SC3(NR_open, "/tmp/shared", O_CREAT | O_RDWR | O_APPEND, 0600);
	CHECK(shared_fd >= 0, "shared file: %ld", shared_fd);
	CHECK(SC2(NR_pipe2, spipe, 0) == 0, "pipe2");
	for (long i = 0; i < NTHREADS; i++)
		spawn(&t[i], worker, (void *)i);
	for (long i = 0; i < NTHREADS; i++)
		join(&t[i]);
	for (long i = 0; i < NTHREADS; i++) {
		CHECK(!wres[i].why[0], "thread %ld: %s", i, wres[i].why);
		CHECK(wres[i].rounds == ROUNDS, "thread %ld: %ld rounds", i, wres[i].rounds);
		for (long j = 0; j < i; j++)
			CHECK(wres[i].tid != wres[j].tid, "threads %ld and %ld share tid %ld",
			      i, j, wres[i].tid);
		wsum += wres[i].piped_sum;
		rsum += wres[i].read_sum;
	}
	CHECK(wsum == rsum, "pipe: written sum %ld, read sum %ld", wsum, rsum);
	CHECK((r = SC3(NR_lseek, shared_fd, 0, SEEK_END)) == NTHREADS * ROUNDS * REC,
	      "shared file is %ld bytes", r);
	SC3(NR_lseek, shared_fd, 0, SEEK_SET);
	for (int i = 0; i < NTHREADS; i++)
		last[i] = -1;
	for (long i = 0; i < NTHREADS * ROUNDS; i++) {
		CHECK((r = SC3(NR_read, shared_fd, rec, REC)) == REC, "read record %ld: %ld",
		      i, r);
		CHECK(!rec_check(rec, &rid, &rn), "record %ld torn", i);
		CHECK(rn == last[rid] + 1, "thread %ld record %ld after %ld", rid, rn,
		      last[rid]);
		last[rid] = rn;
	}
	SC1(NR_close, shared_fd);
	SC1(NR_close, spipe[0]);
	SC1(NR_close, spipe[1]);
	u_printf("threads: %d green threads x %d rounds in %lu ms\n", NTHREADS, ROUNDS,
		 (unsigned long)((u_now_ns() - t0) / 1000000));
}


/* ---- descriptors, paths, vectors ------------------------------------------------------ */

#define NR_readv 19
#define NR_writev 20
#define NR_dup2 33
#define NR_getcwd 79
#define NR_chdir 80
#define NR_link 86
#define NR_symlink 88
#define NR_readlink 89
#define NR_dup3 292
#define F_GETFD 1
#define FD_CLOEXEC 1

static void t_fds(void)
{
	char buf[64], a[4], b[8];
	struct k_iovec v[2];
	long fd, fd2, r;
	unsigned char st[ST_SIZEOF] __attribute__((aligned(8)));

	fd = SC3(NR_open, "/tmp/v", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0, "open %ld", fd);
	v[0] = (struct k_iovec){ "abc", 3 };
	v[1] = (struct k_iovec){ "defghij", 7 };
	CHECK((r = SC3(NR_writev, fd, v, 2)) == 10, "writev %ld", r);
	fd2 = SC1(NR_dup, fd);
	CHECK(fd2 > fd, "dup %ld", fd2);
	/* A dup shares the offset. */
	CHECK((r = SC3(NR_lseek, fd2, 0, SEEK_SET)) == 0, "lseek dup %ld", r);
	v[0] = (struct k_iovec){ a, sizeof(a) };
	v[1] = (struct k_iovec){ b, sizeof(b) };
	CHECK((r = SC3(NR_readv, fd, v, 2)) == 10, "readv %ld", r);
	CHECK(!u_memcmp(a, "abcd", 4) && !u_memcmp(b, "efghij", 6), "readv data");
	CHECK((r = SC3(NR_dup3, fd, 10, O_CLOEXEC)) == 10, "dup3 %ld", r);
	CHECK((r = SC3(NR_fcntl, 10, F_GETFD, 0)) == FD_CLOEXEC, "FD_CLOEXEC %ld", r);
	CHECK((r = SC2(NR_dup2, fd, 10)) == 10, "dup2 %ld", r);
	CHECK((r = SC3(NR_fcntl, 10, F_GETFD, 0)) == 0, "dup2 clears FD_CLOEXEC %ld", r);
	SC1(NR_close, 10);
	SC1(NR_close, fd2);
	SC1(NR_close, fd);
	/* Links, symlinks, the working directory. */
	CHECK((r = SC2(NR_link, "/tmp/v", "/tmp/v2")) == 0, "link %ld", r);
	CHECK(SC2(NR_stat, "/tmp/v", st) == 0 && FIELD(st, ST_NLINK, unsigned long) == 2,
	      "nlink after link %lu", FIELD(st, ST_NLINK, unsigned long));
	CHECK((r = SC2(NR_symlink, "v2", "/tmp/s")) == 0, "symlink %ld", r);
	u_memset(buf, 0, sizeof(buf));
	CHECK((r = SC3(NR_readlink, "/tmp/s", buf, sizeof(buf))) == 2 &&
	      !u_memcmp(buf, "v2", 2), "readlink %ld %s", r, buf);
	CHECK((r = read_file("/tmp/s", buf, sizeof(buf))) == 10, "read via symlink %ld", r);
	CHECK((r = SC1(NR_chdir, "/tmp")) == 0, "chdir %ld", r);
	CHECK((r = SC2(NR_getcwd, buf, sizeof(buf))) == 5 && !u_strcmp(buf, "/tmp"),
	      "getcwd %ld %s", r, buf);
	CHECK((r = read_file("v2", buf, sizeof(buf))) == 10, "relative open %ld", r);
	fd = SC4(NR_openat, AT_FDCWD, "v", O_RDONLY, 0);
	CHECK(fd >= 0, "openat relative %ld", fd);
	SC1(NR_close, fd);
	SC1(NR_chdir, "/");
	CHECK(SC1(NR_unlink, "/tmp/s") == 0 && SC1(NR_unlink, "/tmp/v2") == 0 &&
	      SC1(NR_unlink, "/tmp/v") == 0, "unlink");
}

/* getrandom: the kernel's CRNG must be ready by the time main runs. A
 * library kernel has no interrupt or cycle-counter entropy of its own; if
 * the CRNG is not seeded, a blocking getrandom() never returns (and
 * spins), so it is only tried after the non-blocking one succeeded. */
#define GRND_NONBLOCK 1

static void t_getrandom(void)
{
	unsigned char r1[32], r2[32];
	long r;

	u_memset(r1, 0, sizeof(r1));
	u_memset(r2, 0, sizeof(r2));
	CHECK((r = SC3(NR_getrandom, r1, sizeof(r1), GRND_NONBLOCK)) == sizeof(r1),
	      "getrandom(GRND_NONBLOCK): %ld (the CRNG is not ready)", r);
	CHECK((r = SC3(NR_getrandom, r2, sizeof(r2), 0)) == sizeof(r2), "getrandom %ld", r);
	CHECK(u_memcmp(r1, r2, sizeof(r1)), "two draws are equal");
	CHECK((r = read_file("/dev/urandom", (char *)r1, 17)) == 16, "/dev/urandom %ld", r);
}


/* ---- blocked in the kernel: the time passes, the host CPU idles ------------------------ */

/* Every way of blocking, 200 ms each: nanosleep, a timed futex wait,
 * epoll_wait, poll, a blocking timerfd read, a pipe read woken by another
 * green thread. run.sh measures the host CPU the run costs. */
static void late_writer(void *arg)
{
	(void)arg;
	u_msleep(200);
	SC3(NR_write, pfd[1], "w", 1);
}

static void t_idle(void)
{
	struct k_timespec ts = { 0, 200 * 1000000 };
	struct k_itimerspec its = { { 0, 0 }, { 0, 200 * 1000000 } };
	struct k_epoll_event out;
	struct k_pollfd p;
	struct thr t;
	uint64_t t0, dt, v;
	long r, ep, tfd;
	int word = 0;
	char c;

	CHECK(SC2(NR_pipe2, pfd, 0) == 0, "pipe2");
	ep = SC1(NR_epoll_create1, 0);
	tfd = SC2(NR_timerfd_create, CLOCK_MONOTONIC, 0);
	CHECK(ep >= 0 && tfd >= 0, "epoll %ld timerfd %ld", ep, tfd);
	for (int k = 0; k < 6; k++) {
		t0 = u_now_ns();
		switch (k) {
		case 0:
			r = SC2(NR_nanosleep, &ts, 0);
			break;
		case 1:
			r = SC6(NR_futex, &word, FUTEX_WAIT, 0, &ts, 0, 0);
			r = r == -ETIMEDOUT ? 0 : r;
			break;
		case 2:
			r = SC4(NR_epoll_wait, ep, &out, 1, 200);
			break;
		case 3:
			p = (struct k_pollfd){ pfd[0], POLLIN, 0 };
			r = SC3(NR_poll, &p, 1, 200);
			break;
		case 4:
			SC4(NR_timerfd_settime, tfd, 0, &its, 0);
			r = SC3(NR_read, tfd, &v, 8) == 8 ? 0 : -1;
			break;
		default:
			spawn(&t, late_writer, NULL);
			r = SC3(NR_read, pfd[0], &c, 1) == 1 ? 0 : -1;
			join(&t);
			break;
		}
		dt = u_now_ns() - t0;
		CHECK(r == 0, "wait %d: %ld", k, r);
		CHECK(dt >= 199000000ULL && dt < 400000000ULL, "wait %d took %lu us", k,
		      (unsigned long)(dt / 1000));
	}
	SC1(NR_close, ep);
	SC1(NR_close, tfd);
	SC1(NR_close, pfd[0]);
	SC1(NR_close, pfd[1]);
}

/* ---- the list ------------------------------------------------------------------------ */

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "getpid", t_getpid },
	{ "uname", t_uname },
	{ "enosys", t_enosys },
	{ "ramroot", t_ramroot },
	{ "files", t_files },
	{ "stat", t_stat },
	{ "getdents64", t_getdents },
	{ "fds", t_fds },
	{ "getrandom", t_getrandom },
	{ "pipe", t_pipe },
	{ "epoll", t_epoll },
	{ "poll", t_poll },
	{ "eventfd", t_eventfd },
	{ "timerfd", t_timerfd },
	{ "clock", t_clock },
	{ "futex", t_futex },
	{ "socketpair", t_socketpair },
	{ "tcp-lo", t_tcp },
	{ "threads", t_threads },
	{ "idle", t_idle },
};
enum { NTESTS = sizeof(tests) / sizeof(tests[0]) };

static void run(int i)
{
	int before = failures;

	cur = tests[i].name;
	tests[i].fn();
	if (failures == before)
		u_printf("ok %s\n", cur);
}

int nablux_main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc > 0 && !u_strcmp(argv[0], "list")) {
		for (int i = 0; i < NTESTS; i++)
			u_printf("%s\n", tests[i].name);
		return 0;
	}
	if (argc == 0)
		for (int i = 0; i < NTESTS; i++)
			run(i);
	for (int a = 0; a < argc; a++) {
		int i;

		for (i = 0; i < NTESTS && u_strcmp(tests[i].name, argv[a]); i++)
			;
		if (i == NTESTS) {
			u_printf("FAIL %s: no such test\n", argv[a]);
			failures++;
			continue;
		}
		run(i);
	}
	if (failures)
		u_printf("FAILED %d\n", failures);
	else
		u_printf("SUCCESS\n");
	return failures ? 1 : 0;
}
