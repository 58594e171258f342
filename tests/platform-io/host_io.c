/* SPDX-License-Identifier: ISC */
/*
 * host_io.c: host unit tests (ASan/UBSan) of the platform's start-up,
 * descriptor, device, time and random parts on the Solo5 host stand-in.
 * "host_io GROUP" runs one group; each failed check prints "FAIL: ...";
 * exit status 0 and "GROUP: N checks passed" when all passed.
 * Groups: cmdline block fd net poll time chacha random.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "errors.h"
#include "cmdline.h"
#include "random.h"
#include "solo5_host.h"
#include "model.h"
#include "blkcheck.h"

void fd_init(void);

static unsigned checks, failures;

#define CHECK(cond, ...)                                               \
	do {                                                           \
		checks++;                                              \
		if (!(cond)) {                                         \
			failures++;                                    \
			printf("FAIL: %s:%d: ", __FILE__, __LINE__);   \
			printf(__VA_ARGS__);                           \
			printf("\n");                                  \
		}                                                      \
	} while (0)

static uint64_t mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* ---- cmdline ----------------------------------------------------------- */

/* Parses (s) with buffers of exactly the announced sizes (so ASan sees
 * any overrun) and compares with "|"-joined env and argv. */
static void cl_case(const char *s, const char *want_env, const char *want_argv)
{
	size_t chars, ptrs;
	struct cmdline cl;
	char got_env[16384] = "", got_argv[16384] = "";

	cmdline_size(s, &chars, &ptrs);
	char *buf = malloc(chars);
	char **vec = malloc(ptrs * sizeof *vec);
	cmdline_parse(s, buf, vec, &cl);
	for (char **e = cl.envp; *e; e++)
		snprintf(got_env + strlen(got_env),
			 sizeof got_env - strlen(got_env), "%s%s",
			 e == cl.envp ? "" : "|", *e);
	int n = 0;
	for (char **a = cl.argv; *a; a++, n++)
		snprintf(got_argv + strlen(got_argv),
			 sizeof got_argv - strlen(got_argv), "%s%s",
			 a == cl.argv ? "" : "|", *a);
	CHECK(n == cl.argc, "[%s]: argc %d but %d words", s, cl.argc, n);
	CHECK(strcmp(got_env, want_env) == 0, "[%s]: env [%s], want [%s]", s,
	      got_env, want_env);
	CHECK(strcmp(got_argv, want_argv) == 0, "[%s]: argv [%s], want [%s]",
	      s, got_argv, want_argv);
	free(buf);
	free(vec);
}

static void t_cmdline(void)
{
	cl_case("", "", "");
	cl_case(NULL, "", "");
	cl_case(" \t\n ", "", "");
	cl_case("prog", "", "prog");
	cl_case("  a  b\tc\nd ", "", "a|b|c|d");
	cl_case("A=1 B=x=y prog arg C=3", "A=1|B=x=y", "prog|arg|C=3");
	cl_case("A=1", "A=1", "");
	cl_case("_X9= p", "_X9=", "p");
	cl_case("A='hello world' B=\"q \\\"x\\\"\" p", "A=hello world|B=q \"x\"", "p");
	cl_case("'A=1' x", "", "A=1|x");
	cl_case("\"A\"=1 x", "", "A=1|x");
	cl_case("A\\=1 x", "", "A=1|x");
	cl_case("9X=1 x", "", "9X=1|x");
	cl_case("=1 x", "", "=1|x");
	cl_case("A-B=1 x", "", "A-B=1|x");
	cl_case("a'b c'd", "", "ab cd");
	cl_case("'' \"\" x ''", "", "||x|");
	cl_case("\"a\\\"b\\\\c\\$d\\`e\\nf\"", "", "a\"b\\c$d`e\\nf");
	cl_case("'a\\b' \"it's\" 'say \"hi\"'", "", "a\\b|it's|say \"hi\"");
	cl_case("a\\ b c\\'d \\\\", "", "a b|c'd|\\");
	cl_case("'unterminated word", "", "unterminated word");
	cl_case("\"open", "", "open");
	cl_case("x\\", "", "x\\");
	cl_case("A=1 '' B=2", "A=1", "|B=2");

	/* 8 KiB lines (the tender's limit): many words, one word, many
	 * empty words; the buffers are exactly as announced. */
	static char line[8192], want[16384];
	for (int i = 0; i < 8191; i++)
		line[i] = i % 2 ? ' ' : 'a';
	line[8191] = 0;
	want[0] = 0;
	for (int i = 0; i < 4096; i++)
		strcat(want, i ? "|a" : "a");
	cl_case(line, "", want);
	memset(line, 'w', 8191);
	cl_case(line, "", line);
	for (int i = 0; i < 8191; i++)
		line[i] = "'' "[i % 3];
	line[8190] = 0;	/* ends with two quotes */
	want[0] = 0;
	for (int i = 0; i < 2730; i++)
		strcat(want, i ? "|" : "");
	cl_case(line, "", want);
	memset(line, 'e', 8191);
	memcpy(line, "E=", 2);
	cl_case(line, line, "");

	/* Random lines of quoting characters: no overrun, argc consistent. */
	uint64_t s = 1;
	for (int i = 0; i < 200000; i++) {
		char l[40];
		size_t n = model_rand(&s) % sizeof l;
		for (size_t j = 0; j < n; j++)
			l[j] = "a=_'\"\\ \t$9"[model_rand(&s) % 10];
		l[n] = 0;
		size_t chars, ptrs;
		struct cmdline cl;
		cmdline_size(l, &chars, &ptrs);
		char *buf = malloc(chars);
		char **vec = malloc(ptrs * sizeof *vec);
		cmdline_parse(l, buf, vec, &cl);
		int k = 0;
		while (cl.argv[k])
			k++;
		if (k != cl.argc)
			CHECK(0, "[%s]: argc %d, %d words", l, cl.argc, k);
		free(buf);
		free(vec);
	}
	checks++;
}

/* ---- block ------------------------------------------------------------- */

/* A temporary image of (size) bytes, its descriptor. */
static int image(uint64_t size)
{
	char path[] = "/tmp/nablux-pio.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, (off_t)size) != 0) {
		perror("image");
		exit(2);
	}
	unlink(path);
	return fd;
}

static void blk_model(const char *name, uint64_t cap, uint64_t bs,
		      uint64_t seed)
{
	int hfd = image(cap);
	solo5_host_add_block(name, hfd, bs);
	int fd = plat_device_open(name);
	CHECK(fd >= 3, "open %s: %d", name, fd);

	uint8_t *shadow = calloc(1, cap), *buf = malloc(BLKCHECK_BUF);
	unsigned at;
	const char *err = blkcheck_run(fd, seed, 5000, shadow, buf, cap, bs, &at);
	CHECK(err == NULL, "%s: operation %u: %s", name, at, err);
	uint64_t off;
	err = blkcheck_verify(fd, shadow, buf, cap, &off);
	CHECK(err == NULL, "%s: verify at %lu: %s", name, (unsigned long)off, err);

	/* The image itself, from the host side. */
	uint8_t *img = malloc(cap);
	CHECK(pread(hfd, img, cap, 0) == (ssize_t)cap, "pread image");
	CHECK(memcmp(img, shadow, cap) == 0, "%s: image differs from the model",
	      name);

	/* Replaying only the writes predicts the image. */
	memset(img, 0, cap);
	uint64_t s = seed;
	for (unsigned i = 0; i < 5000; i++) {
		struct mop op;
		model_next(&s, cap, bs, &op);
		size_t n = model_span(&op, cap);
		if (mop_is_write(op.kind) && !(op.kind == MOP_WRITE && op.off > cap))
			for (size_t j = 0; j < n; j++)
				img[op.off + j] = model_byte(i, op.off + j);
	}
	CHECK(memcmp(img, shadow, cap) == 0, "%s: write replay differs", name);

	/* lseek and fstat */
	struct plat_stat st;
	CHECK(plat_fstat(fd, &st) == 0 && st.size == cap && st.blksize == bs &&
	      (st.mode & 0170000) == PLAT_S_IFBLK, "%s: fstat", name);
	CHECK(plat_lseek(fd, 0, PLAT_SEEK_END) == (int64_t)cap, "SEEK_END");
	CHECK(plat_lseek(fd, -1, PLAT_SEEK_CUR) == (int64_t)cap - 1, "SEEK_CUR -1");
	CHECK(plat_read(fd, buf, 100) == 1, "read of the last byte");
	CHECK(plat_read(fd, buf, 100) == 0, "read at the end");
	CHECK(plat_write(fd, buf, 1) == -ENOSPC, "write at the end");
	CHECK(plat_write(fd, buf, 0) == 0, "empty write at the end");
	CHECK(plat_lseek(fd, 1, PLAT_SEEK_CUR) == -EINVAL, "seek past the end");
	CHECK(plat_lseek(fd, -1, PLAT_SEEK_SET) == -EINVAL, "seek before 0");
	CHECK(plat_lseek(fd, INT64_MIN, PLAT_SEEK_END) == -EINVAL, "seek INT64_MIN");
	CHECK(plat_lseek(fd, INT64_MAX, PLAT_SEEK_CUR) == -EINVAL, "seek INT64_MAX");
	CHECK(plat_lseek(fd, 0, 3) == -EINVAL, "whence 3");
	CHECK(plat_lseek(fd, 0, PLAT_SEEK_CUR) == (int64_t)cap, "position kept");
	CHECK(plat_pread(fd, buf, 1, -1) == -EINVAL, "pread at -1");
	CHECK(plat_pwrite(fd, buf, 10, (int64_t)cap + 5) == -ENOSPC, "pwrite past the end");
	CHECK(plat_fsync(fd) == 0, "fsync");
	CHECK(plat_fcntl(fd, PLAT_F_GETFL, 0) == PLAT_O_RDWR, "F_GETFL");

	/* A second descriptor shares the device, not the position. */
	int fd2 = plat_device_open(name);
	CHECK(fd2 > fd, "second open %d", fd2);
	CHECK(plat_lseek(fd2, 0, PLAT_SEEK_CUR) == 0, "new position 0");
	CHECK(plat_pread(fd2, buf, 64, 0) == 64 && memcmp(buf, shadow, 64) == 0,
	      "second descriptor reads the same device");
	CHECK(plat_close(fd2) == 0 && plat_close(fd2) == -EBADF, "close");
	CHECK(plat_close(fd) == 0, "close");
	free(shadow);
	free(buf);
	free(img);
}

static void t_block(void)
{
	fd_init();
	blk_model("b512", 1 << 20, 512, 1);
	blk_model("b4096", 1 << 20, 4096, 2);
	blk_model("b32k", 1 << 20, 32768, 3);
	blk_model("one512", 512 * 3, 512, 4);
}

/* ---- fd ---------------------------------------------------------------- */

static void t_fd(void)
{
	struct plat_stat st;
	struct plat_iovec v[2] = { { "con", 3 }, { "sole\n", 5 } };
	char c;

	fd_init();
	CHECK(plat_device_open("nosuch") == -ENODEV, "no such device");
	CHECK(plat_device_open("") == -ENODEV, "empty name");
	CHECK(plat_device_open(NULL) == -EFAULT, "NULL name");
	char longname[100];
	memset(longname, 'x', 99);
	longname[99] = 0;
	CHECK(plat_device_open(longname) == -ENODEV, "long name");
	CHECK(plat_fstat(1, &st) == 0 && (st.mode & 0170000) == PLAT_S_IFCHR,
	      "console fstat");
	CHECK(plat_writev(1, v, 2) == 8, "console writev");
	CHECK(plat_write(2, "", 0) == 0, "console empty write");
	CHECK(plat_read(0, &c, 1) == 0, "console read is EOF");
	CHECK(plat_pread(1, &c, 1, 0) == -ESPIPE, "console pread");
	CHECK(plat_lseek(1, 0, PLAT_SEEK_SET) == -ESPIPE, "console lseek");
	CHECK(plat_write(-1, "x", 1) == -EBADF, "fd -1");
	CHECK(plat_write(3, "x", 1) == -EBADF, "fd 3 not open");
	CHECK(plat_write(100000, "x", 1) == -EBADF, "fd 100000");
	CHECK(plat_writev(1, v, -1) == -EINVAL, "iovcnt -1");
	CHECK(plat_writev(1, v, 1025) == -EINVAL, "iovcnt 1025");
	CHECK(plat_writev(1, NULL, 1) == -EFAULT, "iov NULL");
	CHECK(plat_write(1, NULL, 1) == -EFAULT, "buf NULL");
	struct plat_iovec huge[2] = { { "a", SIZE_MAX / 2 }, { "b", SIZE_MAX / 2 } };
	CHECK(plat_writev(1, huge, 2) == -EINVAL, "iov total overflow");
	CHECK(plat_fcntl(1, PLAT_F_GETFL, 0) == PLAT_O_RDWR, "F_GETFL");
	CHECK(plat_fcntl(1, PLAT_F_SETFL, PLAT_O_NONBLOCK | 1) == 0 &&
	      plat_fcntl(1, PLAT_F_GETFL, 0) == (PLAT_O_RDWR | PLAT_O_NONBLOCK),
	      "F_SETFL O_NONBLOCK");
	CHECK(plat_fcntl(1, 99, 0) == -EINVAL, "fcntl 99");
	CHECK(plat_fcntl(7, PLAT_F_GETFL, 0) == -EBADF, "fcntl bad fd");
	CHECK(plat_fsync(9) == -EBADF, "fsync bad fd");
	CHECK(plat_fstat(1, NULL) == -EFAULT, "fstat NULL");
	CHECK(plat_net_info(1, NULL, NULL) == -ENODEV, "net_info on console");
	CHECK(plat_net_hdr_size(1) == -ENODEV, "net_hdr_size on console");
	CHECK(plat_net_hdr_size(99) == -EBADF, "net_hdr_size bad fd");
	CHECK(plat_getpagesize() == 4096, "page size");
	CHECK(plat_kill(1, 0) == 0, "kill 0");
	CHECK(plat_kill(1, 65) == -EINVAL, "kill 65");
	/* Closing 2 frees it for the next device. */
	int hfd = image(4096);
	solo5_host_add_block("fdblk", hfd, 512);
	CHECK(plat_close(2) == 0, "close 2");
	CHECK(plat_device_open("fdblk") == 2, "lowest free descriptor");
	int n = 0;
	while (plat_device_open("fdblk") >= 0)
		n++;
	CHECK(n == 256 - 3, "descriptor table: %d more opens", n);
	CHECK(plat_device_open("fdblk") == -EMFILE, "table full");
	for (int i = 3; i < 256; i++)
		plat_close(i);
}

/* ---- net --------------------------------------------------------------- */

static int peer;

static void *send_later(void *arg)
{
	usleep(100000);
	CHECK(write(peer, arg, 60) == 60, "peer write");
	return NULL;
}

static void count_call(void *arg)
{
	(*(int *)arg)++;
}

static void t_net(void)
{
	int sv[2];
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 7 }, got[6];
	uint8_t frame[1600], buf[1600];
	unsigned mtu;

	fd_init();
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair");
	peer = sv[1];
	solo5_host_add_net("n0", sv[0], 1500, mac);
	int fd = plat_device_open("n0");
	CHECK(fd == 3, "open n0: %d", fd);
	CHECK(plat_net_info(fd, got, &mtu) == 0 && mtu == 1500 &&
	      memcmp(got, mac, 6) == 0, "net_info");
	/* A Solo5 device without net offload: plain frames. */
	CHECK(plat_net_hdr_size(fd) == 0, "net_hdr_size plain");
	struct plat_stat st;
	CHECK(plat_fstat(fd, &st) == 0 && st.blksize == 1514 &&
	      (st.mode & 0170000) == PLAT_S_IFSOCK, "fstat net");
	CHECK(plat_pread(fd, buf, 10, 0) == -ESPIPE, "pread on net");
	CHECK(plat_lseek(fd, 0, 0) == -ESPIPE, "lseek on net");

	/* Nothing pending: poll says so, a non-blocking read -EAGAIN. */
	struct plat_pollfd p = { fd, PLAT_POLLIN | PLAT_POLLOUT, 0 };
	CHECK(plat_poll(&p, 1, 0) == 1 && p.revents == PLAT_POLLOUT, "poll idle");
	p.events = PLAT_POLLIN;
	CHECK(plat_poll(&p, 1, 0) == 0 && p.revents == 0, "poll idle IN");
	uint64_t t0 = mono();
	CHECK(plat_poll(&p, 1, 50) == 0, "poll 50 ms");
	CHECK(mono() - t0 >= 50000000, "poll waited %lu ns",
	      (unsigned long)(mono() - t0));
	CHECK(plat_fcntl(fd, PLAT_F_SETFL, PLAT_O_NONBLOCK) == 0, "nonblock");
	CHECK(plat_read(fd, buf, sizeof buf) == -EAGAIN, "EAGAIN");

	/* Frames: poll reads ahead, the read takes it; truncating reads;
	 * readv scatters. */
	for (int i = 0; i < 60; i++)
		frame[i] = (uint8_t)(i * 7);
	CHECK(write(peer, frame, 60) == 60, "peer write");
	CHECK(plat_poll(&p, 1, 1000) == 1 && p.revents == PLAT_POLLIN, "poll IN");
	CHECK(plat_poll(&p, 1, 0) == 1, "still pending");
	CHECK(plat_read(fd, buf, sizeof buf) == 60 && memcmp(buf, frame, 60) == 0,
	      "read the polled frame");
	CHECK(plat_read(fd, buf, sizeof buf) == -EAGAIN, "then nothing");
	CHECK(write(peer, frame, 60) == 60, "peer write");
	CHECK(plat_read(fd, buf, 10) == 10 && memcmp(buf, frame, 10) == 0,
	      "truncating read");
	CHECK(plat_read(fd, buf, sizeof buf) == -EAGAIN, "rest dropped");
	CHECK(write(peer, frame, 60) == 60, "peer write");
	uint8_t a[7], b[100];
	struct plat_iovec v[2] = { { a, 7 }, { b, 100 } };
	CHECK(plat_readv(fd, v, 2) == 60 && memcmp(a, frame, 7) == 0 &&
	      memcmp(b, frame + 7, 53) == 0, "readv");

	/* Writes: one frame each, gathered; too big refused. */
	CHECK(plat_write(fd, frame, 60) == 60, "write");
	CHECK(read(peer, buf, sizeof buf) == 60 && memcmp(buf, frame, 60) == 0,
	      "peer got the frame");
	struct plat_iovec w[3] = { { frame, 20 }, { frame + 20, 0 }, { frame + 20, 40 } };
	CHECK(plat_writev(fd, w, 3) == 60, "writev");
	CHECK(read(peer, buf, sizeof buf) == 60 && memcmp(buf, frame, 60) == 0,
	      "peer got the gathered frame");
	CHECK(plat_write(fd, buf, 1515) == -EMSGSIZE, "frame too big");
	CHECK(plat_write(fd, buf, 1514) == 1514, "frame of mtu + 14");
	CHECK(read(peer, buf, sizeof buf) == 1514, "peer got the big frame");

	/* A blocking read waits for the frame that comes 100 ms later. */
	CHECK(plat_fcntl(fd, PLAT_F_SETFL, 0) == 0, "blocking");
	pthread_t th;
	pthread_create(&th, NULL, send_later, frame);
	t0 = mono();
	CHECK(plat_read(fd, buf, sizeof buf) == 60 && memcmp(buf, frame, 60) == 0,
	      "blocking read");
	CHECK(mono() - t0 >= 90000000, "blocking read returned early");
	pthread_join(th, NULL);
	/* And poll with no timeout. */
	pthread_create(&th, NULL, send_later, frame);
	p.events = PLAT_POLLIN;
	CHECK(plat_poll(&p, 1, -1) == 1 && p.revents == PLAT_POLLIN, "poll -1");
	pthread_join(th, NULL);
	CHECK(plat_read(fd, buf, 1) == 1, "read after poll");

	/* Notification: armed and cancelled; a frame already read ahead
	 * (the host will not report it again) calls it at once. */
	extern void (*stub_notify_fn)(void *);
	int calls = 0;
	CHECK(plat_net_notify(99, count_call, &calls) == -EBADF, "notify bad fd");
	CHECK(plat_net_notify(1, count_call, &calls) == -EINVAL, "notify console");
	CHECK(plat_net_notify(fd, count_call, &calls) == 0 &&
	      stub_notify_fn == count_call && calls == 0, "notify armed");
	CHECK(plat_net_notify(fd, NULL, NULL) == 0 && stub_notify_fn == NULL,
	      "notify cancelled");
	CHECK(write(peer, frame, 60) == 60, "peer write");
	p.events = PLAT_POLLIN;
	CHECK(plat_poll(&p, 1, 1000) == 1, "read ahead");
	CHECK(plat_net_notify(fd, count_call, &calls) == 0 && calls == 1 &&
	      stub_notify_fn == NULL, "notify with a frame read ahead");
	CHECK(plat_read(fd, buf, sizeof buf) == 60, "read it");
	close(peer);
}

/* ---- poll -------------------------------------------------------------- */

static void t_poll(void)
{
	fd_init();
	struct plat_pollfd p[4] = {
		{ 0, PLAT_POLLIN, 0 }, { 1, PLAT_POLLOUT | PLAT_POLLIN, 0 },
		{ -5, PLAT_POLLIN, 9 }, { 77, PLAT_POLLIN, 0 },
	};
	CHECK(plat_poll(p, 4, 0) == 2, "console, negative and bad fds");
	CHECK(p[0].revents == 0 && p[1].revents == PLAT_POLLOUT &&
	      p[2].revents == 0 && p[3].revents == PLAT_POLLNVAL,
	      "revents %x %x %x %x", p[0].revents, p[1].revents, p[2].revents,
	      p[3].revents);
	uint64_t t0 = mono();
	CHECK(plat_poll(p, 1, 30) == 0, "console input never ready");
	uint64_t dt = mono() - t0;
	CHECK(dt >= 30000000 && dt < 1000000000, "poll 30 ms took %lu ns",
	      (unsigned long)dt);
	t0 = mono();
	CHECK(plat_poll(NULL, 0, 20) == 0 && mono() - t0 >= 20000000,
	      "poll with no fds sleeps");
	CHECK(plat_poll(NULL, 1, 0) == -EFAULT, "NULL fds");
	CHECK(plat_poll(p, 100000, 0) == -EINVAL, "too many fds");
	int hfd = image(4096);
	solo5_host_add_block("pblk", hfd, 512);
	struct plat_pollfd q = { plat_device_open("pblk"),
				 PLAT_POLLIN | PLAT_POLLOUT, 0 };
	CHECK(plat_poll(&q, 1, -1) == 1 &&
	      q.revents == (PLAT_POLLIN | PLAT_POLLOUT), "block always ready");
}

/* ---- time -------------------------------------------------------------- */

static void t_time(void)
{
	struct plat_timespec ts, r, rem = { 5, 5 };

	CHECK(plat_clock_getres(0, &r) == 0 && r.tv_sec == 0 && r.tv_nsec == 1,
	      "getres");
	CHECK(plat_clock_getres(2, &r) == -EINVAL, "getres 2");
	CHECK(plat_clock_gettime(5, &ts) == -EINVAL, "gettime 5");
	CHECK(plat_clock_gettime(0, NULL) == -EFAULT, "gettime NULL");
	CHECK(plat_clock_gettime(0, &ts) == 0, "realtime");
	long d = (long)(ts.tv_sec - time(NULL));
	CHECK(d >= -2 && d <= 2, "realtime off by %ld s", d);
	CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000, "nsec range");
	struct plat_timespec a, b;
	plat_clock_gettime(1, &a);
	for (int i = 0; i < 100000; i++) {
		plat_clock_gettime(1, &b);
		if (b.tv_sec < a.tv_sec ||
		    (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec)) {
			CHECK(0, "monotonic went backwards");
			break;
		}
		a = b;
	}

	uint64_t t0 = mono();
	ts = (struct plat_timespec){ 0, 20000000 };
	CHECK(plat_clock_nanosleep(1, 0, &ts, &rem) == 0 && rem.tv_sec == 0 &&
	      rem.tv_nsec == 0, "relative sleep");
	uint64_t dt = mono() - t0;
	CHECK(dt >= 20000000 && dt < 500000000, "20 ms sleep took %lu ns",
	      (unsigned long)dt);

	t0 = mono();
	plat_clock_gettime(1, &ts);
	ts.tv_nsec += 30000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK(plat_clock_nanosleep(1, 1, &ts, NULL) == 0, "abs monotonic");
	dt = mono() - t0;
	CHECK(dt >= 29000000 && dt < 500000000, "abs monotonic 30 ms: %lu ns",
	      (unsigned long)dt);

	t0 = mono();
	plat_clock_gettime(0, &ts);
	ts.tv_nsec += 40000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK(plat_clock_nanosleep(0, 1, &ts, NULL) == 0, "abs realtime");
	dt = mono() - t0;
	CHECK(dt >= 38000000 && dt < 500000000, "abs realtime 40 ms: %lu ns",
	      (unsigned long)dt);

	t0 = mono();
	ts = (struct plat_timespec){ 1000, 0 };	/* long past */
	CHECK(plat_clock_nanosleep(0, 1, &ts, NULL) == 0 &&
	      mono() - t0 < 100000000, "abs realtime in the past");
	ts = (struct plat_timespec){ 0, 1000000000 };
	CHECK(plat_clock_nanosleep(1, 0, &ts, NULL) == -EINVAL, "nsec 1e9");
	ts = (struct plat_timespec){ -1, 0 };
	CHECK(plat_clock_nanosleep(1, 0, &ts, NULL) == -EINVAL, "sec -1");
	CHECK(plat_clock_nanosleep(3, 0, &ts, NULL) == -EINVAL, "clock 3");
	CHECK(plat_clock_nanosleep(1, 0, NULL, NULL) == -EFAULT, "NULL req");
}

/* ---- chacha, random ---------------------------------------------------- */

static void t_chacha(void)
{
	CHECK(chacha20_selftest(), "RFC 8439 2.3.2 test vector");
	/* RFC 8439 2.4.2's first keystream block: same key, nonce
	 * 00:00:00:00:00:00:00:4a:00:00:00:00, counter 1. */
	static const uint8_t want[16] = { 0x22, 0x4f, 0x51, 0xf3, 0x40, 0x1b,
					  0xd9, 0xe1, 0x2f, 0xde, 0x27, 0x6f,
					  0xb8, 0x63, 0x1d, 0xed };
	uint32_t key[8], nonce[3] = { 0, 0x4a000000, 0 };
	uint8_t out[64];
	for (uint32_t i = 0; i < 8; i++) {
		uint32_t b = 4 * i;
		key[i] = b | (b + 1) << 8 | (b + 2) << 16 | (b + 3) << 24;
	}
	chacha20_block(key, 1, nonce, out);
	CHECK(memcmp(out, want, 16) == 0, "RFC 8439 2.4.2 keystream");
}

static void t_random(void)
{
	static uint8_t buf[1 << 20];
	uint8_t x[101], y[101];

	random_init();
	CHECK(plat_getrandom(buf, sizeof buf, 0) == (long)sizeof buf, "1 MiB");
	uint64_t ones = 0, count[256] = { 0 };
	for (size_t i = 0; i < sizeof buf; i++) {
		ones += (uint64_t)__builtin_popcount(buf[i]);
		count[buf[i]]++;
	}
	double bits = 8.0 * sizeof buf, z = (ones - bits / 2) / sqrt(bits / 4);
	CHECK(fabs(z) < 5, "monobit z = %.2f", z);
	double e = sizeof buf / 256.0, chi = 0;
	for (int i = 0; i < 256; i++)
		chi += (count[i] - e) * (count[i] - e) / e;
	/* 255 degrees of freedom: mean 255, sd 22.6 */
	CHECK(chi > 150 && chi < 400, "byte chi-square %.1f", chi);
	printf("random: monobit z %.2f, chi-square %.1f (df 255)\n", z, chi);

	/* Successive requests of every length differ (and fill them). */
	for (size_t n = 1; n < sizeof x; n++) {
		memset(x, 0, sizeof x);
		memset(y, 0, sizeof y);
		CHECK(plat_getrandom(x, n, 0) == (long)n, "len %zu", n);
		CHECK(plat_getrandom(y, n, 1) == (long)n, "len %zu", n);
		if (n >= 8)
			CHECK(memcmp(x, y, n) != 0, "two requests of %zu equal", n);
		CHECK(x[n] == 0 && y[n] == 0, "wrote past %zu", n);
	}
	CHECK(plat_getrandom(x, 0, 0) == 0, "len 0");
	CHECK(plat_getrandom(NULL, 0, 0) == 0, "NULL len 0");
	CHECK(plat_getrandom(NULL, 1, 0) == -EFAULT, "NULL");
	CHECK(plat_getrandom(x, 1, 8) == -EINVAL, "flag 8");
	uint8_t *big = malloc(33554432);
	CHECK(plat_getrandom(big, 33554432, 0) == 33554431, "capped at 32 MiB - 1");
	free(big);
	uint64_t w;
	printf("random: rdseed %s, rdrand %s\n", entropy_rdseed(&w) ? "yes" : "no",
	       entropy_rdrand(&w) ? "yes" : "no");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} groups[] = {
		{ "cmdline", t_cmdline }, { "block", t_block }, { "fd", t_fd },
		{ "net", t_net },	  { "poll", t_poll },	{ "time", t_time },
		{ "chacha", t_chacha },	  { "random", t_random },
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc != 2) {
		fprintf(stderr, "usage: host_io GROUP\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(argv[1], groups[i].name) == 0) {
			groups[i].fn();
			if (failures == 0)
				printf("%s: %u checks passed\n", argv[1], checks);
			return failures != 0;
		}
	fprintf(stderr, "host_io: no group %s\n", argv[1]);
	return 2;
}
