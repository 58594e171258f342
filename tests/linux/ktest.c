// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel tests on the posix host: each subcommand boots the library
 * kernel in this process, checks one thing through nablux_syscall (x86_64
 * numbers and layouts) and halts. Prints "ok" or "FAIL: why"; exit 0/1.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>

#include <nablux/nablux.h>
#include "../../linux/host/posix.h"

#define CMDLINE "mem=32M quiet"

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

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("FAIL %s:%d: ", __func__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		exit(1);						\
	}								\
} while (0)

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void boot(void)
{
	int err = nablux_start_kernel(&nablux_posix_host, CMDLINE);

	CHECK(err == 0, "nablux_start_kernel: %d", err);
}

static void halt(void)
{
	long err = nablux_halt();

	CHECK(err == 0, "nablux_halt: %ld", err);
}

static int host_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n - 2;
}

static void t_boot(void)
{
	boot();
	halt();
	CHECK(host_threads() == 1, "%d host threads left after halt",
	      host_threads());
	CHECK(nablux_syscall(SYS_getpid, NULL) == -ENODEV,
	      "system call after halt");
	CHECK(nablux_start_kernel(&nablux_posix_host, CMDLINE) == -EALREADY,
	      "second start not refused");
}

static void t_getpid(void)
{
	long r;

	boot();
	CHECK((r = SC(SYS_getpid)) == 1, "getpid %ld", r);
	CHECK((r = SC(SYS_getppid)) == 0, "getppid %ld", r);
	CHECK((r = SC(SYS_gettid)) == 1, "gettid %ld", r);
	CHECK((r = SC(SYS_getuid)) == 0, "getuid %ld", r);
	halt();
}

static void t_enosys(void)
{
	static const int nrs[] = { SYS_fork, SYS_vfork, SYS_clone, SYS_execve,
				   SYS_execveat, SYS_rt_sigreturn, SYS_iopl,
				   SYS_ioperm, SYS_modify_ldt, SYS_arch_prctl,
				   SYS_clone3, 100000, -1 };
	unsigned int i;
	long r;

	boot();
	for (i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		CHECK((r = SC(nrs[i])) == -ENOSYS, "syscall %d: %ld", nrs[i], r);
	halt();
}

static void t_uname(void)
{
	struct utsname_k { char f[6][65]; } u;

	boot();
	CHECK(SC(SYS_uname, L(&u)) == 0, "uname");
	CHECK(!strcmp(u.f[0], "Linux"), "sysname %s", u.f[0]);
	CHECK(!strncmp(u.f[2], "6.1.", 4), "release %s", u.f[2]);
	CHECK(!strcmp(u.f[4], "x86_64"), "machine %s", u.f[4]);
	halt();
}

static void mount_tmp(void)
{
	long r;

	r = SC(SYS_mkdir, L("/tmp"), 0777);
	CHECK(r == 0 || r == -EEXIST, "mkdir /tmp: %ld", r);
	CHECK((r = SC(SYS_mount, L("tmpfs"), L("/tmp"), L("tmpfs"), 0, 0)) == 0,
	      "mount tmpfs: %ld", r);
}

static void t_files(void)
{
	char buf[64];
	long fd, r;

	boot();
	mount_tmp();
	fd = SC(SYS_open, L("/tmp/a"), O_CREAT | O_RDWR | O_EXCL, 0644);
	CHECK(fd >= 0, "open: %ld", fd);
	CHECK((r = SC(SYS_write, fd, L("hello, kernel"), 13)) == 13, "write %ld", r);
	CHECK((r = SC(SYS_lseek, fd, 0, SEEK_SET)) == 0, "lseek %ld", r);
	memset(buf, 0, sizeof(buf));
	CHECK((r = SC(SYS_read, fd, L(buf), sizeof(buf))) == 13, "read %ld", r);
	CHECK(!strcmp(buf, "hello, kernel"), "read back \"%s\"", buf);
	CHECK((r = SC(SYS_pread64, fd, L(buf), 6, 7)) == 6 &&
	      !memcmp(buf, "kernel", 6), "pread %ld", r);
	CHECK(SC(SYS_close, fd) == 0, "close");
	CHECK((r = SC(SYS_rename, L("/tmp/a"), L("/tmp/b"))) == 0, "rename %ld", r);
	CHECK((r = SC(SYS_open, L("/tmp/a"), O_RDONLY)) == -ENOENT, "old name %ld", r);
	fd = SC(SYS_open, L("/tmp/b"), O_RDONLY);
	CHECK(fd >= 0, "open renamed: %ld", fd);
	CHECK((r = SC(SYS_read, fd, L(buf), sizeof(buf))) == 13, "read renamed %ld", r);
	SC(SYS_close, fd);
	CHECK((r = SC(SYS_unlink, L("/tmp/b"))) == 0, "unlink %ld", r);
	CHECK((r = SC(SYS_open, L("/tmp/b"), O_RDONLY)) == -ENOENT, "unlinked %ld", r);
	halt();
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

#define FIELD(buf, off, type) (*(type *)((buf) + (off)))

static void t_stat(void)
{
	unsigned char st[ST_SIZEOF + 16];
	long r, fd, now = time(NULL);
	int i;

	boot();
	mount_tmp();
	CHECK((r = SC(SYS_mkdir, L("/tmp/d"), 0750)) == 0, "mkdir %ld", r);
	memset(st, 0xa5, sizeof(st));
	CHECK((r = SC(SYS_stat, L("/tmp/d"), L(st))) == 0, "stat %ld", r);
	CHECK(FIELD(st, ST_MODE, unsigned int) == (S_IFDIR | 0750),
	      "st_mode %o", FIELD(st, ST_MODE, unsigned int));
	CHECK(FIELD(st, ST_NLINK, unsigned long) == 2, "st_nlink %lu",
	      FIELD(st, ST_NLINK, unsigned long));
	CHECK(FIELD(st, ST_INO, unsigned long) != 0, "st_ino 0");
	CHECK(FIELD(st, ST_UID, unsigned int) == 0 &&
	      FIELD(st, ST_GID, unsigned int) == 0, "st_uid/st_gid");
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
		CHECK(st[i] == 0, "padding byte %d is %#x", i, st[i]);
	for (i = ST_SIZEOF; i < (int)sizeof(st); i++)
		CHECK(st[i] == 0xa5, "byte %d past struct stat written", i);

	fd = SC(SYS_open, L("/tmp/d/f"), O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0, "create: %ld", fd);
	CHECK(SC(SYS_write, fd, L("0123456789"), 10) == 10, "write");
	memset(st, 0xa5, sizeof(st));
	CHECK((r = SC(SYS_fstat, fd, L(st))) == 0, "fstat %ld", r);
	CHECK(FIELD(st, ST_MODE, unsigned int) == (S_IFREG | 0600), "file mode %o",
	      FIELD(st, ST_MODE, unsigned int));
	CHECK(FIELD(st, ST_SIZE, long) == 10, "st_size %ld", FIELD(st, ST_SIZE, long));
	CHECK(FIELD(st, ST_NLINK, unsigned long) == 1, "file nlink");
	CHECK(FIELD(st, ST_BLOCKS, long) >= 0, "st_blocks");
	/* And the C library's own struct stat agrees. */
	{
		struct stat s;

		CHECK(sizeof(s) == ST_SIZEOF && offsetof(struct stat, st_mode) == ST_MODE &&
		      offsetof(struct stat, st_size) == ST_SIZE &&
		      offsetof(struct stat, st_mtim) == ST_MTIME, "libc layout");
		CHECK(SC(SYS_newfstatat, -100 /* AT_FDCWD */, L("/tmp/d/f"), L(&s), 0) == 0,
		      "newfstatat");
		CHECK(s.st_size == 10 && S_ISREG(s.st_mode), "newfstatat fields");
	}
	SC(SYS_close, fd);
	halt();
}

static long pipe_fds[2];

static void *pipe_reader(void *arg)
{
	char buf[16] = { 0 };
	long r = SC(SYS_read, pipe_fds[0], L(buf), sizeof(buf));

	(void)arg;
	return (void *)(r == 5 && !memcmp(buf, "later", 5) ? 1L : -r);
}

static void t_pipe(void)
{
	int fds[2];
	char buf[16];
	pthread_t t;
	void *res;
	long r;

	boot();
	CHECK((r = SC(SYS_pipe2, L(fds), 0)) == 0, "pipe2 %ld", r);
	CHECK(SC(SYS_write, fds[1], L("ping"), 4) == 4, "write");
	CHECK(SC(SYS_read, fds[0], L(buf), sizeof(buf)) == 4 &&
	      !memcmp(buf, "ping", 4), "read");
	/* A reader on another host thread blocks in the kernel until we write. */
	pipe_fds[0] = fds[0];
	pipe_fds[1] = fds[1];
	pthread_create(&t, NULL, pipe_reader, NULL);
	usleep(50000);
	CHECK(SC(SYS_write, fds[1], L("later"), 5) == 5, "write later");
	pthread_join(t, &res);
	CHECK(res == (void *)1L, "blocked reader got %ld", (long)res);
	CHECK(SC(SYS_close, fds[1]) == 0, "close writer");
	CHECK((r = SC(SYS_read, fds[0], L(buf), sizeof(buf))) == 0, "eof: %ld", r);
	halt();
}

#define NTHREADS 8

static volatile int stop_threads;

static void *worker(void *arg)
{
	long id = (long)arg, n = 0, fd, tid;
	char name[32], buf[48], back[48];

	tid = SC(SYS_gettid);
	if (SC(SYS_getpid) != 1 || tid <= 1)
		return (void *)-1L;
	snprintf(name, sizeof(name), "/tmp/w%ld", id);
	while (!stop_threads) {
		fd = SC(SYS_open, L(name), O_CREAT | O_RDWR | O_TRUNC, 0600);
		if (fd < 0)
			return (void *)-2L;
		snprintf(buf, sizeof(buf), "%ld:%ld", tid, n);
		if (SC(SYS_write, fd, L(buf), strlen(buf)) != (long)strlen(buf))
			return (void *)-3L;
		memset(back, 0, sizeof(back));
		if (SC(SYS_pread64, fd, L(back), sizeof(back) - 1, 0) !=
		    (long)strlen(buf) || strcmp(buf, back))
			return (void *)-4L;
		SC(SYS_close, fd);
		if (SC(SYS_gettid) != tid)
			return (void *)-5L;
		n++;
	}
	return (void *)n;
}

static void t_threads(void)
{
	int secs = getenv("KTEST_SECS") ? atoi(getenv("KTEST_SECS")) : 2;
	pthread_t t[NTHREADS];
	long total = 0, i;
	void *res;

	boot();
	mount_tmp();
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	sleep(secs);
	stop_threads = 1;
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &res);
		CHECK((long)res > 0, "thread %ld: %ld", i, (long)res);
		total += (long)res;
	}
	printf("%ld rounds in %d s by %d threads\n", total, secs, NTHREADS);
	halt();
}

static void t_nanosleep(void)
{
	struct timespec ts = { 0, 20 * 1000000 };
	unsigned long long t0, dt;
	int i;

	boot();
	for (i = 0; i < 3; i++) {
		t0 = now_ns();
		CHECK(SC(SYS_nanosleep, L(&ts), 0) == 0, "nanosleep");
		dt = now_ns() - t0;
		CHECK(dt >= 20000000ULL && dt < 40000000ULL,
		      "20 ms sleep took %llu us", dt / 1000);
	}
	printf("last 20 ms sleep: %llu us\n", dt / 1000);
	halt();
}

static void t_clock(void)
{
	struct timespec k, h;

	boot();
	CHECK(SC(SYS_clock_gettime, CLOCK_REALTIME, L(&k)) == 0, "clock_gettime");
	clock_gettime(CLOCK_REALTIME, &h);
	CHECK(labs(k.tv_sec - h.tv_sec) <= 2, "realtime %ld vs host %ld",
	      (long)k.tv_sec, (long)h.tv_sec);
	halt();
}

static void t_eventfd_epoll(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL };
	struct epoll_event out[2];
	unsigned long long v = 3;
	long efd, ep, r;

	CHECK(sizeof(struct epoll_event) == 12, "epoll_event is packed on x86_64");
	boot();
	efd = SC(SYS_eventfd2, 0, 0);
	ep = SC(SYS_epoll_create1, 0);
	CHECK(efd >= 0 && ep >= 0, "eventfd %ld epoll %ld", efd, ep);
	CHECK(SC(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd, L(&ev)) == 0, "epoll_ctl");
	CHECK((r = SC(SYS_epoll_wait, ep, L(out), 2, 0)) == 0, "idle wait %ld", r);
	CHECK(SC(SYS_write, efd, L(&v), 8) == 8, "eventfd write");
	memset(out, 0, sizeof(out));
	CHECK((r = SC(SYS_epoll_wait, ep, L(out), 2, 100)) == 1, "wait %ld", r);
	CHECK(out[0].events == EPOLLIN && out[0].data.u64 == ev.data.u64,
	      "event %#x data %#llx", out[0].events,
	      (unsigned long long)out[0].data.u64);
	v = 0;
	CHECK(SC(SYS_read, efd, L(&v), 8) == 8 && v == 3, "eventfd read %llu", v);
	halt();
}

static int futex_word;

static void *futex_waker(void *arg)
{
	(void)arg;
	usleep(30000);
	__atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
	return (void *)SC(SYS_futex, L(&futex_word), FUTEX_WAKE, 1, 0, 0, 0);
}

static void t_futex(void)
{
	pthread_t t;
	void *woken;
	long r;

	boot();
	pthread_create(&t, NULL, futex_waker, NULL);
	r = SC(SYS_futex, L(&futex_word), FUTEX_WAIT, 0, 0, 0, 0);
	CHECK(r == 0 || (r == -EAGAIN && futex_word == 1), "wait %ld", r);
	pthread_join(t, &woken);
	CHECK(r == -EAGAIN || (long)woken == 1, "woke %ld", (long)woken);
	halt();
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "boot", t_boot },
	{ "getpid", t_getpid },
	{ "enosys", t_enosys },
	{ "uname", t_uname },
	{ "files", t_files },
	{ "stat", t_stat },
	{ "pipe", t_pipe },
	{ "threads", t_threads },
	{ "nanosleep", t_nanosleep },
	{ "clock", t_clock },
	{ "eventfd-epoll", t_eventfd_epoll },
	{ "futex", t_futex },
};

int main(int argc, char **argv)
{
	unsigned int i;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; argc > 1 && i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!strcmp(argv[1], tests[i].name)) {
			tests[i].fn();
			printf("ok %s\n", tests[i].name);
			return 0;
		}
	}
	fprintf(stderr, "usage: ktest TEST\n");
	return 2;
}
