/*
 * The process model as a C program sees it: threads (create/join/detach,
 * TLS and errno per thread, pthread_kill, pthread_cancel), signal
 * delivery (handlers, masks, restarts, interrupted waits), and what the
 * threads leave behind. Runs natively too, as the reference (pid checks
 * aside). Prints "ok NAME" / "FAIL NAME: why" and "N passed, N failed".
 *
 *   proc             the checks
 *   proc exit-thread a second thread calls exit(7) while main sleeps
 *   proc pause       waits for signals, with no handler
 *   proc cwd         prints its working directory
 *   proc fill-tmp    writes /tmp/fill until the file system is full:
 *                    ENOSPC (exit 0), then removes it
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* ---- threads */

static __thread int tls_value;

static void *add_one(void *p)
{
	tls_value = (int)(long)p;
	errno = tls_value;
	return (void *)(long)(tls_value + 1);
}

static int detached_done;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *detached(void *p)
{
	(void)p;
	pthread_mutex_lock(&lock);
	detached_done++;
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void t_threads(void)
{
	pthread_t t;
	void *r;
	int bad = 0;

	tls_value = 5;
	errno = 0;
	CHECK("pthread-create-join", pthread_create(&t, NULL, add_one, (void *)41) == 0 &&
	      pthread_join(t, &r) == 0 && r == (void *)42);
	CHECK("tls-errno-per-thread", tls_value == 5 && errno == 0);

	int base = count_tasks();
	double t0 = now_ms();
	for (long i = 0; i < 100000 && !bad; i++)
		bad = pthread_create(&t, NULL, add_one, (void *)i) ||
		      pthread_join(t, &r) || r != (void *)(i + 1);
	double t1 = now_ms();
	check("pthread-100000-create-join", !bad, "failed at some cycle");
	printf("thread create+join: %.2f us\n", (t1 - t0) * 1000 / 100000);
	check("pthread-no-task-growth", count_tasks() == base, "tasks %d, were %d", count_tasks(), base);

	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 10000 && !bad; i++)
		bad = pthread_create(&t, &a, detached, NULL);
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&lock);
		int done = detached_done;
		pthread_mutex_unlock(&lock);
		if (done == 10000)
			break;
		usleep(1000);
	}
	usleep(10000);
	check("pthread-10000-detached", !bad && detached_done == 10000, "done %d", detached_done);
	check("pthread-detached-no-task-growth", count_tasks() == base, "tasks %d, were %d", count_tasks(), base);
}

/* ---- signals */

static volatile sig_atomic_t hits, last_sig;
static volatile pthread_t handler_thread;
static sigset_t mask_in_handler;
static siginfo_t last_info;

static void on_sig(int sig)
{
	hits++;
	last_sig = sig;
	handler_thread = pthread_self();
	pthread_sigmask(SIG_SETMASK, NULL, &mask_in_handler);
}

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	last_info = *si;
}

static void handle(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(sig, &sa, NULL);
}

static void *sleeper(void *p)
{
	(void)p;
	struct timespec ts = { 3, 0 };
	int r = nanosleep(&ts, &ts);
	return (void *)(long)(r < 0 ? errno : 0);
}

static int pipefd[2];

static void *late_writer(void *p)
{
	usleep((long)p * 1000);
	if (write(pipefd[1], "x", 1) != 1)
		return (void *)1;
	return NULL;
}

static void *cancel_me(void *p)
{
	char c;

	(void)p;
	for (;;)
		if (read(pipefd[0], &c, 1) < 0 && errno != EINTR)
			break;
	return NULL;
}

static void t_signals(void)
{
	sigset_t set, old;

	/* A handler, and the mask while it runs: sa_mask and the signal. */
	handle(SIGUSR1, on_sig, 0);
	hits = 0;
	raise(SIGUSR1);
	CHECK("raise-runs-handler", hits == 1 && last_sig == SIGUSR1);
	CHECK("handler-mask", sigismember(&mask_in_handler, SIGUSR1) &&
	      sigismember(&mask_in_handler, SIGUSR2));
	pthread_sigmask(SIG_SETMASK, NULL, &set);
	CHECK("mask-restored-after-handler", !sigismember(&set, SIGUSR1) && !sigismember(&set, SIGUSR2));

	handle(SIGUSR1, on_sig, SA_NODEFER);
	raise(SIGUSR1);
	CHECK("sa-nodefer", !sigismember(&mask_in_handler, SIGUSR1));

	handle(SIGUSR1, on_sig, SA_RESETHAND);
	raise(SIGUSR1);
	struct sigaction cur;
	sigaction(SIGUSR1, NULL, &cur);
	CHECK("sa-resethand", cur.sa_handler == SIG_DFL);

	struct sigaction si = { .sa_sigaction = on_info, .sa_flags = SA_SIGINFO };
	sigaction(SIGUSR2, &si, NULL);
	kill(getpid(), SIGUSR2);
	CHECK("sa-siginfo", last_sig == SIGUSR2 && last_info.si_signo == SIGUSR2 &&
	      last_info.si_code == SI_USER && last_info.si_pid == getpid());

	/* Blocked: stays pending, delivered when unblocked. */
	handle(SIGUSR1, on_sig, 0);
	hits = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR1);
	int pending_then = hits == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	CHECK("blocked-then-delivered-on-unblock", pending_then && hits == 1);

	/* An interrupted wait returns EINTR once, then waits its time. */
	int ep = epoll_create1(0);
	struct epoll_event ev;
	hits = 0;
	pthread_sigmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR1);
	double t0 = now_ms();
	int r = epoll_pwait(ep, &ev, 1, 200, &old);
	int e = errno;
	double t1 = now_ms();
	r = epoll_wait(ep, &ev, 1, 200) == 0 ? r : 99;
	double t2 = now_ms();
	check("epoll-pwait-eintr-then-waits", r == -1 && e == EINTR && hits == 1 && t2 - t1 >= 190,
	      "r %d errno %d hits %d, first %.0f ms, second %.0f ms", r, e, (int)hits, t1 - t0, t2 - t1);
	pthread_sigmask(SIG_SETMASK, NULL, &set);
	CHECK("epoll-pwait-mask-restored", sigismember(&set, SIGUSR1));
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(ep);

	/* sigsuspend: returns after the handler, the old mask back. */
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	handle(SIGALRM, on_sig, 0);
	hits = 0;
	alarm(1);
	t0 = now_ms();
	sigsuspend(&old);
	t1 = now_ms();
	pthread_sigmask(SIG_SETMASK, NULL, &set);
	check("alarm-sigsuspend", hits == 1 && last_sig == SIGALRM && t1 - t0 > 500 && t1 - t0 < 3000 &&
	      sigismember(&set, SIGALRM), "hits %d sig %d after %.0f ms", (int)hits, (int)last_sig, t1 - t0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	/* SA_RESTART: a read interrupted by a timer goes on until data comes. */
	handle(SIGALRM, on_sig, SA_RESTART);
	hits = 0;
	pipe(pipefd);
	pthread_t w;
	pthread_create(&w, NULL, late_writer, (void *)300);
	struct itimerval it = { .it_value = { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	char c;
	r = read(pipefd[0], &c, 1);
	pthread_join(w, NULL);
	check("sa-restart-read", r == 1 && hits == 1, "read %d errno %d hits %d", r, errno, (int)hits);

	/* Without SA_RESTART the same read fails with EINTR. */
	handle(SIGALRM, on_sig, 0);
	hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	r = read(pipefd[0], &c, 1);
	check("no-restart-read-eintr", r == -1 && errno == EINTR && hits == 1, "read %d errno %d", r, errno);

	/* nanosleep interrupted: EINTR and the time left. */
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec ts = { 1, 0 };
	r = nanosleep(&ts, &ts);
	check("nanosleep-eintr-remaining", r == -1 && errno == EINTR && ts.tv_sec == 0 && ts.tv_nsec > 500000000,
	      "r %d left %ld.%09ld", r, (long)ts.tv_sec, ts.tv_nsec);

	/* pthread_kill reaches the thread named, in its blocking call. */
	handle(SIGUSR1, on_sig, 0);
	hits = 0;
	pthread_t s;
	void *res;
	pthread_create(&s, NULL, sleeper, NULL);
	usleep(200000);	/* it sleeps by then, even on a loaded host */
	pthread_kill(s, SIGUSR1);
	pthread_join(s, &res);
	CHECK("pthread-kill", hits == 1 && pthread_equal(handler_thread, s) && res == (void *)(long)EINTR);

	/* pthread_cancel of a thread blocked in read (musl's SIGCANCEL). */
	pthread_create(&s, NULL, cancel_me, NULL);
	usleep(50000);
	pthread_cancel(s);
	r = pthread_join(s, &res);
	CHECK("pthread-cancel", r == 0 && res == PTHREAD_CANCELED);
	close(pipefd[0]);
	close(pipefd[1]);
}

/* ---- memory */

static void t_memory(void)
{
	/* Three quarters of the guest's memory in one block, every page
	 * touched, then given back (-m 2048 in the suite). */
	size_t big = 1536UL << 20;
	double t0 = now_ms();
	char *b = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t1 = now_ms();
	int ok = b != MAP_FAILED;
	for (size_t i = 0; ok && i < big; i += 4096)
		b[i] = 1;
	check("mmap-1536MiB", ok && munmap(b, big) == 0, "mmap %p", (void *)b);
	printf("mmap of 1.5 GiB: %.3f ms (pages touched after)\n", t1 - t0);
	b = malloc(big);
	CHECK("malloc-1536MiB-again", b != NULL);
	free(b);

	int *sh = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK("map-shared-anonymous", sh != MAP_FAILED && sh[0] == 0 && (sh[2047] = 7) == 7);

	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 'x', 8192);
	char *g = mremap(m, 8192, 64 << 20, MREMAP_MAYMOVE);
	CHECK("mremap-grow", g != MAP_FAILED && g[0] == 'x' && g[8191] == 'x' && g[(64 << 20) - 1] == 0);
	char *s2 = mremap(g, 64 << 20, 4096, 0);
	CHECK("mremap-shrink", s2 == g && s2[4095] == 'x');
	CHECK("madvise-dontneed-zeroes", madvise(s2, 4096, MADV_DONTNEED) == 0 && s2[100] == 0);
	CHECK("mprotect", mprotect(s2, 4096, PROT_READ) == 0);
	munmap(s2, 4096);
	munmap(sh, 8192);

	/* File mappings. */
	int fd = open("/tmp/mapped", O_CREAT | O_TRUNC | O_RDWR, 0644);
	char page[8192];
	memset(page, 'a', sizeof(page));
	write(fd, page, sizeof(page));
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("map-private-file", p != MAP_FAILED && p[0] == 'a' && p[8191] == 'a');
	p[0] = 'P';
	munmap(p, 8192);
	char c = 0;
	pread(fd, &c, 1, 0);
	CHECK("map-private-not-written", c == 'a');
	char *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	CHECK("map-shared-file-offset", q != MAP_FAILED && q[0] == 'a' && q[4095] == 'a');
	if (q == MAP_FAILED)
		return;
	q[0] = 'S';
	close(fd);	/* the mapping keeps the file */
	CHECK("msync", msync(q, 4096, MS_SYNC) == 0);
	fd = open("/tmp/mapped", O_RDWR);
	pread(fd, &c, 1, 4096);
	CHECK("map-shared-msync-written", c == 'S');
	q[1] = 'T';
	munmap(q, 4096);
	pread(fd, &c, 1, 4097);
	struct stat st;
	fstat(fd, &st);
	CHECK("map-shared-munmap-written", c == 'T' && st.st_size == 8192);
	char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("map-shared-readonly", r != MAP_FAILED && r[0] == 'a');
	munmap(r, 4096);
	CHECK("map-writeonly-fd-refused", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE,
	      open("/tmp/mapped", O_WRONLY), 0) == MAP_FAILED && errno == EACCES);
	close(fd);
	unlink("/tmp/mapped");

	int mfd = memfd_create("proc-test", MFD_CLOEXEC);
	char *mm = MAP_FAILED;
	if (mfd >= 0 && ftruncate(mfd, 4096) == 0)
		mm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (mm != MAP_FAILED) {
		mm[10] = 'M';
		msync(mm, 4096, MS_SYNC);
	}
	c = 0;
	CHECK("memfd_create", mm != MAP_FAILED && pread(mfd, &c, 1, 10) == 1 && c == 'M' &&
	      (fcntl(mfd, F_GETFD) & FD_CLOEXEC));
	close(mfd);
}

/* ---- bad pointers: EFAULT, as from Linux, never a crash */

static void t_efault(void)
{
	static void *const bad[] = { NULL, (void *)8, (void *)0x50000,
				     (void *)(1UL << 46) };
	int fd = open("/dev/zero", O_RDWR), fails = 0, pw[2];
	char why[512] = "";

	pipe(pw);	/* a pipe copies what is written (/dev/zero would not) */

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *p = bad[i];
		const struct {
			const char *name;
			long r;
		} calls[] = {
			{ "read", syscall(SYS_read, fd, p, 3) },
			{ "write", syscall(SYS_write, pw[1], p, 3) },
			{ "openat", syscall(SYS_openat, AT_FDCWD, p, O_RDONLY) },
			{ "newfstatat", syscall(SYS_newfstatat, AT_FDCWD, "/", p, 0) },
			{ "pipe2", syscall(SYS_pipe2, p, 0) },
			{ "clock_gettime", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p) },
			{ "getrandom", syscall(SYS_getrandom, p, 8, 0) },
			{ "uname", syscall(SYS_uname, p) },
			{ "getcwd", syscall(SYS_getcwd, p, 64) },
			{ "poll", syscall(SYS_poll, p, 1, 0) },
			/* NULL is a valid "no new mask" here. */
			{ "rt_sigprocmask", p ? syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, 0, 8) : -1 },
			{ "nanosleep", syscall(SYS_nanosleep, p, 0) },
		};
		for (unsigned k = 0; k < sizeof(calls) / sizeof(calls[0]); k++)
			if (calls[k].r != -1) {
				fails++;
				snprintf(why + strlen(why), sizeof(why) - strlen(why),
					 " %s(%p)=%ld", calls[k].name, p, calls[k].r);
			}
	}
	/* errno is only the last call's; each returned -1 above. */
	check("efault-table", fails == 0, "%d calls did not fail:%s", fails, why);
	char buf[8];
	CHECK("efault-then-good-pointer", read(fd, buf, sizeof(buf)) == sizeof(buf));
	errno = 0;
	CHECK("efault-errno", syscall(SYS_read, fd, (void *)8, 3) == -1 && errno == EFAULT);
	close(fd);
	close(pw[0]);
	close(pw[1]);
}

static void *exit_seven(void *p)
{
	(void)p;
	usleep(50000);
	exit(7);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "exit-thread")) {
		pthread_t t;

		pthread_create(&t, NULL, exit_seven, NULL);
		for (;;)
			pause();
	}
	if (argc > 1 && !strcmp(argv[1], "cwd")) {
		char b[256];

		printf("cwd=%s\n", getcwd(b, sizeof(b)));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "pause"))
		for (;;)
			pause();
	if (argc > 1 && !strcmp(argv[1], "fill-tmp")) {
		static char mib[1 << 20];
		int fd = open("/tmp/fill", O_CREAT | O_WRONLY, 0600);
		long total = 0, r = 0;

		memset(mib, 0xa5, sizeof(mib));
		while (fd >= 0 && (r = write(fd, mib, sizeof(mib))) > 0)
			total += r;
		int e = errno;
		printf("filled %ld MiB: %s\n", total >> 20, strerror(e));
		close(fd);
		unlink("/tmp/fill");
		return fd >= 0 && r < 0 && e == ENOSPC ? 0 : 1;
	}
	t_threads();
	t_signals();
	t_memory();
	t_efault();
	return check_summary();
}
