/* SPDX-License-Identifier: ISC */
/*
 * clock.c: Solo5 time is the host's CLOCK_MONOTONIC and CLOCK_REALTIME,
 * in nanoseconds (so yield.c can hand deadlines to the timerfd as is).
 *
 * A host call costs microseconds on a VM, so when CPUID says the TSC is
 * invariant (constant rate, running in every C-state), the monotonic
 * clock is the TSC, scaled and anchored to the host's clock:
 *
 *  - An anchor is a (TSC, host ns) pair read around one clock_gettime; a
 *    reading is the anchor's ns plus the TSC cycles since, times the rate.
 *  - The rate is measured over the whole span from the calibration base
 *    to the newest anchor, so its error shrinks as the span grows.
 *  - The first reading after an interval as long as that span (at most
 *    ANCHOR_MAX_NS) takes a new anchor: the interval doubles, and what
 *    the extrapolation can drift from the host stays about two anchor
 *    errors (well under 1 us) -- plus what the host's NTP slewing (500
 *    ppm at most) adds over ANCHOR_MAX_NS, 0.5 ms at worst.
 *  - An anchor finding the extrapolation off by more than RESYNC_NS plus
 *    what a young rate may be off (an eighth of the time extrapolated)
 *    restarts the calibration from there, keeping the rate for a start:
 *    the TSC and the host clock no longer advance together (the host was
 *    suspended, the VM migrated).
 *  - Readings never go backwards.
 *
 * An idle guest reads nothing and so makes no call. Without an invariant
 * TSC every reading is a clock_gettime, as in Solo5's spt. The wall clock
 * always is one: it is rarely read, and the host may step it.
 */
#include "bindings.h"

#define CAL_SPIN_CYCLES (1ULL << 16)	/* first span: ~13-65 us at 1-5 GHz */
#define ANCHOR_MAX_NS 1000000000ULL
#define RESYNC_NS 1000000ULL
/* A clock_gettime takes well under 1 us; one taking more than ~3-16 us
 * was interrupted, and its sample is retried (twice at most). */
#define SAMPLE_MAX_CYCLES (1ULL << 14)

static enum { CLK_UNKNOWN, CLK_SYSCALL, CLK_TSC } mode;

static struct {
	uint64_t tsc_a, ns_a;	/* the anchor */
	uint64_t tsc_b, ns_b;	/* the calibration base */
	uint64_t mult;		/* ns per cycle, times 2^32 */
	uint64_t next;		/* cycles after tsc_a when to re-anchor */
	uint64_t last;		/* the latest reading returned */
} tc;

static solo5_time_t read_clock(int clock)
{
	struct sys_timespec ts;

	if (sys_clock_gettime(clock, &ts) != 0)
		bindings_panic("clock_gettime failed");
	return (solo5_time_t)ts.tv_sec * NSEC_PER_SEC +
	       (solo5_time_t)ts.tv_nsec;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* lfence keeps rdtsc from running ahead of what comes before it. */
static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* CPUID 0x80000007 EDX bit 8: the TSC ticks at a constant rate in every
 * P-, C- and T-state (Linux's constant_tsc + nonstop_tsc). */
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

/* A (TSC, host ns) pair, the TSC taken half-way through the call. */
static void sample(uint64_t *tsc, uint64_t *ns)
{
	for (int i = 0;; i++) {
		uint64_t t0 = rdtsc_ordered();
		uint64_t n = read_clock(SYS_CLOCK_MONOTONIC);
		uint64_t t1 = rdtsc_ordered();

		if (t1 - t0 <= SAMPLE_MAX_CYCLES || i == 2) {
			*tsc = t0 + (t1 - t0) / 2;
			*ns = n;
			return;
		}
	}
}

static inline uint64_t cycles_to_ns(uint64_t cycles)
{
	return (uint64_t)(((unsigned __int128)cycles * tc.mult) >> 32);
}

/* ns / cycles, times 2^32: both are scaled down first, so that the
 * dividend fits (the precision left, 2^-31, is far below what a sample
 * can tell). */
static void set_rate(uint64_t ns, uint64_t cycles)
{
	while (ns >= 1ULL << 31) {
		ns >>= 1;
		cycles >>= 1;
	}
	if (ns != 0 && cycles != 0)
		tc.mult = (ns << 32) / cycles;
}

/* Take (t, n) as the anchor; the next one after as long again as the
 * calibration span behind it. */
static void set_anchor(uint64_t t, uint64_t n)
{
	uint64_t span = n - tc.ns_b;

	tc.tsc_a = t;
	tc.ns_a = n;
	if (span > ANCHOR_MAX_NS)
		span = ANCHOR_MAX_NS;
	/* mult is at least 2^27 (the TSC runs below 32 GHz), so this
	 * neither overflows nor divides by zero. */
	tc.next = (span << 32) / tc.mult;
	if (tc.next == 0)
		tc.next = 1;
}

static void anchor(void)
{
	uint64_t t, n;

	sample(&t, &n);
	uint64_t elapsed = cycles_to_ns(t - tc.tsc_a);
	uint64_t predicted = tc.ns_a + elapsed;
	uint64_t off = n > predicted ? n - predicted : predicted - n;
	if (t < tc.tsc_a || off > RESYNC_NS + elapsed / 8) {
		tc.tsc_b = t;
		tc.ns_b = n;
		tc.tsc_a = t;
		tc.ns_a = n;
		/* The rate so far, until a first span is measured. */
		tc.next = CAL_SPIN_CYCLES;
		return;
	}
	set_rate(n - tc.ns_b, t - tc.tsc_b);
	set_anchor(t, n);
}

static void clock_init(void)
{
	uint64_t t, n;

	if (!tsc_invariant()) {
		mode = CLK_SYSCALL;
		return;
	}
	/* The first span: a short spin between two samples. */
	sample(&tc.tsc_b, &tc.ns_b);
	while (rdtsc() - tc.tsc_b < CAL_SPIN_CYCLES)
		__asm__ __volatile__("pause");
	sample(&t, &n);
	set_rate(n - tc.ns_b, t - tc.tsc_b);
	if (tc.mult < 1ULL << 27 || tc.mult > 1ULL << 40) {
		/* Not a believable TSC (under 4 MHz or over 32 GHz). */
		mode = CLK_SYSCALL;
		return;
	}
	set_anchor(t, n);
	tc.last = n;
	mode = CLK_TSC;
}

solo5_time_t solo5_clock_monotonic(void)
{
	if (mode != CLK_TSC) {
		if (mode == CLK_UNKNOWN)
			clock_init();
		if (mode == CLK_SYSCALL)
			return read_clock(SYS_CLOCK_MONOTONIC);
	}
	uint64_t dt = rdtsc() - tc.tsc_a;
	/* Also when the TSC went back (dt wraps around to a huge value). */
	if (dt >= tc.next) {
		anchor();
		dt = rdtsc() - tc.tsc_a;
		if ((int64_t)dt < 0)
			dt = 0;
	}
	uint64_t now = tc.ns_a + cycles_to_ns(dt);
	if (now < tc.last)
		now = tc.last;
	tc.last = now;
	return now;
}

void clock_resync(void)
{
	if (mode == CLK_TSC)
		anchor();
}

solo5_time_t solo5_clock_wall(void)
{
	return read_clock(SYS_CLOCK_REALTIME);
}
