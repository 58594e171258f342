/* SPDX-License-Identifier: ISC */
/*
 * sched_tests.c: scheduler tests, built twice: as a host program under
 * ASan/UBSan with the Solo5 stand-in (SCHED_TEST_HOST), and as the
 * unikernel sched_tests.spt. One test per run, named by the first
 * argument; it prints "PASS <name>" or "FAIL <where>: <what>" (status 1).
 * Tests that need a real %fs (__thread) exist only in the unikernel;
 * tests that need the stand-in's hooks only on the host.
 */
#ifdef SCHED_TEST_HOST
#define _GNU_SOURCE
#include <poll.h>
#include <unistd.h>
#include "solo5_host.h"
#include "host_stubs.h"
#endif
#include "internal.h"

#define ETIMEDOUT_ 110
#define EINVAL_ 22
#define EAGAIN_ 11
#define MS 1000000ULL
#define US 1000ULL

/* ---- output, without libc in the unikernel --------------------------- */

static size_t t_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void out(const char *s)
{
	solo5_console_write(s, t_len(s));
}

static void out_u(uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out(buf + i);
}

static void fail(const char *file, int line, const char *what)
    __attribute__((noreturn));
static void fail(const char *file, int line, const char *what)
{
	out("FAIL ");
	out(file);
	out(":");
	out_u((uint64_t)line);
	out(": ");
	out(what);
	out("\n");
	plat_exit(1);
}

#define CHECK(c)                                                             \
	do {                                                                 \
		if (!(c))                                                    \
			fail(__FILE__, __LINE__, #c);                        \
	} while (0)

static uint64_t now(void)
{
	return solo5_clock_monotonic();
}

static uint64_t rnd_state;

static uint64_t rnd(void)
{
	/* xorshift64*: plenty for picking sleep lengths. */
	if (rnd_state == 0)
		rnd_state = now() | 1;
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

static void sort_u64(uint64_t *a, unsigned n)
{
	/* Shell sort: no recursion, fine for a few thousand samples. */
	for (unsigned gap = n / 2; gap > 0; gap /= 2)
		for (unsigned i = gap; i < n; i++)
			for (unsigned j = i; j >= gap && a[j - gap] > a[j];
			     j -= gap) {
				uint64_t t = a[j];
				a[j] = a[j - gap];
				a[j - gap] = t;
			}
}

/* ---- create / join ----------------------------------------------------- */

struct work {
	unsigned in;
	unsigned out;
	unsigned runs;
	plat_thread_t *t;
};

static void work_fn(void *p)
{
	struct work *w = p;

	w->runs++;
	plat_yield();
	w->out = w->in * 3 + 1;
}

static struct work works[10000];

static void create_join(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		works[i] = (struct work){ .in = i };
		CHECK(plat_thread_create(&works[i].t, work_fn, &works[i],
					 NULL) == 0);
	}
	for (unsigned i = 0; i < n; i++)
		CHECK(plat_thread_join(works[i].t) == 0);
	for (unsigned i = 0; i < n; i++) {
		CHECK(works[i].runs == 1);
		CHECK(works[i].out == i * 3 + 1);
	}
}

static void t_many(void)
{
	create_join(2000);
#ifdef SCHED_TEST_HOST
	/* Stacks and TLS blocks all go back (structs and the heap array
	 * are kept for reuse). */
	long kept = host_pages_out;
	create_join(2000);
	CHECK(host_pages_out == kept);
#endif
}

static void t_many10k(void)
{
	uint64_t t0 = now();

	create_join(10000);
	out("10000 threads created, run and joined in ");
	out_u((now() - t0) / US);
	out(" us\n");
}

/* ---- ordering ---------------------------------------------------------- */

static unsigned order_log[64], order_n;

static void order_fn(void *p)
{
	for (int i = 0; i < 5; i++) {
		order_log[order_n++] = (unsigned)(uintptr_t)p;
		plat_yield();
	}
}

static void t_order(void)
{
	plat_thread_t *t[3];

	for (uintptr_t i = 0; i < 3; i++)
		CHECK(plat_thread_create(&t[i], order_fn, (void *)i, NULL) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	CHECK(order_n == 15);
	for (unsigned i = 0; i < 15; i++)
		CHECK(order_log[i] == i % 3);

	/* plat_yield lets every runnable thread run once, then returns. */
	order_n = 0;
	for (uintptr_t i = 0; i < 3; i++)
		CHECK(plat_thread_create(&t[i], order_fn, (void *)i, NULL) == 0);
	plat_yield();
	CHECK(order_n == 3);
	plat_yield();
	CHECK(order_n == 6);
	for (int i = 0; i < 3; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	/* A lone thread's yield returns at once. */
	plat_yield();
}

/* ---- block / wake ------------------------------------------------------ */

struct blocker {
	uint64_t deadline;
	int ret;
	bool done;
	uint64_t woke_at;
};

static void block_fn(void *p)
{
	struct blocker *b = p;

	b->ret = plat_block(b->deadline);
	b->woke_at = now();
	b->done = true;
}

static void t_block(void)
{
	struct blocker b = { .deadline = UINT64_MAX };
	plat_thread_t *t;

	/* Blocked, then woken. */
	CHECK(plat_thread_create(&t, block_fn, &b, NULL) == 0);
	plat_yield();
	CHECK(!b.done);
	plat_yield();
	CHECK(!b.done);
	plat_wake(t);
	plat_yield();
	CHECK(b.done && b.ret == 0);
	CHECK(plat_thread_join(t) == 0);

	/* Woken before it ever ran: the wake is kept. */
	b = (struct blocker){ .deadline = UINT64_MAX };
	CHECK(plat_thread_create(&t, block_fn, &b, NULL) == 0);
	plat_wake(t);
	plat_wake(t);	/* two wakes count as one */
	CHECK(plat_thread_join(t) == 0);
	CHECK(b.done && b.ret == 0);

	/* A wake to oneself is kept for the next block. */
	plat_wake(plat_thread_self());
	CHECK(plat_block(UINT64_MAX) == 0);

	/* Deadline: times out, not before it. */
	uint64_t d = now() + 2 * MS;
	CHECK(plat_block(d) == -ETIMEDOUT_);
	CHECK(now() >= d);
	/* ... and the pending wakes above were consumed exactly once. */
	d = now() + 1 * MS;
	CHECK(plat_block(d) == -ETIMEDOUT_);

	/* Woken before its deadline: 0, and the deadline no longer fires. */
	b = (struct blocker){ .deadline = now() + 50 * MS };
	CHECK(plat_thread_create(&t, block_fn, &b, NULL) == 0);
	plat_yield();
	CHECK(!b.done);
	plat_wake(t);
	CHECK(plat_thread_join(t) == 0);
	CHECK(b.ret == 0 && b.woke_at < b.deadline);

	/* A wake to an exited thread is ignored. */
	b = (struct blocker){ .deadline = now() };
	CHECK(plat_thread_create(&t, block_fn, &b, NULL) == 0);
	while (!b.done)
		plat_yield();
	plat_wake(t);
	CHECK(b.ret == -ETIMEDOUT_);
	CHECK(plat_thread_join(t) == 0);
}

/* ---- keys -------------------------------------------------------------- */

static unsigned key_a, key_b;

static void key_fn(void *p)
{
	CHECK(plat_key_get(key_a) == NULL);
	CHECK(plat_key_get(key_b) == NULL);
	CHECK(plat_key_set(key_a, p) == 0);
	for (int i = 0; i < 20; i++) {
		plat_yield();
		CHECK(plat_key_get(key_a) == p);
		CHECK(plat_key_get(key_b) == NULL);
	}
}

static void t_keys(void)
{
	plat_thread_t *t[8];
	int mine;

	CHECK(plat_key_create(&key_a) == 0);
	CHECK(plat_key_create(&key_b) == 0);
	CHECK(key_a != key_b);
	CHECK(plat_key_set(key_a, &mine) == 0);
	for (uintptr_t i = 0; i < 8; i++)
		CHECK(plat_thread_create(&t[i], key_fn, (void *)(i + 1),
					 NULL) == 0);
	for (int i = 0; i < 8; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	CHECK(plat_key_get(key_a) == &mine);

	/* Deleted: invalid; re-created: NULL everywhere. */
	unsigned old = key_a;
	CHECK(plat_key_delete(key_a) == 0);
	CHECK(plat_key_delete(key_a) == -EINVAL_);
	CHECK(plat_key_set(key_a, &mine) == -EINVAL_);
	CHECK(plat_key_get(key_a) == NULL);
	CHECK(plat_key_create(&key_a) == 0);
	CHECK(key_a == old);
	CHECK(plat_key_get(key_a) == NULL);
	CHECK(plat_key_set(PLAT_KEYS_MAX, &mine) == -EINVAL_);

	/* At most PLAT_KEYS_MAX. */
	unsigned k, n = 2;
	while (plat_key_create(&k) == 0)
		n++;
	CHECK(n == PLAT_KEYS_MAX);
	CHECK(plat_key_create(&k) == -EAGAIN_);
}

/* ---- sleeping ---------------------------------------------------------- */

#define SLEEPERS 64
static uint64_t sleep_deadline[SLEEPERS];
static unsigned sleep_log[SLEEPERS], sleep_n;
static bool sleep_late_ok = true;

static void sleep_fn(void *p)
{
	unsigned i = (unsigned)(uintptr_t)p;

	plat_sleep_until(sleep_deadline[i]);
	if (now() < sleep_deadline[i])
		sleep_late_ok = false;
	sleep_log[sleep_n++] = i;
}

static void t_sleep_order(void)
{
	plat_thread_t *t[SLEEPERS];
	uint64_t base = now() + 5 * MS;

	/* Deadlines in a scrambled order, 300 us apart. */
	for (unsigned i = 0; i < SLEEPERS; i++)
		sleep_deadline[i] = base + (i * 37 % SLEEPERS) * 300 * US;
	for (uintptr_t i = 0; i < SLEEPERS; i++)
		CHECK(plat_thread_create(&t[i], sleep_fn, (void *)i, NULL) == 0);
	for (int i = 0; i < SLEEPERS; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	CHECK(sleep_late_ok);
	CHECK(sleep_n == SLEEPERS);
	for (unsigned i = 1; i < SLEEPERS; i++)
		CHECK(sleep_deadline[sleep_log[i - 1]] <
		      sleep_deadline[sleep_log[i]]);

	/* Equal deadlines wake in the order they went to sleep. */
	sleep_n = 0;
	base = now() + 2 * MS;
	for (uintptr_t i = 0; i < 8; i++) {
		sleep_deadline[i] = base;
		CHECK(plat_thread_create(&t[i], sleep_fn, (void *)i, NULL) == 0);
	}
	for (int i = 0; i < 8; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	for (unsigned i = 0; i < 8; i++)
		CHECK(sleep_log[i] == i);

	/* A deadline in the past is a yield. */
	uint64_t t0 = now();
	plat_sleep_until(0);
	plat_sleep_until(t0);
	CHECK(now() - t0 < 5 * MS);
}

/* Wake-up error of sleeps of 50 us .. 5 ms from several threads at
 * once: median and p90 must stay under 100 us. */
#define SL_THREADS 10
#define SL_EACH 50
static uint64_t over[SL_THREADS * SL_EACH];
static unsigned over_n;

static void sleep_dist_fn(void *p)
{
	(void)p;
	for (int i = 0; i < SL_EACH; i++) {
		uint64_t d = now() + 50 * US + rnd() % (4950 * US);
		plat_sleep_until(d);
		over[over_n++] = now() - d;
	}
}

static void t_sleep_dist(void)
{
	plat_thread_t *t[SL_THREADS];

	for (int i = 0; i < SL_THREADS; i++)
		CHECK(plat_thread_create(&t[i], sleep_dist_fn, NULL, NULL) == 0);
	for (int i = 0; i < SL_THREADS; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	CHECK(over_n == SL_THREADS * SL_EACH);
	sort_u64(over, over_n);
	uint64_t med = over[over_n / 2], p90 = over[over_n * 90 / 100],
		 p99 = over[over_n * 99 / 100];
	out("sleep overshoot over ");
	out_u(over_n);
	out(" sleeps: median ");
	out_u(med / US);
	out(" us, p90 ");
	out_u(p90 / US);
	out(" us, p99 ");
	out_u(p99 / US);
	out(" us, max ");
	out_u(over[over_n - 1] / US);
	out(" us\n");
#ifndef SCHED_TEST_HOST
	CHECK(med < 100 * US);
	CHECK(p90 < 100 * US);
#endif
}

/* ---- detach, join errors, exit ----------------------------------------- */

static unsigned detached_ran;

static void detached_fn(void *p)
{
	(void)p;
	plat_yield();
	detached_ran++;
}

static void self_detach_fn(void *p)
{
	(void)p;
	CHECK(plat_thread_detach(plat_thread_self()) == 0);
	plat_yield();
	detached_ran++;
}

static void t_detach(void)
{
	plat_thread_t *t, *u, *v;

#ifdef SCHED_TEST_HOST
	create_join(4);	/* warm the struct free list */
	long kept = host_pages_out;
#endif
	CHECK(plat_thread_create(&t, detached_fn, NULL, NULL) == 0);
	CHECK(plat_thread_detach(t) == 0);
	CHECK(plat_thread_detach(t) == -EINVAL_);
	CHECK(plat_thread_join(t) == -EINVAL_);
	CHECK(plat_thread_create(NULL, detached_fn, NULL, NULL) == 0);
	CHECK(plat_thread_create(&u, self_detach_fn, NULL, NULL) == 0);
	/* Detached after it exited: freed at once. */
	CHECK(plat_thread_create(&v, detached_fn, NULL, NULL) == 0);
	while (detached_ran < 4)
		plat_yield();
	CHECK(plat_thread_detach(v) == 0);
	plat_yield();
	CHECK(detached_ran == 4);
#ifdef SCHED_TEST_HOST
	CHECK(host_pages_out == kept);
#endif
	CHECK(plat_thread_join(plat_thread_self()) == -EINVAL_);
	CHECK(plat_thread_join(NULL) == -EINVAL_);
	CHECK(plat_thread_create(&t, NULL, NULL, NULL) == -EINVAL_);
	struct plat_thread_attr small = { .stack_size = 100 };
	CHECK(plat_thread_create(&t, detached_fn, NULL, &small) == -EINVAL_);
}

static void recurse(unsigned n, volatile char *sink)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n > 0)
		recurse(n - 1, pad);
	*sink += pad[0];
}

static void stack_fn(void *p)
{
	char c = 0;

	(void)p;
	recurse(40, &c);	/* ~12 KiB */
	plat_yield();
	recurse(40, &c);
}

static void t_user_stack(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	struct plat_thread_attr a = { .stack = stack, .stack_size = sizeof(stack),
				      .name = "a-rather-long-thread-name" };
	plat_thread_t *t;

	CHECK(plat_thread_create(&t, stack_fn, NULL, &a) == 0);
	CHECK(plat_thread_join(t) == 0);
	/* Odd sizes and alignment are fine. */
	a.stack = stack + 3;
	a.stack_size = sizeof(stack) - 11;
	CHECK(plat_thread_create(&t, stack_fn, NULL, &a) == 0);
	CHECK(plat_thread_join(t) == 0);
}

static void overflow_fn(void *p)
{
	/* What running off the bottom of the stack does to its lowest
	 * word, done on purpose. */
	*(volatile uint64_t *)p = 0;
	plat_yield();
	out("overflow not caught\n");
}

static void t_overflow(void)
{
	static char stack[16 * 1024] __attribute__((aligned(16)));
	struct plat_thread_attr a = { .stack = stack, .stack_size = sizeof(stack) };
	plat_thread_t *t;

	CHECK(plat_thread_create(&t, overflow_fn, stack, &a) == 0);
	plat_thread_join(t);
}

static void t_deadlock(void)
{
	plat_block(UINT64_MAX);
	out("deadlock not caught\n");
}

static void last_fn(void *p)
{
	(void)p;
	plat_sleep_until(now() + 1 * MS);
	out("last thread done\n");
}

/* main leaves first; the process ends when the last thread does. */
static void t_last_exit(void)
{
	CHECK(plat_thread_create(NULL, last_fn, NULL, NULL) == 0);
	out("PASS last_exit\n");
	plat_thread_exit();
}

/* ---- TLS base and FPU control ------------------------------------------ */

static uintptr_t tp_seen[4];

static void tp_fn(void *p)
{
	unsigned i = (unsigned)(uintptr_t)p;
	uintptr_t tp = plat_thread_tp(plat_thread_self());

	tp_seen[i] = tp;
	CHECK(tp != 0);
	/* Variant II: the word at the TP points to itself (set up by
	 * solo5_tls_init for blocks the platform allocates). */
	if (i < 3)
		CHECK(*(uintptr_t *)tp == tp);
	for (int k = 0; k < 10; k++) {
		plat_yield();
#ifdef SCHED_TEST_HOST
		CHECK(solo5_host_tls_base() == tp);
#else
		uintptr_t fs0;
		__asm__ __volatile__("movq %%fs:0, %0" : "=r"(fs0));
		if (i < 3)
			CHECK(fs0 == tp);
#endif
	}
}

static void set_tp_fn(void *p)
{
	uintptr_t mine = (uintptr_t)p;

	plat_thread_set_tp(mine);
	CHECK(plat_thread_tp(plat_thread_self()) == mine);
	for (int k = 0; k < 10; k++) {
		plat_yield();
		CHECK(plat_thread_tp(plat_thread_self()) == mine);
#ifdef SCHED_TEST_HOST
		CHECK(solo5_host_tls_base() == mine);
#endif
	}
}

static void t_tp(void)
{
	static uintptr_t fake_tcb[2][8];
	plat_thread_t *t[5];

	for (uintptr_t i = 0; i < 3; i++)
		CHECK(plat_thread_create(&t[i], tp_fn, (void *)i, NULL) == 0);
	/* A TP given by the caller (a libc's own layout). */
	fake_tcb[0][0] = (uintptr_t)fake_tcb[0];
	struct plat_thread_attr a = { .tp = (uintptr_t)fake_tcb[0] };
	CHECK(plat_thread_create(&t[3], tp_fn, (void *)3, &a) == 0);
	CHECK(plat_thread_tp(t[3]) == (uintptr_t)fake_tcb[0]);
	fake_tcb[1][0] = (uintptr_t)fake_tcb[1];
	CHECK(plat_thread_create(&t[4], set_tp_fn, fake_tcb[1], NULL) == 0);
	for (int i = 0; i < 5; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < i; j++)
			CHECK(tp_seen[i] != tp_seen[j]);
	CHECK(tp_seen[3] == (uintptr_t)fake_tcb[0]);
#ifdef SCHED_TEST_HOST
	CHECK(solo5_host_tls_base() == plat_thread_tp(plat_thread_self()));
	/* Threads sharing a TP switch without touching it. */
	unsigned long before = solo5_host_tls_switches();
	a.tp = plat_thread_tp(plat_thread_self());
	for (uintptr_t i = 0; i < 2; i++)
		CHECK(plat_thread_create(&t[i], order_fn, (void *)i, &a) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	CHECK(solo5_host_tls_switches() == before);
#endif
}

/* Threads without TLS of their own run on whatever %fs was left: no
 * switch to or from them moves it, and a thread with TLS finds its own
 * again after them. */
static uintptr_t notls_fs[4];

static uintptr_t fs_now(void)
{
#ifdef SCHED_TEST_HOST
	return solo5_host_tls_base();
#else
	uintptr_t fs0;

	__asm__ __volatile__("movq %%fs:0, %0" : "=r"(fs0));
	return fs0;
#endif
}

static void notls_fn(void *p)
{
	unsigned i = (unsigned)(uintptr_t)p;

	CHECK(plat_thread_tp(plat_thread_self()) == 0);
	for (int k = 0; k < 10; k++) {
		notls_fs[i] = fs_now();
		plat_yield();
	}
}

static void tls_own_fn(void *p)
{
	uintptr_t tp = plat_thread_tp(plat_thread_self());

	(void)p;
	for (int k = 0; k < 10; k++) {
		CHECK(fs_now() == tp);
		plat_yield();
	}
}

static void t_notls(void)
{
	const struct plat_thread_attr none = { .flags = PLAT_THREAD_NO_TLS };
	/* Even with a TP asked for: no TLS means none. */
	const struct plat_thread_attr none_tp = { .flags = PLAT_THREAD_NO_TLS,
						  .tp = 4096 };
	uintptr_t main_tp = plat_thread_tp(plat_thread_self());
	plat_thread_t *t[4];

	CHECK(fs_now() == main_tp);
#ifdef SCHED_TEST_HOST
	unsigned long before = solo5_host_tls_switches();
#endif
	CHECK(plat_thread_create(&t[0], notls_fn, (void *)0, &none) == 0);
	CHECK(plat_thread_create(&t[1], notls_fn, (void *)1, &none_tp) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	/* main -> no TLS -> no TLS -> main, ten times: %fs never moved. */
	CHECK(notls_fs[0] == main_tp && notls_fs[1] == main_tp);
	CHECK(fs_now() == main_tp);
#ifdef SCHED_TEST_HOST
	CHECK(solo5_host_tls_switches() == before);
#endif
	/* Mixed: the threads without TLS see the TLS of whoever ran last. */
	CHECK(plat_thread_create(&t[0], tls_own_fn, NULL, NULL) == 0);
	CHECK(plat_thread_create(&t[1], notls_fn, (void *)2, &none) == 0);
	CHECK(plat_thread_create(&t[2], tls_own_fn, NULL, NULL) == 0);
	CHECK(plat_thread_create(&t[3], notls_fn, (void *)3, &none) == 0);
	uintptr_t tp0 = plat_thread_tp(t[0]), tp2 = plat_thread_tp(t[2]);
	CHECK(tp0 != 0 && tp2 != 0 && tp0 != tp2);
	for (int i = 0; i < 4; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	CHECK(notls_fs[2] == tp0 && notls_fs[3] == tp2);
	CHECK(fs_now() == main_tp);
}

static inline uint32_t get_mxcsr(void)
{
	uint32_t v;

	__asm__ __volatile__("stmxcsr %0" : "=m"(v));
	return v;
}

static inline void set_mxcsr(uint32_t v)
{
	__asm__ __volatile__("ldmxcsr %0" : : "m"(v));
}

static inline uint16_t get_fpucw(void)
{
	uint16_t v;

	__asm__ __volatile__("fnstcw %0" : "=m"(v));
	return v;
}

static inline void set_fpucw(uint16_t v)
{
	__asm__ __volatile__("fldcw %0" : : "m"(v));
}

struct fpu_seen {
	uint32_t mxcsr;
	uint16_t cw;
};

static void fpu_child(void *p)
{
	struct fpu_seen *s = p;

	s->mxcsr = get_mxcsr();
	s->cw = get_fpucw();
}

static void fpu_fn(void *p)
{
	uint32_t mx = (uint32_t)(uintptr_t)p;
	uint16_t cw = (uint16_t)(0x037f & ~0x0300);	/* 24-bit precision */

	set_mxcsr(mx);
	set_fpucw(cw);
	for (int i = 0; i < 10; i++) {
		plat_yield();
		CHECK(get_mxcsr() == mx);
		CHECK(get_fpucw() == cw);
	}
	/* A new thread inherits its creator's settings. */
	plat_thread_t *t;
	struct fpu_seen seen;
	CHECK(plat_thread_create(&t, fpu_child, &seen, NULL) == 0);
	CHECK(plat_thread_join(t) == 0);
	CHECK(seen.mxcsr == mx && seen.cw == cw);
	set_mxcsr(0x1f80);
	set_fpucw(0x037f);
}

static void t_fpu(void)
{
	uint32_t mx0 = get_mxcsr();
	uint16_t cw0 = get_fpucw();
	plat_thread_t *t[2];

	/* Round toward zero; flush-to-zero plus round up. */
	CHECK(plat_thread_create(&t[0], fpu_fn, (void *)0x7f80, NULL) == 0);
	CHECK(plat_thread_create(&t[1], fpu_fn, (void *)0xdf80, NULL) == 0);
	for (int i = 0; i < 12; i++) {
		plat_yield();
		CHECK(get_mxcsr() == mx0);
		CHECK(get_fpucw() == cw0);
	}
	for (int i = 0; i < 2; i++)
		CHECK(plat_thread_join(t[i]) == 0);
}

/* ---- __thread (unikernel only: the host's %fs belongs to its libc) ---- */

#ifndef SCHED_TEST_HOST
static __thread long t_errno;
static __thread unsigned t_init = 0xfeedu;
static __thread char t_buf[100];
static unsigned tls_ok;

static void tls_fn(void *p)
{
	long id = (long)(uintptr_t)p;

	CHECK(t_init == 0xfeedu);
	CHECK(t_errno == 0);
	CHECK(t_buf[0] == 0 && t_buf[99] == 0);
	t_errno = -id;
	t_init = (unsigned)id;
	t_buf[id % 100] = (char)id;
	for (int i = 0; i < 200; i++) {
		plat_yield();
		CHECK(t_errno == -id);
		CHECK(t_init == (unsigned)id);
		CHECK(t_buf[id % 100] == (char)id);
		t_errno = -id - i;
		plat_yield();
		CHECK(t_errno == -id - i);
		t_errno = -id;
	}
	tls_ok++;
}

static void t_tls(void)
{
	enum { N = 64 };
	static plat_thread_t *t[N];

	t_errno = 12345;
	for (uintptr_t i = 0; i < N; i++)
		CHECK(plat_thread_create(&t[i], tls_fn, (void *)(i + 1),
					 NULL) == 0);
	for (int i = 0; i < N; i++)
		CHECK(plat_thread_join(t[i]) == 0);
	CHECK(tls_ok == N);
	CHECK(t_errno == 12345 && t_init == 0xfeedu);
}
#endif

/* ---- network waits (host: a pipe stands in for the tap) ---------------- */

#ifdef SCHED_TEST_HOST
static solo5_handle_t net_h;
static int net_pipe[2];
static solo5_handle_set_t net_got;
static uint64_t net_written, net_woke;
static volatile bool net_busy_stop;

static void net_wait_fn(void *p)
{
	(void)p;
	net_got = sched_wait_handles(1ULL << net_h, UINT64_MAX);
	net_woke = now();
	net_busy_stop = true;
}

static void net_write_fn(void *p)
{
	(void)p;
	plat_sleep_until(now() + 5 * MS);
	net_written = now();
	CHECK(write(net_pipe[1], "x", 1) == 1);
}

static void busy_fn(void *p)
{
	(void)p;
	while (!net_busy_stop)
		plat_yield();
}

static void t_net(void)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct solo5_net_info info;
	plat_thread_t *w, *x, *b;
	char c;

	CHECK(pipe(net_pipe) == 0);
	solo5_host_add_net("n0", net_pipe[0], 1500, mac);
	CHECK(solo5_net_acquire("n0", &net_h, &info) == SOLO5_R_OK);

	/* Idle: the waiter wakes when the "frame" arrives. */
	unsigned long y0 = solo5_host_yields();
	CHECK(plat_thread_create(&w, net_wait_fn, NULL, NULL) == 0);
	CHECK(plat_thread_create(&x, net_write_fn, NULL, NULL) == 0);
	CHECK(plat_thread_join(w) == 0);
	CHECK(plat_thread_join(x) == 0);
	CHECK(net_got == 1ULL << net_h);
	CHECK(net_woke >= net_written);
	/* No busy loop: a handful of host sleeps for one 5 ms wait. */
	CHECK(solo5_host_yields() - y0 < 10);

	/* Busy: a thread always runnable does not starve the waiter. */
	net_busy_stop = false;
	CHECK(plat_thread_create(&w, net_wait_fn, NULL, NULL) == 0);
	CHECK(plat_thread_create(&b, busy_fn, NULL, NULL) == 0);
	plat_yield();
	CHECK(write(net_pipe[1], "y", 1) == 1);
	CHECK(plat_thread_join(b) == 0);
	CHECK(plat_thread_join(w) == 0);
	CHECK(net_got == 1ULL << net_h);

	/* Nothing pending: timeout, 0. */
	CHECK(read(net_pipe[0], &c, 1) == 1 && read(net_pipe[0], &c, 1) == 1);
	uint64_t d = now() + 2 * MS;
	CHECK(sched_wait_handles(1ULL << net_h, d) == 0);
	CHECK(now() >= d);
	/* Pending: at once, only the handles asked for. */
	CHECK(write(net_pipe[1], "z", 1) == 1);
	CHECK(sched_wait_handles(1ULL << net_h | 1ULL << 40, UINT64_MAX) ==
	      1ULL << net_h);
}

/* Notifications: called once per arming when a frame is ready, from the
 * scheduler, with nothing read; busy or idle; cancelled by NULL. */
static unsigned notify_calls;
static volatile bool notify_busy_stop;

static void notify_fn(void *p)
{
	notify_calls++;
	if (p != NULL)
		plat_wake(p);
}

static void notify_write_fn(void *p)
{
	(void)p;
	plat_sleep_until(now() + 5 * MS);
	net_written = now();
	CHECK(write(net_pipe[1], "x", 1) == 1);
}

static void notify_busy_fn(void *p)
{
	unsigned before = notify_calls;

	(void)p;
	CHECK(write(net_pipe[1], "b", 1) == 1);
	while (notify_calls == before)
		plat_yield();
	notify_busy_stop = true;
}

static void ping_fn(void *p)
{
	plat_thread_t *main_t = p;

	for (int i = 0; i < 10000; i++) {
		plat_wake(main_t);
		plat_block(UINT64_MAX);
	}
}

static void t_notify(void)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 2 };
	struct solo5_net_info info;
	plat_thread_t *self = plat_thread_self(), *x;
	char c;

	CHECK(pipe(net_pipe) == 0);
	solo5_host_add_net("n1", net_pipe[0], 1500, mac);
	CHECK(solo5_net_acquire("n1", &net_h, &info) == SOLO5_R_OK);

	/* Idle: the frame's arrival calls it, which wakes us. */
	sched_net_notify(net_h, notify_fn, self);
	CHECK(plat_thread_create(&x, notify_write_fn, NULL, NULL) == 0);
	CHECK(plat_block(UINT64_MAX) == 0);
	CHECK(notify_calls == 1 && now() >= net_written);
	CHECK(plat_thread_join(x) == 0);
	/* Nothing was read: the frame is still there. Not armed again, it
	 * is not called again. */
	struct pollfd pfd = { .fd = net_pipe[0], .events = POLLIN };
	CHECK(poll(&pfd, 1, 0) == 1);
	CHECK(read(net_pipe[0], &c, 1) == 1 && c == 'x');
	CHECK(write(net_pipe[1], "y", 1) == 1);
	plat_sleep_until(now() + 2 * MS);
	CHECK(notify_calls == 1);
	/* Armed with a frame already waiting: called at the next look. */
	sched_net_notify(net_h, notify_fn, NULL);
	plat_sleep_until(now() + 2 * MS);
	CHECK(notify_calls == 2);
	CHECK(read(net_pipe[0], &c, 1) == 1 && c == 'y');

	/* Busy: an always runnable thread does not keep it from being
	 * called. */
	sched_net_notify(net_h, notify_fn, NULL);
	notify_busy_stop = false;
	CHECK(plat_thread_create(&x, notify_busy_fn, NULL, NULL) == 0);
	CHECK(plat_thread_join(x) == 0);
	CHECK(notify_busy_stop && notify_calls == 3);
	CHECK(read(net_pipe[0], &c, 1) == 1 && c == 'b');

	/* Cancelled: not called. */
	sched_net_notify(net_h, notify_fn, NULL);
	sched_net_notify(net_h, NULL, NULL);
	CHECK(write(net_pipe[1], "z", 1) == 1);
	plat_sleep_until(now() + 2 * MS);
	CHECK(notify_calls == 3);
	CHECK(read(net_pipe[0], &c, 1) == 1 && c == 'z');

	/* Armed, two threads handing the CPU back and forth 10 000 times:
	 * the host is asked about frames every POLL_GAP_CYCLES at most, not
	 * at every switch. */
	sched_net_notify(net_h, notify_fn, NULL);
	unsigned long y0 = solo5_host_yields();
	uint64_t t0 = now();
	CHECK(plat_thread_create(&x, ping_fn, self, NULL) == 0);
	for (int i = 0; i < 10000; i++) {
		plat_block(UINT64_MAX);
		plat_wake(x);
	}
	CHECK(plat_thread_join(x) == 0);
	unsigned long polls = solo5_host_yields() - y0;
	out("20000 switches in ");
	out_u((now() - t0) / US);
	out(" us: ");
	out_u(polls);
	out(" host polls\n");
	/* 13 us is the shortest gap (5 GHz): one poll per 13 us at most. */
	CHECK(polls <= (now() - t0) / (13 * US) + 2);
	CHECK(polls < 10000);
	CHECK(notify_calls == 3);
}

/* A notification that blocks is a bug the platform stops at once. */
static void notify_block_fn(void *p)
{
	(void)p;
	plat_yield();
}

static void t_notify_block(void)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 3 };
	struct solo5_net_info info;

	CHECK(pipe(net_pipe) == 0);
	solo5_host_add_net("n2", net_pipe[0], 1500, mac);
	CHECK(solo5_net_acquire("n2", &net_h, &info) == SOLO5_R_OK);
	sched_net_notify(net_h, notify_block_fn, NULL);
	CHECK(write(net_pipe[1], "x", 1) == 1);
	plat_sleep_until(now() + 10 * MS);
	out("notification not called\n");
}

/* Idle with only sleepers: the host sleeps once per deadline. */
static void t_idle(void)
{
	unsigned long y0 = solo5_host_yields();

	plat_sleep_until(now() + 20 * MS);
	CHECK(solo5_host_yields() - y0 <= 2);
	uint64_t d = now() + 10 * MS;
	plat_sleep_until(d);
	CHECK(solo5_host_last_deadline() == d);
}

/* Host signals (platform/hostsig.c): each reaches the handler once, on a
 * thread of its own; one raised while the handler blocks neither wakes
 * that block, nor spins the idle loop, nor is lost; main, blocked with
 * no deadline, is no deadlock while a handler is registered. Without a
 * handler SIGWINCH is ignored. */
static int sig_seen[8];
static unsigned sig_n;
static plat_thread_t *sig_waiter;

static void sig_handler(int sig)
{
	CHECK(plat_thread_self() != sig_waiter && sig_n < 8);
	sig_seen[sig_n++] = sig;
	if (sig == 12) {
		/* Taken from the host at the next yield: the idle loop does
		 * not spin while the handler waits. */
		unsigned long y0 = solo5_host_yields();
		solo5_host_raise_signal(15);
		CHECK(plat_block(now() + 2 * MS) == -ETIMEDOUT_);
		CHECK(solo5_host_yields() - y0 <= 3);
	}
	if (sig == 15)
		plat_wake(sig_waiter);
}

static void t_hostsig(void)
{
	sig_waiter = plat_thread_self();
	plat_host_signal_handler(sig_handler);
	solo5_host_raise_signal(10);
	solo5_host_raise_signal(12);
	while (sig_n < 3)
		CHECK(plat_block(UINT64_MAX) == 0);
	CHECK(sig_seen[0] == 10 && sig_seen[1] == 12 && sig_seen[2] == 15);
	plat_host_signal_handler(NULL);
	solo5_host_raise_signal(28);
	plat_sleep_until(now() + 1 * MS);
	CHECK(sig_n == 3);
}
#endif

/* ---- driver ------------------------------------------------------------ */

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "many", t_many },
	{ "many10k", t_many10k },
	{ "order", t_order },
	{ "block", t_block },
	{ "keys", t_keys },
	{ "sleep_order", t_sleep_order },
	{ "sleep_dist", t_sleep_dist },
	{ "detach", t_detach },
	{ "user_stack", t_user_stack },
	{ "overflow", t_overflow },
	{ "deadlock", t_deadlock },
	{ "last_exit", t_last_exit },
	{ "tp", t_tp },
	{ "notls", t_notls },
	{ "fpu", t_fpu },
#ifndef SCHED_TEST_HOST
	{ "tls", t_tls },
#else
	{ "net", t_net },
	{ "notify", t_notify },
	{ "notify_block", t_notify_block },
	{ "idle", t_idle },
	{ "hostsig", t_hostsig },
#endif
};

static bool same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int sched_tests_main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "";

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (name[0] == 0) {
			out(tests[i].name);
			out("\n");
		} else if (same(name, tests[i].name)) {
			tests[i].fn();
			out("PASS ");
			out(name);
			out("\n");
			return 0;
		}
	}
	if (name[0] == 0)
		return 0;
	out("FAIL no such test: ");
	out(name);
	out("\n");
	return 1;
}
