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
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/un.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
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

/*
 * Stress: NTHREADS host threads make system calls for KTEST_SECS seconds
 * (default 10). Each works on files of its own in one shared directory
 * (create, write, read back, rename, stat, unlink, all checked), appends
 * fixed-size records to one shared file and passes records through one
 * shared pipe, and now and then sleeps (nanosleep, poll with a timeout).
 * At the end every record must be whole and accounted for.
 */
#define NTHREADS 8
#define REC 32
#define MAX_APPENDS 8192

static volatile int stop_threads;
static long shared_fd, spipe[2];

struct worker_res {
	long rounds, appended, piped_sum, read_sum, tid;
	char why[256];
};
static struct worker_res wres[NTHREADS];

/* A record: "id:n:" padded with 'x', a checksum digit, a newline. */
static void rec_make(char *r, long id, long n)
{
	int i, sum = 0;

	memset(r, 'x', REC);
	snprintf(r, REC, "%ld:%ld:", id, n);
	r[strlen(r)] = 'x';
	for (i = 0; i < REC - 2; i++)
		sum += (unsigned char)r[i];
	r[REC - 2] = '0' + sum % 10;
	r[REC - 1] = '\n';
}

static int rec_check(const char *r, long *id, long *n)
{
	char copy[REC];

	if (sscanf(r, "%ld:%ld:", id, n) != 2 || *id < 0 || *id >= NTHREADS)
		return -1;
	rec_make(copy, *id, *n);
	return memcmp(copy, r, REC) ? -1 : 0;
}

#define WFAIL(...) do {							\
	snprintf(res->why, sizeof(res->why), __VA_ARGS__);		\
	return res;							\
} while (0)

static void *worker(void *arg)
{
	long id = (long)arg, n = 0, fd, tid, r, rid, rn;
	struct worker_res *res = &wres[id];
	char name[32], name2[32], buf[64], back[64], rec[REC];
	unsigned char st[144];

	tid = SC(SYS_gettid);
	res->tid = tid;
	if (SC(SYS_getpid) != 1 || tid <= 1)
		WFAIL("getpid %ld tid %ld", SC(SYS_getpid), tid);
	while (!stop_threads) {
		/* Files of its own. */
		snprintf(name, sizeof(name), "/tmp/w%ld.%ld", id, n);
		snprintf(name2, sizeof(name2), "/tmp/r%ld.%ld", id, n);
		fd = SC(SYS_open, L(name), O_CREAT | O_EXCL | O_RDWR, 0600);
		if (fd < 0)
			WFAIL("open %s: %ld", name, fd);
		snprintf(buf, sizeof(buf), "%ld:%ld:%ld", tid, n, id * 1000003 + n);
		if (SC(SYS_write, fd, L(buf), strlen(buf)) != (long)strlen(buf))
			WFAIL("write %s", name);
		memset(back, 0, sizeof(back));
		if ((r = SC(SYS_pread64, fd, L(back), sizeof(back) - 1, 0)) !=
		    (long)strlen(buf) || strcmp(buf, back))
			WFAIL("pread %s: %ld \"%s\"", name, r, back);
		if (SC(SYS_close, fd))
			WFAIL("close");
		if ((r = SC(SYS_rename, L(name), L(name2))))
			WFAIL("rename %s: %ld", name, r);
		if ((r = SC(SYS_stat, L(name), L(st))) != -ENOENT)
			WFAIL("stat old name %s: %ld", name, r);
		if ((r = SC(SYS_stat, L(name2), L(st))) ||
		    *(long *)(st + 48) != (long)strlen(buf))
			WFAIL("stat %s: %ld size %ld", name2, r, *(long *)(st + 48));
		fd = SC(SYS_open, L(name2), O_RDONLY);
		memset(back, 0, sizeof(back));
		if (fd < 0 || SC(SYS_read, fd, L(back), sizeof(back) - 1) !=
		    (long)strlen(buf) || strcmp(buf, back))
			WFAIL("read renamed %s: %ld \"%s\"", name2, fd, back);
		SC(SYS_close, fd);
		if ((r = SC(SYS_unlink, L(name2))))
			WFAIL("unlink %s: %ld", name2, r);
		if ((r = SC(SYS_open, L(name2), O_RDONLY)) != -ENOENT)
			WFAIL("unlinked %s opens: %ld", name2, r);

		/* One shared file, appended to by all (up to 2 MiB). */
		rec_make(rec, id, n);
		if (n < MAX_APPENDS) {
			if ((r = SC(SYS_write, shared_fd, L(rec), REC)) != REC)
				WFAIL("append: %ld", r);
			res->appended++;
		}

		/* One shared pipe: write a record, read one (anyone's). */
		if ((r = SC(SYS_write, spipe[1], L(rec), REC)) != REC)
			WFAIL("pipe write: %ld", r);
		res->piped_sum += id * 1000003 + n;
		if ((r = SC(SYS_read, spipe[0], L(rec), REC)) != REC)
			WFAIL("pipe read: %ld", r);
		if (rec_check(rec, &rid, &rn))
			WFAIL("pipe record torn: %.*s", REC, rec);
		res->read_sum += rid * 1000003 + rn;

		/* Now and then, sleep in the kernel: timer interrupts arrive
		 * while others hold the CPU or while it is free. */
		if (n % 128 == id) {
			struct timespec ts = { 0, 100000 * (id + 1) };
			struct pollfd p = { .fd = (int)spipe[0], .events = POLLIN };

			if ((r = SC(SYS_nanosleep, L(&ts), 0)))
				WFAIL("nanosleep: %ld", r);
			if ((r = SC(SYS_poll, L(&p), 1, 1)) < 0)
				WFAIL("poll: %ld", r);
		}
		if (SC(SYS_gettid) != tid)
			WFAIL("tid changed");
		n++;
	}
	res->rounds = n;
	return res;
}

static void t_threads(void)
{
	int secs = getenv("KTEST_SECS") ? atoi(getenv("KTEST_SECS")) : 10;
	long total = 0, appended = 0, wsum = 0, rsum = 0, i, j, r, rid, rn;
	long last[NTHREADS];
	pthread_t t[NTHREADS];
	int fds[2];
	char rec[REC];
	unsigned long long t0;

	boot();
	mount_tmp();
	shared_fd = SC(SYS_open, L("/tmp/shared"), O_CREAT | O_RDWR | O_APPEND,
		       0600);
	CHECK(shared_fd >= 0, "shared file: %ld", shared_fd);
	CHECK(SC(SYS_pipe2, L(fds), 0) == 0, "pipe2");
	spipe[0] = fds[0];
	spipe[1] = fds[1];
	t0 = now_ns();
	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	sleep(secs);
	stop_threads = 1;
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		CHECK(!wres[i].why[0], "thread %ld: %s", i, wres[i].why);
		CHECK(wres[i].rounds > 0, "thread %ld made no progress", i);
		for (j = 0; j < i; j++)
			CHECK(wres[i].tid != wres[j].tid, "threads %ld and %ld "
			      "share tid %ld", i, j, wres[i].tid);
		total += wres[i].rounds;
		appended += wres[i].appended;
		wsum += wres[i].piped_sum;
		rsum += wres[i].read_sum;
	}
	CHECK(now_ns() - t0 < (secs + 5) * 1000000000ULL, "threads took too long");
	CHECK((r = SC(SYS_read, spipe[0], L(rec), 0)) == 0, "pipe read 0: %ld", r);
	CHECK(wsum == rsum, "pipe: records written sum %ld, read sum %ld",
	      wsum, rsum);
	/* The shared file: every record whole, each thread's in order. */
	CHECK((r = SC(SYS_lseek, shared_fd, 0, SEEK_END)) == appended * REC,
	      "shared file is %ld bytes, want %ld", r, appended * REC);
	CHECK(SC(SYS_lseek, shared_fd, 0, SEEK_SET) == 0, "lseek");
	for (i = 0; i < NTHREADS; i++)
		last[i] = -1;
	for (i = 0; i < appended; i++) {
		CHECK((r = SC(SYS_read, shared_fd, L(rec), REC)) == REC,
		      "read record %ld: %ld", i, r);
		CHECK(!rec_check(rec, &rid, &rn), "record %ld torn: %.*s", i,
		      REC, rec);
		CHECK(rn == last[rid] + 1, "thread %ld: record %ld after %ld",
		      rid, rn, last[rid]);
		last[rid] = rn;
	}
	for (i = 0; i < NTHREADS; i++)
		CHECK(last[i] + 1 == wres[i].appended, "thread %ld: %ld records",
		      i, last[i] + 1);
	SC(SYS_close, shared_fd);
	printf("%ld rounds in %d s by %d threads\n", total, secs, NTHREADS);
	halt();
	CHECK(host_threads() == 1, "%d host threads left after halt",
	      host_threads());
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

/* ---- poll and select ------------------------------------------------ */

static long poll_efd;

static void *eventfd_later(void *arg)
{
	unsigned long long one = 1;

	usleep((long)arg);
	return (void *)SC(SYS_write, poll_efd, L(&one), 8);
}

static void t_poll(void)
{
	struct pollfd p[3];
	unsigned long long t0, dt, v;
	pthread_t t;
	void *res;
	int fds[2];
	long r;

	CHECK(sizeof(struct pollfd) == 8, "pollfd layout");
	boot();
	CHECK(SC(SYS_pipe2, L(fds), 0) == 0, "pipe2");
	poll_efd = SC(SYS_eventfd2, 0, 0);
	CHECK(poll_efd >= 0, "eventfd %ld", poll_efd);
	p[0] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = fds[1], .events = POLLOUT };
	p[2] = (struct pollfd){ .fd = (int)poll_efd, .events = POLLIN };
	/* Nothing to read: only the pipe's write end is ready. */
	CHECK((r = SC(SYS_poll, L(p), 3, 0)) == 1, "poll now: %ld", r);
	CHECK(p[0].revents == 0 && p[1].revents == POLLOUT && p[2].revents == 0,
	      "revents %#x %#x %#x", p[0].revents, p[1].revents, p[2].revents);
	/* A timeout with nothing ready. */
	t0 = now_ns();
	CHECK((r = SC(SYS_poll, L(p), 1, 50)) == 0, "poll timeout: %ld", r);
	dt = now_ns() - t0;
	CHECK(dt >= 50000000ULL && dt < 80000000ULL, "50 ms poll took %llu us",
	      dt / 1000);
	/* Data in the pipe. */
	CHECK(SC(SYS_write, fds[1], L("x"), 1) == 1, "write");
	CHECK((r = SC(SYS_poll, L(p), 3, 0)) == 2 && p[0].revents == POLLIN,
	      "poll pipe: %ld %#x", r, p[0].revents);
	/* Woken by another host thread writing the eventfd. */
	pthread_create(&t, NULL, eventfd_later, (void *)30000L);
	t0 = now_ns();
	r = SC(SYS_poll, L(&p[2]), 1, 2000);
	dt = now_ns() - t0;
	CHECK(r == 1 && p[2].revents == POLLIN, "poll eventfd: %ld %#x", r,
	      p[2].revents);
	CHECK(dt >= 25000000ULL && dt < 200000000ULL, "woken after %llu us",
	      dt / 1000);
	pthread_join(t, &res);
	CHECK((long)res == 8, "eventfd write %ld", (long)res);
	CHECK(SC(SYS_read, poll_efd, L(&v), 8) == 8 && v == 1, "eventfd read");
	/* Hang-up: the write end closed. */
	CHECK(SC(SYS_close, fds[1]) == 0, "close");
	p[0].revents = 0;
	CHECK((r = SC(SYS_poll, L(p), 1, 0)) == 1 &&
	      (p[0].revents & (POLLIN | POLLHUP)) == (POLLIN | POLLHUP),
	      "poll hup: %ld %#x", r, p[0].revents);
	/* ppoll with a timespec. */
	{
		struct timespec ts = { 0, 20000000 };
		struct pollfd q = { .fd = (int)poll_efd, .events = POLLIN };

		t0 = now_ns();
		CHECK((r = SC(SYS_ppoll, L(&q), 1, L(&ts), 0, 8)) == 0,
		      "ppoll: %ld", r);
		dt = now_ns() - t0;
		CHECK(dt >= 20000000ULL && dt < 50000000ULL,
		      "20 ms ppoll took %llu us", dt / 1000);
	}
	halt();
}

static void t_select(void)
{
	fd_set rd, wr;
	struct timeval tv;
	unsigned long long t0, dt;
	pthread_t t;
	int fds[2], nfds;
	long r;

	CHECK(sizeof(fd_set) == 128 && sizeof(struct timeval) == 16,
	      "fd_set/timeval layout");
	boot();
	CHECK(SC(SYS_pipe2, L(fds), 0) == 0, "pipe2");
	poll_efd = SC(SYS_eventfd2, 0, 0);
	CHECK(poll_efd >= 0, "eventfd");
	nfds = (fds[1] > poll_efd ? fds[1] : (int)poll_efd) + 1;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fds[0], &rd);
	FD_SET((int)poll_efd, &rd);
	FD_SET(fds[1], &wr);
	tv = (struct timeval){ 0, 0 };
	CHECK((r = SC(SYS_select, nfds, L(&rd), L(&wr), 0, L(&tv))) == 1,
	      "select now: %ld", r);
	CHECK(!FD_ISSET(fds[0], &rd) && !FD_ISSET((int)poll_efd, &rd) &&
	      FD_ISSET(fds[1], &wr), "select sets");
	/* Timeout: 40 ms, and the kernel writes back what is left (0). */
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	tv = (struct timeval){ 0, 40000 };
	t0 = now_ns();
	CHECK((r = SC(SYS_select, nfds, L(&rd), 0, 0, L(&tv))) == 0,
	      "select timeout: %ld", r);
	dt = now_ns() - t0;
	CHECK(dt >= 40000000ULL && dt < 70000000ULL, "40 ms select took %llu us",
	      dt / 1000);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "timeval left %ld.%06ld",
	      (long)tv.tv_sec, (long)tv.tv_usec);
	/* Both readable. */
	CHECK(SC(SYS_write, fds[1], L("y"), 1) == 1, "write");
	{
		unsigned long long one = 1;

		CHECK(SC(SYS_write, poll_efd, L(&one), 8) == 8, "eventfd write");
	}
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	FD_SET((int)poll_efd, &rd);
	CHECK((r = SC(SYS_select, nfds, L(&rd), 0, 0, 0)) == 2 &&
	      FD_ISSET(fds[0], &rd) && FD_ISSET((int)poll_efd, &rd),
	      "select both: %ld", r);
	{
		unsigned long long v;

		CHECK(SC(SYS_read, poll_efd, L(&v), 8) == 8, "drain eventfd");
	}
	/* Blocking select woken by another host thread. */
	FD_ZERO(&rd);
	FD_SET((int)poll_efd, &rd);
	pthread_create(&t, NULL, eventfd_later, (void *)30000L);
	t0 = now_ns();
	r = SC(SYS_select, nfds, L(&rd), 0, 0, 0);
	dt = now_ns() - t0;
	pthread_join(t, NULL);
	CHECK(r == 1 && FD_ISSET((int)poll_efd, &rd), "select woken: %ld", r);
	CHECK(dt >= 25000000ULL && dt < 200000000ULL, "woken after %llu us",
	      dt / 1000);
	/* A closed descriptor in the set. */
	FD_ZERO(&rd);
	FD_SET(60, &rd);
	tv = (struct timeval){ 0, 0 };
	CHECK((r = SC(SYS_select, 61, L(&rd), 0, 0, L(&tv))) == -EBADF,
	      "select bad fd: %ld", r);
	halt();
}

/* ---- timerfd ---------------------------------------------------------- */

static void t_timerfd(void)
{
	struct itimerspec its = { .it_value = { 0, 20000000 },
				  .it_interval = { 0, 10000000 } }, cur;
	unsigned long long t0, dt, n;
	long tfd, r;

	CHECK(sizeof(struct itimerspec) == 32, "itimerspec layout");
	boot();
	tfd = SC(SYS_timerfd_create, CLOCK_MONOTONIC, 0);
	CHECK(tfd >= 0, "timerfd_create %ld", tfd);
	t0 = now_ns();
	CHECK((r = SC(SYS_timerfd_settime, tfd, 0, L(&its), 0)) == 0,
	      "settime %ld", r);
	CHECK(SC(SYS_timerfd_gettime, tfd, L(&cur)) == 0, "gettime");
	CHECK(cur.it_interval.tv_nsec == 10000000 && cur.it_value.tv_sec == 0 &&
	      cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20000000,
	      "gettime value %ld interval %ld", cur.it_value.tv_nsec,
	      cur.it_interval.tv_nsec);
	/* The first expiry, 20 ms after settime. */
	n = 0;
	CHECK((r = SC(SYS_read, tfd, L(&n), 8)) == 8, "read %ld", r);
	dt = now_ns() - t0;
	CHECK(n == 1, "first read: %llu expiries", n);
	CHECK(dt >= 20000000ULL && dt < 40000000ULL, "first expiry after %llu us",
	      dt / 1000);
	printf("first 20 ms expiry after %llu us\n", dt / 1000);
	/*
	 * ~55 ms later (the kernel idle meanwhile): one expiry per 10 ms
	 * period since the first, counted against the clock around the read.
	 */
	usleep(55000);
	{
		unsigned long long before = now_ns() - t0, after;

		CHECK(SC(SYS_read, tfd, L(&n), 8) == 8, "read");
		after = now_ns() - t0;
		CHECK(n >= (before - 20000000ULL) / 10000000ULL &&
		      n <= (after - 20000000ULL) / 10000000ULL && n >= 5,
		      "%llu expiries of a 10 ms timer %llu-%llu us after the "
		      "first", n, (before - 20000000ULL) / 1000,
		      (after - 20000000ULL) / 1000);
	}
	/* Disarmed: a non-blocking read has nothing. */
	memset(&its, 0, sizeof(its));
	CHECK(SC(SYS_timerfd_settime, tfd, 0, L(&its), 0) == 0, "disarm");
	CHECK(SC(SYS_fcntl, tfd, F_SETFL, O_NONBLOCK) == 0, "O_NONBLOCK");
	CHECK((r = SC(SYS_read, tfd, L(&n), 8)) == -EAGAIN, "disarmed read %ld", r);
	/* An absolute CLOCK_REALTIME expiry, 30 ms ahead. */
	{
		struct timespec now;
		long rfd = SC(SYS_timerfd_create, CLOCK_REALTIME, 0);
		struct pollfd p = { .fd = (int)rfd, .events = POLLIN };

		CHECK(rfd >= 0, "realtime timerfd %ld", rfd);
		CHECK(SC(SYS_clock_gettime, CLOCK_REALTIME, L(&now)) == 0, "now");
		its.it_value = now;
		its.it_value.tv_nsec += 30000000;
		if (its.it_value.tv_nsec >= 1000000000) {
			its.it_value.tv_nsec -= 1000000000;
			its.it_value.tv_sec++;
		}
		t0 = now_ns();
		CHECK(SC(SYS_timerfd_settime, rfd, 1 /* TFD_TIMER_ABSTIME */,
			 L(&its), 0) == 0, "settime abs");
		CHECK((r = SC(SYS_poll, L(&p), 1, 1000)) == 1, "poll %ld", r);
		dt = now_ns() - t0;
		CHECK(dt >= 25000000ULL && dt < 60000000ULL,
		      "30 ms absolute expiry after %llu us", dt / 1000);
		CHECK(SC(SYS_read, rfd, L(&n), 8) == 8 && n == 1, "abs read");
	}
	halt();
}

/* ---- signalfd --------------------------------------------------------- */

/* struct signalfd_siginfo is 128 bytes: signo, errno, code, pid, uid, ... */
struct ksfd_info {
	unsigned int signo;
	int err, code;
	unsigned int pid, uid;
	int fd;
	unsigned int tid, band, overrun, trapno;
	int status, int_, ptr_lo, ptr_hi;
	unsigned char pad[128 - 56];
};

static void *signal_later(void *arg)
{
	(void)arg;
	usleep(20000);
	return (void *)SC(SYS_kill, 1, SIGUSR1);
}

static void t_signalfd(void)
{
	unsigned long mask = 1UL << (SIGUSR1 - 1), pending = 0, old = 0;
	struct ksfd_info si;
	struct pollfd p;
	long sfd, r;

	CHECK(sizeof(si) == 128, "signalfd_siginfo layout");
	boot();
	CHECK(SC(SYS_rt_sigprocmask, SIG_BLOCK, L(&mask), 0, 8) == 0, "block");
	CHECK(SC(SYS_rt_sigprocmask, SIG_BLOCK, 0, L(&old), 8) == 0 &&
	      old == mask, "mask now %#lx", old);
	sfd = SC(SYS_signalfd4, -1, L(&mask), 8, O_NONBLOCK);
	CHECK(sfd >= 0, "signalfd4 %ld", sfd);
	CHECK((r = SC(SYS_read, sfd, L(&si), sizeof(si))) == -EAGAIN,
	      "nothing pending: %ld", r);
	/* To the process (pid 1, this thread blocks it): stays pending. */
	r = SC(SYS_getpid);
	CHECK((r = SC(SYS_kill, r, SIGUSR1)) == 0, "kill %ld", r);
	CHECK(SC(SYS_rt_sigpending, L(&pending), 8) == 0 && (pending & mask),
	      "rt_sigpending %#lx", pending);
	p = (struct pollfd){ .fd = (int)sfd, .events = POLLIN };
	CHECK((r = SC(SYS_poll, L(&p), 1, 0)) == 1 && p.revents == POLLIN,
	      "poll signalfd %ld %#x", r, p.revents);
	memset(&si, 0, sizeof(si));
	CHECK((r = SC(SYS_read, sfd, L(&si), sizeof(si))) == sizeof(si),
	      "read %ld", r);
	CHECK(si.signo == SIGUSR1 && si.code == SI_USER && si.pid == 1 &&
	      si.uid == 0, "siginfo signo %u code %d pid %u uid %u", si.signo,
	      si.code, si.pid, si.uid);
	CHECK((r = SC(SYS_read, sfd, L(&si), sizeof(si))) == -EAGAIN,
	      "consumed: %ld", r);
	/* To this thread, with a value (rt_tgsigqueueinfo). */
	{
		siginfo_t q;

		memset(&q, 0, sizeof(q));
		q.si_signo = SIGUSR1;
		q.si_code = SI_QUEUE;
		q.si_pid = 1;
		q.si_value.sival_int = 4242;
		r = SC(SYS_gettid);
		CHECK((r = SC(SYS_rt_tgsigqueueinfo, 1, r, SIGUSR1, L(&q))) == 0,
		      "rt_tgsigqueueinfo %ld", r);
		memset(&si, 0, sizeof(si));
		CHECK(SC(SYS_read, sfd, L(&si), sizeof(si)) == sizeof(si),
		      "read queued");
		CHECK(si.signo == SIGUSR1 && si.code == SI_QUEUE &&
		      si.int_ == 4242, "queued signo %u code %d int %d",
		      si.signo, si.code, si.int_);
	}
	/* A blocking read woken by a signal sent from another host thread. */
	{
		pthread_t t;

		CHECK(SC(SYS_fcntl, sfd, F_SETFL, 0) == 0, "blocking");
		pthread_create(&t, NULL, signal_later, NULL);
		memset(&si, 0, sizeof(si));
		r = SC(SYS_read, sfd, L(&si), sizeof(si));
		pthread_join(t, NULL);
		CHECK(r == sizeof(si) && si.signo == SIGUSR1, "woken read %ld signo %u",
		      r, si.signo);
	}
	/* From outside (nablux_host_signal, any host thread): to pid 1, sent
	 * by the kernel. */
	{
		CHECK((r = nablux_host_signal(SIGUSR1)) == 0, "host signal %ld", r);
		memset(&si, 0, sizeof(si));
		r = SC(SYS_read, sfd, L(&si), sizeof(si));
		CHECK(r == sizeof(si) && si.signo == SIGUSR1 &&
		      si.code == SI_KERNEL && si.pid == 0,
		      "host signal read %ld signo %u code %d pid %u", r,
		      si.signo, si.code, si.pid);
		CHECK(nablux_host_signal(0) == -EINVAL &&
		      nablux_host_signal(65) == -EINVAL, "bad host signals");
	}
	/* No other thread took it as fatal: sleeping is not interrupted. */
	{
		struct timespec ts = { 0, 10000000 };

		CHECK((r = SC(SYS_nanosleep, L(&ts), 0)) == 0, "nanosleep %ld", r);
	}
	halt();
}

/* ---- directories ------------------------------------------------------ */

struct kdirent64 {
	unsigned long ino;
	long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Lists dir into names (a "/"-separated sorted-free string); returns count. */
static int list_dir(const char *dir, char *names, size_t size, int *ndirs)
{
	char buf[512];
	long fd, n, pos;
	int count = 0;

	names[0] = 0;
	*ndirs = 0;
	fd = SC(SYS_open, L(dir), O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open %s: %ld", dir, fd);
	/* A small buffer: several calls, each continuing where it left off. */
	while ((n = SC(SYS_getdents64, fd, L(buf), sizeof(buf))) > 0) {
		for (pos = 0; pos < n;) {
			struct kdirent64 *d = (struct kdirent64 *)(buf + pos);

			CHECK(d->reclen >= 20 && d->reclen % 8 == 0 &&
			      pos + d->reclen <= n, "reclen %u", d->reclen);
			CHECK(d->ino != 0, "ino 0 for %s", d->name);
			if (strcmp(d->name, ".") && strcmp(d->name, "..")) {
				strncat(names, d->name, size - strlen(names) - 2);
				strcat(names, "/");
				count++;
				if (d->type == DT_DIR)
					(*ndirs)++;
				else
					CHECK(d->type == DT_REG, "%s type %u",
					      d->name, d->type);
			} else {
				CHECK(d->type == DT_DIR, ". type %u", d->type);
			}
			pos += d->reclen;
		}
	}
	CHECK(n == 0, "getdents64: %ld", n);
	SC(SYS_close, fd);
	return count;
}

static void t_dirs(void)
{
	unsigned char st[144];
	char names[4096], name[64];
	int i, n, ndirs;
	long r, fd;

	boot();
	mount_tmp();
	CHECK((r = SC(SYS_mkdir, L("/tmp/d"), 0755)) == 0, "mkdir %ld", r);
	CHECK((r = SC(SYS_mkdir, L("/tmp/d"), 0755)) == -EEXIST, "again %ld", r);
	CHECK((r = SC(SYS_mkdir, L("/tmp/none/d"), 0755)) == -ENOENT,
	      "no parent %ld", r);
	CHECK(list_dir("/tmp/d", names, sizeof(names), &ndirs) == 0,
	      "new dir lists %s", names);
	/* 40 files and 3 subdirectories: more than one getdents64 buffer. */
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "/tmp/d/file-%02d", i);
		fd = SC(SYS_open, L(name), O_CREAT | O_WRONLY, 0644);
		CHECK(fd >= 0, "create %s: %ld", name, fd);
		SC(SYS_close, fd);
	}
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "/tmp/d/sub%d", i);
		CHECK(SC(SYS_mkdir, L(name), 0700) == 0, "mkdir %s", name);
	}
	CHECK(SC(SYS_stat, L("/tmp/d"), L(st)) == 0, "stat");
	CHECK(*(unsigned long *)(st + 16) == 2 + 3, "nlink %lu with 3 subdirs",
	      *(unsigned long *)(st + 16));
	n = list_dir("/tmp/d", names, sizeof(names), &ndirs);
	CHECK(n == 43 && ndirs == 3, "listed %d entries, %d dirs", n, ndirs);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "file-%02d/", i);
		CHECK(strstr(names, name), "%s not listed", name);
	}
	/* rmdir: not empty, not a directory, then empty. */
	CHECK((r = SC(SYS_rmdir, L("/tmp/d"))) == -ENOTEMPTY, "rmdir full %ld", r);
	CHECK((r = SC(SYS_rmdir, L("/tmp/d/file-00"))) == -ENOTDIR,
	      "rmdir file %ld", r);
	CHECK((r = SC(SYS_unlink, L("/tmp/d/sub0"))) == -EISDIR, "unlink dir %ld", r);
	CHECK(SC(SYS_chdir, L("/tmp/d")) == 0, "chdir");
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "file-%02d", i);
		CHECK((r = SC(SYS_unlink, L(name))) == 0, "unlink %s: %ld", name, r);
	}
	CHECK(SC(SYS_rmdir, L("sub0")) == 0 && SC(SYS_rmdir, L("sub1")) == 0,
	      "rmdir subs");
	{
		char cwd[64];

		CHECK((r = SC(SYS_getcwd, L(cwd), sizeof(cwd))) > 0 &&
		      !strcmp(cwd, "/tmp/d"), "getcwd %ld %s", r, cwd);
	}
	CHECK(SC(SYS_chdir, L("/")) == 0, "chdir /");
	n = list_dir("/tmp/d", names, sizeof(names), &ndirs);
	CHECK(n == 1 && !strcmp(names, "sub2/"), "left: %s", names);
	CHECK(SC(SYS_rmdir, L("/tmp/d/sub2")) == 0, "rmdir sub2");
	CHECK((r = SC(SYS_rmdir, L("/tmp/d"))) == 0, "rmdir %ld", r);
	CHECK((r = SC(SYS_stat, L("/tmp/d"), L(st))) == -ENOENT, "gone %ld", r);
	CHECK(SC(SYS_stat, L("/tmp"), L(st)) == 0 &&
	      *(unsigned long *)(st + 16) == 2, "/tmp nlink %lu",
	      *(unsigned long *)(st + 16));
	halt();
}

/* ---- rename and unlink, checked with stat ------------------------------ */

static unsigned long st_ino(const char *path, unsigned long *nlink, long *size)
{
	unsigned char st[144];
	long r = SC(SYS_stat, L(path), L(st));

	if (nlink)
		*nlink = 0;
	if (size)
		*size = -1;
	if (r)
		return 0;
	if (nlink)
		*nlink = *(unsigned long *)(st + 16);
	if (size)
		*size = *(long *)(st + 48);
	return *(unsigned long *)(st + 8);
}

static void put_file(const char *path, const char *text)
{
	long fd = SC(SYS_open, L(path), O_CREAT | O_TRUNC | O_WRONLY, 0644);

	CHECK(fd >= 0, "create %s: %ld", path, fd);
	CHECK(SC(SYS_write, fd, L(text), strlen(text)) == (long)strlen(text),
	      "write %s", path);
	SC(SYS_close, fd);
}

static void t_rename(void)
{
	unsigned long ino_a, ino_b, nlink;
	unsigned char st[144];
	char buf[32];
	long size, r, fd;

	boot();
	mount_tmp();
	put_file("/tmp/a", "alpha");
	put_file("/tmp/b", "bravo!");
	ino_a = st_ino("/tmp/a", &nlink, &size);
	ino_b = st_ino("/tmp/b", NULL, NULL);
	CHECK(ino_a && ino_b && ino_a != ino_b && nlink == 1 && size == 5,
	      "inodes %lu %lu nlink %lu size %ld", ino_a, ino_b, nlink, size);
	/* rename keeps the inode. */
	CHECK(SC(SYS_rename, L("/tmp/a"), L("/tmp/c")) == 0, "rename a c");
	CHECK(st_ino("/tmp/a", NULL, NULL) == 0, "a still there");
	CHECK(st_ino("/tmp/c", NULL, &size) == ino_a && size == 5, "c is a");
	/* rename over an existing file replaces it. */
	CHECK(SC(SYS_rename, L("/tmp/c"), L("/tmp/b")) == 0, "rename c b");
	CHECK(st_ino("/tmp/b", &nlink, &size) == ino_a && nlink == 1 &&
	      size == 5, "b replaced: size %ld", size);
	/* renameat2: NOREPLACE refuses, EXCHANGE swaps. */
	put_file("/tmp/d", "delta-delta");
	CHECK((r = SC(SYS_renameat2, AT_FDCWD, L("/tmp/b"), AT_FDCWD,
		      L("/tmp/d"), 1 /* RENAME_NOREPLACE */)) == -EEXIST,
	      "NOREPLACE %ld", r);
	CHECK((r = SC(SYS_renameat2, AT_FDCWD, L("/tmp/b"), AT_FDCWD,
		      L("/tmp/d"), 2 /* RENAME_EXCHANGE */)) == 0,
	      "EXCHANGE %ld", r);
	CHECK(st_ino("/tmp/d", NULL, &size) == ino_a && size == 5, "d is a");
	CHECK(st_ino("/tmp/b", NULL, &size) != ino_a && size == 11, "b is d");
	/* Hard links count; unlink drops one. */
	CHECK(SC(SYS_link, L("/tmp/d"), L("/tmp/e")) == 0, "link");
	CHECK(st_ino("/tmp/e", &nlink, NULL) == ino_a && nlink == 2, "nlink %lu",
	      nlink);
	CHECK(SC(SYS_unlink, L("/tmp/d")) == 0, "unlink d");
	CHECK(st_ino("/tmp/e", &nlink, NULL) == ino_a && nlink == 1, "nlink %lu",
	      nlink);
	/* An open file outlives its last name. */
	fd = SC(SYS_open, L("/tmp/e"), O_RDWR);
	CHECK(fd >= 0, "open e");
	CHECK(SC(SYS_unlink, L("/tmp/e")) == 0, "unlink e");
	CHECK(st_ino("/tmp/e", NULL, NULL) == 0, "e still there");
	CHECK(SC(SYS_fstat, fd, L(st)) == 0 && *(unsigned long *)(st + 16) == 0 &&
	      *(unsigned long *)(st + 8) == ino_a, "fstat unlinked: nlink %lu",
	      *(unsigned long *)(st + 16));
	memset(buf, 0, sizeof(buf));
	CHECK(SC(SYS_pread64, fd, L(buf), sizeof(buf), 0) == 5 &&
	      !strcmp(buf, "alpha"), "read unlinked: %s", buf);
	SC(SYS_close, fd);
	/* Errors. */
	CHECK((r = SC(SYS_rename, L("/tmp/none"), L("/tmp/x"))) == -ENOENT,
	      "rename missing %ld", r);
	CHECK((r = SC(SYS_unlink, L("/tmp/none"))) == -ENOENT, "unlink missing %ld", r);
	CHECK(SC(SYS_mkdir, L("/tmp/dir"), 0755) == 0, "mkdir");
	CHECK((r = SC(SYS_rename, L("/tmp/b"), L("/tmp/dir"))) == -EISDIR,
	      "file over dir %ld", r);
	CHECK((r = SC(SYS_rename, L("/tmp/dir"), L("/tmp/b"))) == -ENOTDIR,
	      "dir over file %ld", r);
	CHECK((r = SC(SYS_rename, L("/tmp/dir"), L("/tmp/dir/sub"))) == -EINVAL,
	      "dir into itself %ld", r);
	/* A directory moves with its contents. */
	put_file("/tmp/dir/f", "inside");
	CHECK(SC(SYS_rename, L("/tmp/dir"), L("/tmp/moved")) == 0, "move dir");
	CHECK(st_ino("/tmp/moved/f", NULL, &size) && size == 6, "moved content");
	CHECK(st_ino("/tmp/dir/f", NULL, NULL) == 0, "old path");
	halt();
}

/* ---- sockets ---------------------------------------------------------- */

static long us_fd;

static void *unix_reader(void *arg)
{
	char buf[16] = { 0 };
	long r = SC(SYS_read, us_fd, L(buf), sizeof(buf));

	(void)arg;
	return (void *)(r == 6 && !memcmp(buf, "wakeup", 6) ? 1L : r);
}

static void t_unix(void)
{
	char buf[64];
	int sv[2], dv[2], pfd[2];
	pthread_t t;
	void *res;
	long r;

	boot();
	/* Stream pair: both directions, a blocked reader, EOF. */
	CHECK((r = SC(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, L(sv))) == 0,
	      "socketpair %ld", r);
	CHECK(SC(SYS_write, sv[0], L("there"), 5) == 5, "write 0");
	CHECK(SC(SYS_write, sv[1], L("back"), 4) == 4, "write 1");
	CHECK(SC(SYS_read, sv[1], L(buf), sizeof(buf)) == 5 &&
	      !memcmp(buf, "there", 5), "read 1");
	CHECK(SC(SYS_read, sv[0], L(buf), sizeof(buf)) == 4 &&
	      !memcmp(buf, "back", 4), "read 0");
	us_fd = sv[1];
	pthread_create(&t, NULL, unix_reader, NULL);
	usleep(30000);
	CHECK(SC(SYS_write, sv[0], L("wakeup"), 6) == 6, "write wakeup");
	pthread_join(t, &res);
	CHECK(res == (void *)1L, "blocked reader: %ld", (long)res);
	CHECK(SC(SYS_shutdown, sv[0], SHUT_WR) == 0, "shutdown");
	CHECK((r = SC(SYS_read, sv[1], L(buf), sizeof(buf))) == 0, "eof %ld", r);

	/* Datagram pair: message boundaries kept, excess truncated. */
	CHECK(SC(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, L(dv)) == 0, "dgram");
	CHECK(SC(SYS_sendto, dv[0], L("one"), 3, 0, 0, 0) == 3, "send 1");
	CHECK(SC(SYS_sendto, dv[0], L("second"), 6, 0, 0, 0) == 6, "send 2");
	CHECK(SC(SYS_sendto, dv[0], L("3"), 1, 0, 0, 0) == 1, "send 3");
	CHECK(SC(SYS_recvfrom, dv[1], L(buf), sizeof(buf), 0, 0, 0) == 3 &&
	      !memcmp(buf, "one", 3), "recv 1");
	CHECK((r = SC(SYS_recvfrom, dv[1], L(buf), 3, MSG_TRUNC, 0, 0)) == 6 &&
	      !memcmp(buf, "sec", 3), "recv 2 truncated: %ld", r);
	CHECK(SC(SYS_recvfrom, dv[1], L(buf), sizeof(buf), 0, 0, 0) == 1 &&
	      buf[0] == '3', "recv 3");
	CHECK((r = SC(SYS_recvfrom, dv[1], L(buf), sizeof(buf), MSG_DONTWAIT,
		      0, 0)) == -EAGAIN, "empty: %ld", r);

	/* SCM_RIGHTS: a pipe's read end passed over the stream pair. */
	CHECK(SC(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, L(sv)) == 0, "pair");
	CHECK(SC(SYS_pipe2, L(pfd), 0) == 0, "pipe");
	{
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} c;
		struct iovec iov = { .iov_base = "F", .iov_len = 1 };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = c.buf,
				    .msg_controllen = sizeof(c.buf) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
		int got;

		CHECK(sizeof(struct msghdr) == 56 && sizeof(struct cmsghdr) == 16,
		      "msghdr/cmsghdr layout");
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &pfd[0], sizeof(int));
		CHECK((r = SC(SYS_sendmsg, sv[0], L(&m), 0)) == 1, "sendmsg %ld", r);
		SC(SYS_close, pfd[0]);

		memset(&c, 0, sizeof(c));
		iov.iov_base = buf;
		iov.iov_len = sizeof(buf);
		m.msg_controllen = sizeof(c.buf);
		CHECK((r = SC(SYS_recvmsg, sv[1], L(&m), 0)) == 1 && buf[0] == 'F',
		      "recvmsg %ld", r);
		cm = CMSG_FIRSTHDR(&m);
		CHECK(cm && cm->cmsg_level == SOL_SOCKET &&
		      cm->cmsg_type == SCM_RIGHTS &&
		      cm->cmsg_len == CMSG_LEN(sizeof(int)), "cmsg");
		memcpy(&got, CMSG_DATA(cm), sizeof(int));
		CHECK(got >= 0, "received fd %d", got);
		CHECK(SC(SYS_write, pfd[1], L("piped"), 5) == 5, "write pipe");
		CHECK(SC(SYS_read, got, L(buf), sizeof(buf)) == 5 &&
		      !memcmp(buf, "piped", 5), "read through passed fd");
	}
	halt();
}

/* lo up (it gets 127.0.0.1/8 by itself), through the kernel's ioctls. */
static void lo_up(void)
{
	struct ifreq ifr;
	long fd, r;

	CHECK(sizeof(ifr) == 40, "ifreq layout");
	fd = SC(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0, "socket %ld", fd);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK((r = SC(SYS_ioctl, fd, SIOCGIFFLAGS, L(&ifr))) == 0,
	      "SIOCGIFFLAGS %ld", r);
	ifr.ifr_flags |= IFF_UP;
	CHECK((r = SC(SYS_ioctl, fd, SIOCSIFFLAGS, L(&ifr))) == 0,
	      "SIOCSIFFLAGS %ld", r);
	SC(SYS_close, fd);
}

#define TCP_PORT 7777
#define TCP_CHUNK 65536
#define TCP_CHUNKS 32

static volatile int tcp_ready;

/* The server: accepts one connection and echoes it until EOF. */
static void *tcp_server(void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(TCP_PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	static char buf[TCP_CHUNK];
	long s, c, n, w, total = 0, one = 1;

	(void)arg;
	s = SC(SYS_socket, AF_INET, SOCK_STREAM, 0);
	if (s < 0 || SC(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, L(&one), 4) ||
	    SC(SYS_bind, s, L(&a), sizeof(a)) || SC(SYS_listen, s, 4)) {
		tcp_ready = -1;
		return (void *)-1L;
	}
	tcp_ready = 1;
	c = SC(SYS_accept4, s, 0, 0, 0);
	if (c < 0)
		return (void *)-2L;
	while ((n = SC(SYS_read, c, L(buf), sizeof(buf))) > 0) {
		for (w = 0; w < n;) {
			long k = SC(SYS_write, c, L(buf + w), n - w);

			if (k <= 0)
				return (void *)-3L;
			w += k;
		}
		total += n;
	}
	SC(SYS_close, c);
	SC(SYS_close, s);
	return (void *)(n == 0 ? total : -4L);
}

static void t_tcp(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(TCP_PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, b;
	static char out[TCP_CHUNK], in[TCP_CHUNK];
	unsigned long long t0, rtt;
	int len, i, j;
	pthread_t t;
	void *res;
	long c, r, got;

	CHECK(sizeof(struct sockaddr_in) == 16, "sockaddr_in layout");
	boot();
	lo_up();
	pthread_create(&t, NULL, tcp_server, NULL);
	while (!tcp_ready)
		usleep(1000);
	CHECK(tcp_ready == 1, "server could not listen");
	c = SC(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK(c >= 0, "socket %ld", c);
	CHECK((r = SC(SYS_connect, c, L(&a), sizeof(a))) == 0, "connect %ld", r);
	len = sizeof(b);
	CHECK(SC(SYS_getpeername, c, L(&b), L(&len)) == 0 && len == sizeof(b) &&
	      b.sin_port == htons(TCP_PORT) &&
	      b.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "getpeername");
	CHECK(SC(SYS_getsockname, c, L(&b), L(&len)) == 0 &&
	      b.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && b.sin_port != 0,
	      "getsockname");
	/* A small round trip, timed. */
	t0 = now_ns();
	CHECK(SC(SYS_write, c, L("ping"), 4) == 4, "ping");
	CHECK(SC(SYS_read, c, L(in), 4) == 4 && !memcmp(in, "ping", 4), "pong");
	rtt = now_ns() - t0;
	/* 2 MiB echoed in 64 KiB chunks, checked byte for byte. */
	for (i = 0; i < TCP_CHUNKS; i++) {
		for (j = 0; j < TCP_CHUNK; j++)
			out[j] = (char)(i * 7 + j * 13);
		for (got = 0; got < TCP_CHUNK;) {
			r = SC(SYS_write, c, L(out + got), TCP_CHUNK - got);
			CHECK(r > 0, "write chunk %d: %ld", i, r);
			got += r;
		}
		for (got = 0; got < TCP_CHUNK;) {
			r = SC(SYS_read, c, L(in + got), TCP_CHUNK - got);
			CHECK(r > 0, "read chunk %d: %ld", i, r);
			got += r;
		}
		CHECK(!memcmp(in, out, TCP_CHUNK), "chunk %d differs", i);
	}
	CHECK(SC(SYS_shutdown, c, SHUT_WR) == 0, "shutdown");
	CHECK((r = SC(SYS_read, c, L(in), sizeof(in))) == 0, "eof %ld", r);
	SC(SYS_close, c);
	pthread_join(t, &res);
	CHECK((long)res == 4 + TCP_CHUNK * TCP_CHUNKS, "server echoed %ld",
	      (long)res);
	/* Nothing listens any more. */
	c = SC(SYS_socket, AF_INET, SOCK_STREAM, 0);
	CHECK((r = SC(SYS_connect, c, L(&a), sizeof(a))) == -ECONNREFUSED,
	      "connect after close: %ld", r);
	printf("tcp over lo: first round trip %llu us, %d KiB echoed\n",
	       rtt / 1000, TCP_CHUNK * TCP_CHUNKS / 1024);
	halt();
}

/* ---- boot and halt, again and again, in fresh processes ---------------- */

static long proc_status(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n - 3;	/* ., .. and the DIR's own */
}

/*
 * One child: boot, do some work, halt; nothing may be left behind. The
 * measure is anonymous memory (RssAnon): the kernel's code, read from the
 * executable, stays in RSS once touched, and so does its written .data and
 * .bss (under 1 MiB), which a boot would reuse, but the RAM, the threads
 * and everything allocated for them must go back to the host.
 */
static void boot_child(int round)
{
	long anon0, anon1, anon2, fd;
	int fds0 = open_fds(), threads0 = host_threads(), i;
	char name[32], big[4096];

	memset(big, 'z', sizeof(big));
	anon0 = proc_status("RssAnon:");
	boot();
	mount_tmp();
	/* 8 MiB of files in the kernel's RAM. */
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "/tmp/f%d", i);
		fd = SC(SYS_open, L(name), O_CREAT | O_WRONLY, 0644);
		CHECK(fd >= 0, "create %s: %ld", name, fd);
		for (int j = 0; j < 32; j++)
			CHECK(SC(SYS_write, fd, L(big), sizeof(big)) == sizeof(big),
			      "write");
		SC(SYS_close, fd);
	}
	anon1 = proc_status("RssAnon:");
	halt();
	anon2 = proc_status("RssAnon:");
	CHECK(host_threads() == threads0, "round %d: %d host threads, had %d",
	      round, host_threads(), threads0);
	CHECK(open_fds() == fds0, "round %d: %d fds, had %d", round, open_fds(),
	      fds0);
	CHECK(anon1 - anon0 > 8192, "round %d: only %ld kB for 8 MiB of files",
	      round, anon1 - anon0);
	CHECK(anon2 - anon0 < 2048, "round %d: RssAnon %ld kB before, %ld up, "
	      "%ld after halt", round, anon0, anon1, anon2);
	printf("round %d: RssAnon %ld kB -> %ld kB up -> %ld kB halted\n", round,
	       anon0, anon1, anon2);
}

static void t_boots(void)
{
	int n = getenv("KTEST_BOOTS") ? atoi(getenv("KTEST_BOOTS")) : 20;
	int i, status;
	pid_t pid;

	for (i = 0; i < n; i++) {
		pid = fork();
		CHECK(pid >= 0, "fork");
		if (pid == 0) {
			boot_child(i);
			_exit(0);
		}
		CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "boot %d: status %#x", i, status);
	}
	printf("%d boots\n", n);
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
	{ "poll", t_poll },
	{ "select", t_select },
	{ "timerfd", t_timerfd },
	{ "signalfd", t_signalfd },
	{ "dirs", t_dirs },
	{ "rename", t_rename },
	{ "boots", t_boots },
	{ "unix", t_unix },
	{ "tcp", t_tcp },
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
