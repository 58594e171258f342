/* SPDX-License-Identifier: ISC */
/*
 * netwake.c: two regressions of the net wait path, driven by run.sh,
 * which sends one raw frame after each "ready" line.
 *  1. idle: a frame arrives while nobody waits for the device; the
 *     unikernel must keep sleeping without spinning (run.sh counts the
 *     tender's CPU ticks).
 *  2. read-ahead: thread A blocks in plat_read; thread B computes without
 *     yielding while the frame arrives, then polls (which reads the frame
 *     ahead); A must still get the frame.
 */
#include "tio.h"

static int fd;
static volatile long got = -1;

static void reader(void *arg)
{
	static uint8_t buf[16384];

	(void)arg;
	got = plat_read(fd, buf, sizeof(buf));
}

static void busy_then_poll(void *arg)
{
	(void)arg;
	uint64_t t0 = t_mono();

	t_printf("ready 2\n");
	while (t_mono() < t0 + 1500000000ULL)
		;
	struct plat_pollfd pf = { .fd = fd, .events = 1 };
	int r = plat_poll(&pf, 1, 0);
	t_printf("poll %d revents %d\n", r, pf.revents);
}

int plat_main(int argc, char **argv, char **envp)
{
	plat_thread_t *a, *b;
	uint8_t frame[16384];

	(void)argc, (void)argv, (void)envp;
	fd = plat_device_open("service0");
	T_CHECK(fd >= 0, "open service0: %d", fd);

	t_printf("ready 1\n");
	plat_sleep_until(t_mono() + 2000000000ULL);
	/* Empty whatever the idle loop took in while nobody read. */
	T_CHECK(plat_fcntl(fd, 4 /* F_SETFL */, 04000 /* O_NONBLOCK */) == 0,
		"fcntl");
	int drained = 0;
	while (plat_read(fd, frame, sizeof(frame)) > 0)
		drained++;
	T_CHECK(drained >= 1, "the frame sent while idle was lost");
	T_CHECK(plat_fcntl(fd, 4, 0) == 0, "fcntl");

	T_CHECK(plat_thread_create(&a, reader, NULL, NULL) == 0, "create");
	T_CHECK(plat_thread_create(&b, busy_then_poll, NULL, NULL) == 0,
		"create");
	plat_thread_join(b);
	uint64_t t0 = t_mono();
	while (got < 0 && t_mono() < t0 + 2000000000ULL)
		plat_sleep_until(t_mono() + 10000000);
	T_CHECK(got > 0, "reader still blocked 2 s after its frame was read "
		"ahead (%ld)", (long)got);
	plat_thread_join(a);
	t_printf("SUCCESS: idle frame kept (%d), reader got %ld bytes\n",
		 drained, (long)got);
	return 0;
}
