/* SPDX-License-Identifier: ISC */
/*
 * clock: solo5_clock_monotonic against the host's clocks. A guest makes
 * no host call of its own, so the host's time is solo5_clock_wall (always
 * a clock_gettime), less the wall-minus-monotonic offset taken at the
 * start: the host advances both clocks at one rate (NTP slews them alike;
 * a step of the wall clock during the test would show as drift). Every
 * comparison brackets one host reading between two of ours, so a drift
 * either way shows: ours ahead (before > host) or behind (after < host).
 *
 *   clock drift SECONDS   alternate busy periods (reading our clock every
 *                         few us), idle ones (one yield of up to 1 s, so
 *                         the first reading after it extrapolates over
 *                         the whole idle) and short sleeps; fail on a
 *                         drift of 1 ms or more, or a reading going back.
 *   clock count N         N readings, for run.sh to count host calls.
 *
 * It also says whether CPUID reports an invariant TSC ("tsc invariant").
 */
#include "util.h"

#define US 1000ULL
#define MS 1000000ULL
#define SEC 1000000000ULL
#define LIMIT (1 * MS)

static uint64_t wall_offset;

/* The host's monotonic time. */
static uint64_t host_now(void)
{
	return solo5_clock_wall() - wall_offset;
}

static bool tsc_invariant(void)
{
	uint32_t a = 0x80000000, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (a < 0x80000007)
		return false;
	a = 0x80000007;
	c = 0;
	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (d >> 8) & 1;
}

static uint64_t last, compares, max_ahead, max_behind;
static bool bad;

static uint64_t ours(void)
{
	uint64_t t = solo5_clock_monotonic();

	if (t < last && !bad) {
		t_puts("FAIL: the clock went back by ");
		t_putu(last - t);
		t_puts(" ns\n");
		bad = true;
	}
	last = t;
	return t;
}

/* One bracketed comparison; (what) says where, for a failure. */
static void compare(const char *what)
{
	uint64_t before = ours(), host = host_now(), after = ours();

	compares++;
	if (before > host && before - host > max_ahead)
		max_ahead = before - host;
	if (host > after && host - after > max_behind)
		max_behind = host - after;
	if (!bad && ((before > host && before - host >= LIMIT) ||
		     (host > after && host - after >= LIMIT))) {
		t_puts("FAIL: drift of 1 ms or more ");
		t_puts(what);
		t_puts(": ours ");
		t_putu(before);
		t_puts(" .. ");
		t_putu(after);
		t_puts(", host ");
		t_putu(host);
		t_puts("\n");
		bad = true;
	}
}

static void busy(uint64_t ns)
{
	uint64_t end = ours() + ns;

	while (ours() < end && !bad)
		compare("while busy");
}

static void drift(uint64_t secs)
{
	uint64_t before = ours(), wall = solo5_clock_wall(), after = ours();

	wall_offset = wall - (before + (after - before) / 2);
	uint64_t end = ours() + secs * SEC;

	for (unsigned round = 0; ours() < end && !bad; round++) {
		/* Idle, our clock unread: up to 1 s, growing. */
		uint64_t idle = (round % 4 + 1) * 250 * MS;
		solo5_yield(ours() + idle, NULL);
		compare("after an idle period");
		/* Longer than the longest anchor interval (1 s). */
		busy(1100 * MS);
		for (int i = 0; i < 20; i++) {
			solo5_yield(ours() + (uint64_t)(i + 1) * 500 * US, NULL);
			compare("after a short sleep");
		}
	}
	t_puts("compares ");
	t_putu(compares);
	t_puts(" max_ahead_ns ");
	t_putu(max_ahead);
	t_puts(" max_behind_ns ");
	t_putu(max_behind);
	t_puts("\n");
}

static void count(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		(void)ours();
	t_puts("readings ");
	t_putu(n);
	t_puts("\n");
}

int solo5_app_main(const struct solo5_start_info *si)
{
	const char *p = si->cmdline;
	bool is_drift = p[0] == 'd';

	t_puts(tsc_invariant() ? "tsc invariant: yes\n" : "tsc invariant: no\n");
	while (*p && (*p < '0' || *p > '9'))
		p++;
	uint64_t n = t_atou(p, NULL);
	if (is_drift) {
		drift(n);
		T_CHECK(compares > 0);
	} else {
		count(n);
	}
	T_CHECK(!bad);
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
