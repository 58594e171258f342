/* SPDX-License-Identifier: ISC */
/*
 * misc.c: clocks, sleeps, getrandom and console descriptors on spt.
 * Prints "realtime_sec N" (run.sh compares it with the host's date) and
 * "random_sample HEX" (run.sh compares two boots), then SUCCESS.
 */
#include "tio.h"
#include "errors.h"

#define MS 1000000ULL

static void clocks(void)
{
	struct plat_timespec ts, a, b;

	T_CHECK(plat_clock_getres(0, &ts) == 0 && ts.tv_nsec == 1, "getres");
	T_CHECK(plat_clock_gettime(2, &ts) == -EINVAL, "clock 2 accepted");
	T_CHECK(plat_clock_gettime(0, &ts) == 0, "realtime");
	t_printf("realtime_sec %ld\n", (long)ts.tv_sec);
	plat_clock_gettime(1, &a);
	for (int i = 0; i < 100000; i++) {
		plat_clock_gettime(1, &b);
		T_CHECK(b.tv_sec > a.tv_sec ||
				(b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec),
			"monotonic went backwards");
		a = b;
	}
	uint64_t t0 = t_mono();
	T_CHECK(t0 > 0, "monotonic is 0");

	/* A relative sleep, an absolute monotonic one and an absolute
	 * realtime one: none early, none very late. */
	ts = (struct plat_timespec){ 0, 10 * MS };
	T_CHECK(plat_clock_nanosleep(1, 0, &ts, NULL) == 0, "nanosleep");
	uint64_t dt = t_mono() - t0;
	T_CHECK(dt >= 10 * MS && dt < 500 * MS, "10 ms sleep took %lu ns", dt);

	t0 = t_mono();
	uint64_t dl = t0 + 15 * MS;
	ts = (struct plat_timespec){ (int64_t)(dl / 1000000000),
				     (int64_t)(dl % 1000000000) };
	T_CHECK(plat_clock_nanosleep(1, 1, &ts, NULL) == 0, "abs nanosleep");
	T_CHECK(t_mono() >= dl, "abs monotonic sleep woke early");

	plat_clock_gettime(0, &ts);
	ts.tv_nsec += 20 * MS;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	t0 = t_mono();
	T_CHECK(plat_clock_nanosleep(0, 1, &ts, NULL) == 0, "abs realtime");
	dt = t_mono() - t0;
	T_CHECK(dt >= 19 * MS && dt < 500 * MS, "abs realtime 20 ms took %lu ns",
		dt);
	t_printf("clocks: ok\n");
}

static uint8_t rbuf[256 * 1024];

static void randomness(void)
{
	uint64_t ones = 0, count[256] = { 0 };

	T_CHECK(plat_getrandom(rbuf, sizeof rbuf, 0) == (long)sizeof rbuf,
		"getrandom 256 KiB");
	for (size_t i = 0; i < sizeof rbuf; i++) {
		ones += (uint64_t)__builtin_popcount(rbuf[i]);
		count[rbuf[i]]++;
	}
	/* Monobit: 2^21 bits, sd 724; 5 sd. Byte chi-square, 255 df
	 * (mean 255, sd 22.6), times the expected count 1024. */
	int64_t dev = (int64_t)ones - (int64_t)(sizeof rbuf * 4);
	uint64_t chi1024 = 0;
	for (int i = 0; i < 256; i++) {
		int64_t d = (int64_t)count[i] - 1024;
		chi1024 += (uint64_t)(d * d);
	}
	uint64_t chi = chi1024 / 1024;
	t_printf("random_stats monobit_dev %ld chi2 %lu\n", (long)dev, chi);
	T_CHECK(dev > -3620 && dev < 3620, "monobit off by %ld", (long)dev);
	T_CHECK(chi > 150 && chi < 400, "chi-square %lu", chi);

	uint8_t s[32];
	T_CHECK(plat_getrandom(s, sizeof s, 0) == 32, "getrandom 32");
	t_printf("random_sample ");
	for (int i = 0; i < 32; i++)
		t_printf("%02x", s[i]);
	t_printf("\n");
}

static void descriptors(void)
{
	struct plat_pollfd p[2] = { { 1, PLAT_POLLOUT, 0 }, { 0, PLAT_POLLIN, 0 } };
	struct plat_stat st;

	T_CHECK(plat_poll(p, 2, 0) == 1 && p[0].revents == PLAT_POLLOUT &&
			p[1].revents == 0, "console poll");
	uint64_t t0 = t_mono();
	T_CHECK(plat_poll(&p[1], 1, 20) == 0, "console input ready");
	T_CHECK(t_mono() - t0 >= 20 * MS, "poll returned early");
	T_CHECK(plat_fstat(2, &st) == 0 && (st.mode & 0170000) == PLAT_S_IFCHR,
		"fstat console");
	T_CHECK(plat_device_open("storage") == -ENODEV, "no devices here");
	T_CHECK(plat_getpagesize() == 4096, "page size");
	t_printf("descriptors: ok\n");
}

int plat_main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	clocks();
	randomness();
	descriptors();
	t_printf("SUCCESS\n");
	return 0;
}
