/* SPDX-License-Identifier: ISC */
/*
 * bench_sched.c: green-thread figures, one "KEY VALUE" line each:
 *   switch_ns                  one switch (two threads ping-ponging with
 *                              plat_yield; each has its own TLS, so every
 *                              switch also moves %fs)
 *   switch_same_tp_ns          the same with one shared TP (no %fs move)
 *   create_join_ns             plat_thread_create + plat_thread_join of a
 *                              thread that returns at once
 *   sleep_overshoot_median_us  wake-up error of 500 sleeps of 50 us..5 ms
 *   sleep_overshoot_p99_us
 */
#include "internal.h"

#define ROUNDS 1000000
#define CREATES 20000
#define SLEEPS 500

static void out(const char *s)
{
	solo5_console_write(s, strlen(s));
}

static void figure(const char *key, uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out(key);
	out(" ");
	out(buf + i);
	out("\n");
}

static void pingpong(void *p)
{
	(void)p;
	for (int i = 0; i < ROUNDS; i++)
		plat_yield();
}

static void nothing(void *p)
{
	(void)p;
}

static uint64_t switch_cost(const struct plat_thread_attr *attr)
{
	plat_thread_t *a, *b;

	if (plat_thread_create(&a, pingpong, NULL, attr) != 0 ||
	    plat_thread_create(&b, pingpong, NULL, attr) != 0)
		plat_panic("bench: create failed");
	/* Main waits in join: only a and b take turns. */
	uint64_t t0 = solo5_clock_monotonic();
	plat_thread_join(a);
	uint64_t t1 = solo5_clock_monotonic();
	plat_thread_join(b);
	return (t1 - t0) / (2ULL * ROUNDS);
}

static void sort_u64(uint64_t *a, unsigned n)
{
	for (unsigned gap = n / 2; gap > 0; gap /= 2)
		for (unsigned i = gap; i < n; i++)
			for (unsigned j = i; j >= gap && a[j - gap] > a[j];
			     j -= gap) {
				uint64_t t = a[j];
				a[j] = a[j - gap];
				a[j - gap] = t;
			}
}

int plat_main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;

	figure("switch_ns", switch_cost(NULL));
	struct plat_thread_attr shared = {
		.tp = plat_thread_tp(plat_thread_self())
	};
	figure("switch_same_tp_ns", switch_cost(&shared));

	plat_thread_t *t;
	uint64_t t0 = solo5_clock_monotonic();
	for (int i = 0; i < CREATES; i++) {
		if (plat_thread_create(&t, nothing, NULL, NULL) != 0)
			plat_panic("bench: create failed");
		plat_thread_join(t);
	}
	figure("create_join_ns", (solo5_clock_monotonic() - t0) / CREATES);

	static uint64_t over[SLEEPS];
	uint64_t x = solo5_clock_monotonic() | 1;
	for (int i = 0; i < SLEEPS; i++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		uint64_t len = 50000 + (x * 2685821657736338717ULL) % 4950000;
		uint64_t d = solo5_clock_monotonic() + len;
		plat_sleep_until(d);
		over[i] = solo5_clock_monotonic() - d;
	}
	sort_u64(over, SLEEPS);
	figure("sleep_overshoot_median_us", over[SLEEPS / 2] / 1000);
	figure("sleep_overshoot_p99_us", over[SLEEPS * 99 / 100] / 1000);
	return 0;
}
