/*
 * libc conformance, as a Linux unikernel (nablux-cc) and, for reference,
 * as a native program: the same source must pass in both. Checks that only
 * make sense inside the unikernel (pid 1, the console, auxv as nablux lays
 * it out) run only there. Prints "ok NAME" / "FAIL NAME: why" per check
 * and "N passed, N failed"; exits with the number of failures (max 100).
 *
 * usage: ltest WORKDIR   (a writable directory on the file system under test)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "check.h"

static int in_uk;	/* running as pid 1 of a nablux unikernel */
static const char *dir;

static char *path(const char *name)
{
	static char buf[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void t_stdio(void)
{
	char b[256];

	snprintf(b, sizeof(b), "%d|%5.2f|%e|%g|%x|%s|%c|%%|%-4d|%+d", -42,
		 3.14159, 12345.678, 0.0001, 255u, "str", 'c', 7, 5);
	check("printf-basic", !strcmp(b, "-42| 3.14|1.234568e+04|0.0001|ff|str|c|%|7   |+5"), "got %s", b);
	snprintf(b, sizeof(b), "%.17g|%a|%.3Lf", 0.1, 1.0, (long double)2.5);
	check("printf-float", !strcmp(b, "0.10000000000000001|0x1p+0|2.500"), "got %s", b);
	snprintf(b, sizeof(b), "%lld|%llu|%zu|%jd", LLONG_MIN, ULLONG_MAX,
		 (size_t)SIZE_MAX, (intmax_t)-1);
	check("printf-wide-ints", !strcmp(b, "-9223372036854775808|18446744073709551615|18446744073709551615|-1"), "got %s", b);
	const char *volatile src = "truncated";	/* not a constant: no warning */
	int n = snprintf(b, 4, "%s", src);
	check("snprintf-truncates", n == 9 && !strcmp(b, "tru"), "n=%d b=%s", n, b);

	int i; double d; char s[16];
	n = sscanf("17 2.5e3 word", "%d %lf %15s", &i, &d, s);
	check("sscanf", n == 3 && i == 17 && d == 2500.0 && !strcmp(s, "word"), "n=%d", n);

	char *buf = NULL; size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	fprintf(m, "%s-%d", "mem", 9);
	fclose(m);
	check("open_memstream", buf && len == 5 && !strcmp(buf, "mem-9"), "len=%zu", len);
	free(buf);

	FILE *t = tmpfile();
	int ok = t && fputs("tmp line\n", t) >= 0 && fseek(t, 0, SEEK_SET) == 0 &&
		 fgets(b, sizeof(b), t) && !strcmp(b, "tmp line\n");
	check("tmpfile", ok, "tmpfile round trip");
	if (t)
		fclose(t);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void t_string(void)
{
	char b[64] = "hello, world";

	CHECK("strlen", strlen(b) == 12);
	CHECK("strstr", strstr(b, "wor") == b + 7);
	memmove(b + 2, b, 10);
	CHECK("memmove-overlap", !memcmp(b, "hehello, wor", 12));
	char t[] = "a,b,,c", *save, *tok;
	int ntok = 0;
	for (tok = strtok_r(t, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		ntok++;
	CHECK("strtok_r", ntok == 3);
	CHECK("ctype", isalpha('q') && !isdigit('q') && toupper('q') == 'Q' && isspace('\t'));
	CHECK("strtol", strtol("-0x1f", NULL, 0) == -31 && strtoul("777", NULL, 8) == 511);
	CHECK("strtod", strtod("1e-3", NULL) == 0.001);
	char *dup = strdup("dup");
	CHECK("strdup", dup && !strcmp(dup, "dup"));
	free(dup);
	CHECK("setlocale-C", setlocale(LC_ALL, "C") != NULL);
	CHECK("setlocale-C.UTF-8", setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	wchar_t w[8];
	size_t nw = mbstowcs(w, "\xc3\xa9t\xc3\xa9", 8);
	CHECK("mbstowcs-utf8", nw == 3 && w[0] == 0xe9);
	setlocale(LC_ALL, "C");

	int v[10000];
	srand(1);
	for (int i = 0; i < 10000; i++)
		v[i] = rand();
	qsort(v, 10000, sizeof(int), cmp_int);
	int sorted = 1;
	for (int i = 1; i < 10000; i++)
		sorted &= v[i - 1] <= v[i];
	CHECK("qsort", sorted);
	int key = v[4321];
	int *hit = bsearch(&key, v, 10000, sizeof(int), cmp_int);
	CHECK("bsearch", hit && *hit == key);
}

/* 10^6 random malloc/realloc/free on 4096 slots, each block filled with a
 * pattern of its slot and checked before it changes. */
static void t_malloc(void)
{
	enum { SLOTS = 4096 };
	static unsigned char *p[SLOTS];
	static size_t sz[SLOTS];
	unsigned seed = 12345;
	int bad = 0;

	for (long op = 0; op < 1000000 && !bad; op++) {
		seed = seed * 1103515245 + 12345;
		int s = (seed >> 8) % SLOTS;
		size_t want = ((seed >> 4) % 4 == 0) ? (seed >> 12) % 65536 + 1 :
			      (seed >> 12) % 256 + 1;
		if (p[s]) {
			for (size_t k = 0; k < sz[s]; k += 61)
				bad |= p[s][k] != (unsigned char)s;
			if ((seed >> 20) & 1) {
				free(p[s]);
				p[s] = NULL;
				continue;
			}
			unsigned char *q = realloc(p[s], want);
			if (!q) {
				bad = 1;
				break;
			}
			for (size_t k = 0; k < (want < sz[s] ? want : sz[s]); k += 61)
				bad |= q[k] != (unsigned char)s;
			p[s] = q;
		} else if (!(p[s] = malloc(want))) {
			bad = 1;
			break;
		}
		memset(p[s], s, want);
		sz[s] = want;
	}
	for (int s = 0; s < SLOTS; s++)
		free(p[s]);
	CHECK("malloc-1e6-random-ops", !bad);

	unsigned char *g = NULL;
	int grew = 1;
	for (size_t n = 1 << 20; n <= 256u << 20; n <<= 1) {
		unsigned char *q = realloc(g, n);
		if (!q) {
			grew = 0;
			break;
		}
		if (g)
			grew &= q[n / 2 - 1] == 0xa5 && q[0] == 0xa5;
		g = q;
		memset(g, 0xa5, n);
	}
	free(g);
	CHECK("realloc-grow-to-256MiB", grew);

	unsigned char *c = calloc(1 << 20, 4);
	int zero = c != NULL;
	for (size_t k = 0; zero && k < (4u << 20); k += 4093)
		zero = c[k] == 0;
	free(c);
	CHECK("calloc-zeroed", zero);
	void *a = NULL;
	int r = posix_memalign(&a, 65536, 1000);
	CHECK("posix_memalign", r == 0 && ((uintptr_t)a & 65535) == 0);
	free(a);
	a = aligned_alloc(4096, 8192);
	CHECK("aligned_alloc", a && ((uintptr_t)a & 4095) == 0);
	free(a);
	/* Everything went back: a block of 384 MiB fits again, three times. */
	int big = 1;
	for (int i = 0; i < 3 && big; i++) {
		void *b = malloc(384u << 20);
		big = b != NULL;
		if (b)
			memset(b, i, 384u << 20);
		free(b);
	}
	CHECK("malloc-384MiB-after-free", big);
}

static void t_files(void)
{
	char b[64];
	struct stat st;

	mkdir(path("d"), 0755);
	int fd = open(path("d/f"), O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK("open-create", fd >= 0);
	CHECK("write", write(fd, "0123456789", 10) == 10);
	CHECK("lseek", lseek(fd, 2, SEEK_SET) == 2);
	CHECK("read", read(fd, b, 3) == 3 && !memcmp(b, "234", 3));
	CHECK("pread", pread(fd, b, 4, 6) == 4 && !memcmp(b, "6789", 4));
	CHECK("pwrite", pwrite(fd, "AB", 2, 0) == 2);
	CHECK("fsync", fsync(fd) == 0);
	CHECK("ftruncate", ftruncate(fd, 5) == 0);
	CHECK("fstat", fstat(fd, &st) == 0 && st.st_size == 5 && S_ISREG(st.st_mode));
	close(fd);
	CHECK("rename", rename(path("d/f"), path("d/g")) == 0);
	CHECK("stat-renamed", stat(path("d/g"), &st) == 0 && stat(path("d/f"), &st) < 0 && errno == ENOENT);
	int dfd = open(path("d"), O_RDONLY | O_DIRECTORY);
	CHECK("fstatat", dfd >= 0 && fstatat(dfd, "g", &st, 0) == 0 && st.st_size == 5);
	close(dfd);
	CHECK("symlink", symlink("g", path("d/l")) == 0);
	ssize_t n = readlink(path("d/l"), b, sizeof(b));
	CHECK("readlink", n == 1 && b[0] == 'g');
	CHECK("link", link(path("d/g"), path("d/h")) == 0 && stat(path("d/h"), &st) == 0 && st.st_nlink == 2);
	DIR *d = opendir(path("d"));
	int seen = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		seen += !strcmp(e->d_name, "g") || !strcmp(e->d_name, "h") || !strcmp(e->d_name, "l");
	if (d)
		closedir(d);
	CHECK("readdir", seen == 3);
	char rp[PATH_MAX];
	CHECK("realpath", realpath(path("d/l"), rp) && !strcmp(rp + strlen(rp) - 4, "/d/g"));
	CHECK("access", access(path("d/g"), R_OK | W_OK) == 0 && access(path("d/none"), F_OK) < 0 && errno == ENOENT);
	CHECK("unlink", unlink(path("d/g")) == 0 && unlink(path("d/h")) == 0 && unlink(path("d/l")) == 0);
	CHECK("rmdir", rmdir(path("d")) == 0);
	CHECK("errno-enoent", open(path("none"), O_RDONLY) < 0 && errno == ENOENT);

	FILE *f = fopen(path("stdio.txt"), "w");
	CHECK("fopen-w", f != NULL);
	if (f) {
		fprintf(f, "line %d\n", 1);
		fclose(f);
	}
	/* POSIX shared memory (/dev/shm), mapped shared. */
	int sfd = shm_open("/ltest-shm", O_CREAT | O_RDWR, 0600);
	char *m = MAP_FAILED;
	if (sfd >= 0 && ftruncate(sfd, 8192) == 0)
		m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	if (m != MAP_FAILED) {
		strcpy(m + 4096, "shared");
		/* msync as Linux checks it: an unaligned address, MS_SYNC with
		 * MS_ASYNC, an unknown flag are EINVAL (python's mmap.flush). */
		CHECK("msync-einval", msync(m + 1, 10, MS_SYNC) < 0 && errno == EINVAL &&
		      msync(m, 8192, MS_SYNC | MS_ASYNC) < 0 && errno == EINVAL &&
		      msync(m, 8192, 0x100) < 0 && errno == EINVAL);
		CHECK("msync-shm", msync(m, 8192, MS_SYNC) == 0 && msync(m, 4096, MS_ASYNC) == 0);
		munmap(m, 8192);
	}
	CHECK("shm_open-mmap", m != MAP_FAILED && pread(sfd, b, 7, 4096) == 7 && !strcmp(b, "shared") &&
	      shm_unlink("/ltest-shm") == 0);
	close(sfd);

	f = fopen(path("stdio.txt"), "r");
	CHECK("fopen-fgets", f && fgets(b, sizeof(b), f) && !strcmp(b, "line 1\n"));
	if (f)
		fclose(f);
	unlink(path("stdio.txt"));
}

static void t_time(void)
{
	struct timespec rt, mo, a, b;
	struct timeval tv;

	CHECK("clock_gettime-realtime", clock_gettime(CLOCK_REALTIME, &rt) == 0);
	CHECK("gettimeofday", gettimeofday(&tv, NULL) == 0);
	long long d = (long long)tv.tv_sec * 1000000 + tv.tv_usec -
		      ((long long)rt.tv_sec * 1000000 + rt.tv_nsec / 1000);
	CHECK("gettimeofday-agrees", d >= 0 && d < 10000);
	/* The runner compares this with the host's clock around the run. */
	printf("realtime-ns %lld\n", (long long)rt.tv_sec * 1000000000LL + rt.tv_nsec);
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct timespec req = { 0, 50 * 1000000 };
	CHECK("nanosleep", nanosleep(&req, NULL) == 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	long long el = (b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec;
	check("nanosleep-50ms", el >= 50000000 && el < 1000000000, "slept %lld ns", el);
	clock_gettime(CLOCK_MONOTONIC, &mo);
	struct timespec until = mo;
	until.tv_nsec += 20000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	CHECK("clock_nanosleep-abstime", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK("clock_nanosleep-abstime-reached", b.tv_sec > until.tv_sec || (b.tv_sec == until.tv_sec && b.tv_nsec >= until.tv_nsec));

	/* Absolute timerfds on both clocks expire when clock_gettime says. */
	for (int clk = 0; clk < 2; clk++) {
		clockid_t id = clk ? CLOCK_MONOTONIC : CLOCK_REALTIME;
		struct itimerspec its = { 0 };
		struct timespec t0, t1;
		uint64_t n = 0;
		int tfd = timerfd_create(id, 0);

		clock_gettime(id, &t0);
		its.it_value = t0;
		its.it_value.tv_nsec += 30000000;
		if (its.it_value.tv_nsec >= 1000000000) {
			its.it_value.tv_sec++;
			its.it_value.tv_nsec -= 1000000000;
		}
		int ok = tfd >= 0 && timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) == 0 &&
			 read(tfd, &n, 8) == 8 && n == 1;
		clock_gettime(id, &t1);
		long long ms = (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		check(clk ? "timerfd-abstime-monotonic" : "timerfd-abstime-realtime",
		      ok && ms >= 29 && ms < 1000, "expired after %lld ms", ms);
		close(tfd);
	}

	setenv("TZ", "UTC", 1);
	tzset();
	time_t t = 365 * 86400 + 3600 + 61;
	char s[64];
	struct tm tm;
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S %a", gmtime_r(&t, &tm));
	check("strftime-utc", !strcmp(s, "1971-01-01 01:01:01 Fri"), "got %s", s);
	CHECK("mktime", mktime(&tm) == t);
}

static void t_env(int argc, char **argv)
{
	const char *v = getenv("LTEST_GREETING");
	check("getenv", v && !strcmp(v, "hello world"), "LTEST_GREETING=%s", v ? v : "(null)");
	CHECK("setenv", setenv("LTEST_X", "1", 1) == 0 && !strcmp(getenv("LTEST_X"), "1"));
	CHECK("unsetenv", unsetenv("LTEST_X") == 0 && getenv("LTEST_X") == NULL);

	char *av[] = { "prog", "-a", "-b", "val", "--long=7", "rest", NULL };
	static const struct option lo[] = { { "long", required_argument, NULL, 'L' }, { 0 } };
	int a = 0, c;
	const char *bv = NULL, *lv = NULL;
	optind = 1;
	while ((c = getopt_long(6, av, "ab:", lo, NULL)) != -1) {
		if (c == 'a')
			a = 1;
		else if (c == 'b')
			bv = optarg;
		else if (c == 'L')
			lv = optarg;
	}
	CHECK("getopt_long", a && bv && !strcmp(bv, "val") && lv && !strcmp(lv, "7") && optind == 5);
	(void)argc, (void)argv;
}

static void t_math(void)
{
	CHECK("math-trig", fabs(sin(M_PI / 6) - 0.5) < 1e-15 && fabs(cos(0.0) - 1) < 1e-15 && fabs(atan2(1, 1) - M_PI / 4) < 1e-15);
	CHECK("math-exp-log", fabs(exp(1.0) - M_E) < 1e-15 && fabs(log(M_E) - 1) < 1e-15 && fabs(log10(1000) - 3) < 1e-15);
	CHECK("math-pow-sqrt", pow(2, 10) == 1024 && sqrt(2.25) == 1.5 && cbrt(27) == 3);
	CHECK("math-fmod-round", fmod(7.5, 2) == 1.5 && round(2.5) == 3 && lrint(2.5) == 2 && floor(-1.5) == -2);
	CHECK("math-special", fabs(lgamma(5.0) - log(24.0)) < 1e-14 && fabs(erf(0.5) - 0.5204998778130465) < 1e-15 && isnan(sqrt(-1.0)) && isinf(1.0 / 0.0));
	CHECK("math-float", fabsf(sinf(1.0f) - 0.84147098f) < 1e-6f && hypotf(3, 4) == 5);
}

static jmp_buf jb;
static void jump(int v)
{
	longjmp(jb, v);
}

static void t_jmp(void)
{
	volatile int n = 0;
	int r = setjmp(jb);
	if (r < 3) {
		n++;
		jump(r + 1);
	}
	CHECK("setjmp-longjmp", r == 3 && n == 3);
	sigjmp_buf sj;
	r = sigsetjmp(sj, 1);
	if (r == 0)
		siglongjmp(sj, 5);
	CHECK("sigsetjmp", r == 5);
}

static void t_random(void)
{
	unsigned char a[32], b[32], z[32] = { 0 };

	CHECK("getrandom", getrandom(a, 32, 0) == 32 && getrandom(b, 32, 0) == 32 && memcmp(a, b, 32) && memcmp(a, z, 32));
	int fd = open("/dev/urandom", O_RDONLY);
	CHECK("dev-urandom", fd >= 0 && read(fd, a, 32) == 32 && memcmp(a, b, 32));
	close(fd);
}

static void t_sockets(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	char b[16];

	int l = socket(AF_INET, SOCK_STREAM, 0);
	int ok = l >= 0 && bind(l, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
		 listen(l, 4) == 0 && getsockname(l, (struct sockaddr *)&sa, &sl) == 0;
	CHECK("tcp-listen", ok);
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int r = connect(c, (struct sockaddr *)&sa, sizeof(sa));
	CHECK("tcp-connect", r == 0 || errno == EINPROGRESS);
	int s = accept(l, NULL, NULL);
	struct pollfd pf = { .fd = c, .events = POLLOUT };
	CHECK("tcp-accept-poll", s >= 0 && poll(&pf, 1, 1000) == 1 && (pf.revents & POLLOUT));
	CHECK("tcp-send", send(c, "ping", 4, 0) == 4);
	CHECK("tcp-recv", recv(s, b, sizeof(b), 0) == 4 && !memcmp(b, "ping", 4));

	fd_set rf;
	FD_ZERO(&rf);
	FD_SET(c, &rf);
	struct timeval tv = { 0, 0 };
	CHECK("select-nothing", select(c + 1, &rf, NULL, NULL, &tv) == 0);
	send(s, "pong", 4, 0);
	FD_ZERO(&rf);
	FD_SET(c, &rf);
	tv.tv_sec = 1;
	CHECK("select-readable", select(c + 1, &rf, NULL, NULL, &tv) == 1 && FD_ISSET(c, &rf));
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 77 }, out;
	CHECK("epoll", ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) == 0 &&
	      epoll_wait(ep, &out, 1, 1000) == 1 && out.data.u64 == 77);
	CHECK("tcp-recv-pong", recv(c, b, sizeof(b), 0) == 4 && !memcmp(b, "pong", 4));
	CHECK("epoll-empty-timeout", epoll_wait(ep, &out, 1, 20) == 0);
	close(ep);
	close(c);
	close(s);
	close(l);

	int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ua = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	sl = sizeof(ua);
	ok = bind(u1, (struct sockaddr *)&ua, sizeof(ua)) == 0 && getsockname(u1, (struct sockaddr *)&ua, &sl) == 0 &&
	     sendto(u2, "dgram", 5, 0, (struct sockaddr *)&ua, sizeof(ua)) == 5 &&
	     recvfrom(u1, b, sizeof(b), 0, NULL, NULL) == 5 && !memcmp(b, "dgram", 5);
	CHECK("udp-lo", ok);
	close(u1);
	close(u2);

	int pfd[2];
	CHECK("pipe-poll", pipe(pfd) == 0 && write(pfd[1], "x", 1) == 1 &&
	      poll(&(struct pollfd){ .fd = pfd[0], .events = POLLIN }, 1, 0) == 1);
	close(pfd[0]);
	close(pfd[1]);
}

/* What a program finds at start inside the unikernel. */
/* One "Name:   N kB" figure of /proc/meminfo, in bytes; -1 if absent. */
static long long meminfo_kb(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	unsigned long long kb;

	return p && sscanf(p + strlen(name), " %llu kB", &kb) == 1 ? (long long)kb << 10 : -1;
}

/* The line of /proc/self/maps that holds addr, in line[]; 0 if none.
 * Read with read(2) into static memory: no allocation moves the maps. */
static int maps_line(const void *addr, char *line, size_t size)
{
	static char text[1 << 16];
	unsigned long lo, hi, a = (unsigned long)addr;
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t n, len = 0;

	while (fd >= 0 && (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	if (fd >= 0)
		close(fd);
	text[len] = 0;
	for (char *l = text, *e; *l; l = *e ? e + 1 : e) {
		e = strchrnul(l, '\n');
		if (sscanf(l, "%lx-%lx", &lo, &hi) == 2 && lo <= a && a < hi) {
			snprintf(line, size, "%.*s", (int)(e - l), l);
			return 1;
		}
	}
	return 0;
}

/* /proc/self/maps lists the program's memory: its image (without a path:
 * it is not a mapping of the file in the root), and mappings as mmap,
 * mprotect and munmap change them. */
static void t_maps(void)
{
	char l[512], want[64];
	char *p = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int local;

	check("uk-maps-text", maps_line((void *)t_maps, l, sizeof(l)) && strstr(l, " r-xp ") &&
	      !strchr(l, '/'), "%s", l);
	check("uk-maps-data", maps_line(&dir, l, sizeof(l)) && strstr(l, " rw-p "), "%s", l);
	check("uk-maps-stack", maps_line(&local, l, sizeof(l)) && strstr(l, " rw-p "), "%s", l);
	mprotect(p + 4096, 4096, PROT_READ | PROT_WRITE);
	snprintf(want, sizeof(want), "%08lx-%08lx rw-p ", (unsigned long)p + 4096,
		 (unsigned long)p + 8192);
	check("uk-maps-mprotect", maps_line(p + 4096, l, sizeof(l)) && !strncmp(l, want, strlen(want)),
	      "%s, want %s", l, want);
	munmap(p, 3 * 4096);
	check("uk-maps-munmap", !maps_line(p, l, sizeof(l)) && !maps_line(p + 8192, l, sizeof(l)),
	      "%s", l);
}

/* /proc/meminfo tells the memory the unikernel has, as sysinfo does, and
 * keeps the core's other lines. */
static void t_meminfo(void)
{
	char text[8192];
	struct sysinfo si;
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);

	if (fd >= 0)
		close(fd);
	text[n > 0 ? n : 0] = 0;
	sysinfo(&si);
	long long total = meminfo_kb(text, "MemTotal:"), free = meminfo_kb(text, "MemFree:");
	long long avail = meminfo_kb(text, "MemAvailable:");
	long long si_total = (long long)si.totalram * si.mem_unit;
	long long si_free = (long long)si.freeram * si.mem_unit;
	check("uk-meminfo-total", total == si_total && total >= 900LL << 20 && total <= 1024LL << 20,
	      "MemTotal %lld, sysinfo %lld", total, si_total);
	check("uk-meminfo-free", free > 512LL << 20 && llabs(free - si_free) < 4LL << 20 &&
	      avail > 512LL << 20 && avail <= total, "MemFree %lld MemAvailable %lld, sysinfo %lld", free,
	      avail, si_free);
	check("uk-meminfo-core-lines", meminfo_kb(text, "\nCached:") >= 0 &&
	      meminfo_kb(text, "\nSwapTotal:") == 0 && meminfo_kb(text, "\nSlab:") > 0 &&
	      n > 0 && text[n - 1] == '\n', "%.200s", text);
}
static void t_start(char **argv)
{
	struct utsname u;
	struct stat st;
	struct statfs sf;
	char b[8];

	CHECK("uk-pid1", getpid() == 1);
	CHECK("uk-isatty", isatty(1) && isatty(2) && !isatty(0));
	CHECK("uk-stdin-eof", read(0, b, sizeof(b)) == 0);
	CHECK("uk-dev-nodes", stat("/dev/console", &st) == 0 && S_ISCHR(st.st_mode) &&
	      stat("/dev/stdout", &st) == 0 && stat("/dev/fd/1", &st) == 0 && S_ISCHR(st.st_mode));
	CHECK("uk-dev-shm", statfs("/dev/shm", &sf) == 0);
	CHECK("uk-uname", uname(&u) == 0 && !strcmp(u.sysname, "Linux") && !strcmp(u.nodename, "ltest-host"));
	CHECK("uk-auxv", getauxval(AT_PAGESZ) == 4096 && getauxval(AT_RANDOM) != 0 &&
	      getauxval(AT_SECURE) == 0 && getauxval(AT_SYSINFO_EHDR) == 0 &&
	      getauxval(AT_EXECFN) && !strcmp((char *)getauxval(AT_EXECFN), argv[0]));
	CHECK("uk-sysconf", sysconf(_SC_PAGESIZE) == 4096 && sysconf(_SC_NPROCESSORS_ONLN) == 1);
	/* The suite puts this program at argv[0] in the image. */
	char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	check("uk-proc-self-exe", !strcmp(exe, argv[0]) && open(argv[0], O_WRONLY) < 0 &&
	      errno == ETXTBSY, "exe %s", exe);
	/* The guest's memory (--mem=1024 in the suite), not the kernel's
	 * 64 MiB share: at least 900 MiB, at most 1 GiB. */
	long pages = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES);
	check("uk-phys-pages", pages >= (900L << 20) / 4096 && pages <= (1024L << 20) / 4096 &&
	      avail > 0 && avail <= pages, "%ld pages, %ld free", pages, avail);
	t_meminfo();
	t_maps();
}

static __thread int tls_counter = 5;

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ltest WORKDIR\n");
		return 100;
	}
	dir = argv[1];
	in_uk = getpid() == 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	CHECK("tls", ++tls_counter == 6);
	t_stdio();
	t_string();
	t_malloc();
	t_files();
	t_time();
	t_env(argc, argv);
	t_math();
	t_jmp();
	t_random();
	t_sockets();
	if (in_uk)
		t_start(argv);
	return check_summary();
}
