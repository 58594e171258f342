/* SPDX-License-Identifier: ISC */
/*
 * netio.c: net reads through the platform on "service0" (a tap in a
 * namespace, pinged by run.sh): prints "ready", then a blocking plat_read
 * must return a frame (the ARP request for the pinged address) while
 * another thread keeps ticking; then plat_poll must report POLLIN for the
 * next frame, and O_NONBLOCK reads end in -EAGAIN.
 */
#include "tio.h"
#include "errors.h"

static uint8_t frame[65536 + 14];
static volatile unsigned ticks;
static volatile bool stop;

static void ticker(void *arg)
{
	(void)arg;
	while (!stop) {
		plat_sleep_until(t_mono() + 5000000);
		ticks++;
	}
}

static void show(const char *how, long n)
{
	T_CHECK(n >= 14, "%s: %ld", how, n);
	t_printf("%s: frame of %ld bytes, type %02x%02x, from "
		 "%02x:%02x:%02x:%02x:%02x:%02x\n", how, n, frame[12], frame[13],
		 frame[6], frame[7], frame[8], frame[9], frame[10], frame[11]);
}

int plat_main(int argc, char **argv, char **envp)
{
	uint8_t mac[6];
	unsigned mtu;
	plat_thread_t *t;

	(void)argc;
	(void)argv;
	(void)envp;
	int fd = plat_device_open("service0");
	T_CHECK(fd == 3, "open service0 gave %d", fd);
	T_CHECK(plat_net_info(fd, mac, &mtu) == 0, "net_info");
	t_printf("netio: mtu %u mac %02x:%02x:%02x:%02x:%02x:%02x\n", mtu,
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	T_CHECK(plat_thread_create(&t, ticker, NULL, NULL) == 0, "thread");

	t_printf("ready\n");
	uint64_t t0 = t_mono();
	long n = plat_read(fd, frame, sizeof frame);
	show("blocking read", n);
	t_printf("netio: blocked %lu ms, other thread ticked %u times\n",
		 (t_mono() - t0) / 1000000, ticks);
	T_CHECK(ticks > 0, "the other thread did not run while blocked");

	struct plat_pollfd p = { fd, PLAT_POLLIN, 0 };
	int r = plat_poll(&p, 1, 10000);
	T_CHECK(r == 1 && p.revents == PLAT_POLLIN, "poll gave %d revents %x", r,
		p.revents);
	t_printf("netio: poll POLLIN\n");
	show("read after poll", plat_read(fd, frame, sizeof frame));

	T_CHECK(plat_fcntl(fd, PLAT_F_SETFL, PLAT_O_NONBLOCK) == 0, "nonblock");
	int drained = 0;
	while ((n = plat_read(fd, frame, sizeof frame)) > 0)
		drained++;
	T_CHECK(n == -EAGAIN, "non-blocking read gave %ld", n);
	t_printf("netio: non-blocking read -EAGAIN after %d more frames\n",
		 drained);
	stop = true;
	plat_thread_join(t);
	t_printf("SUCCESS\n");
	return 0;
}
