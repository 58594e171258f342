/* SPDX-License-Identifier: ISC */
/*
 * host_mem: unit tests of the page allocator (platform/pages.c) and the
 * anonymous-memory calls (platform/mmap.c) in a host process under
 * ASan/UBSan. The heap is a zeroed aligned_alloc() arena; pages.c poisons
 * free pages for ASan, so any touch of a free page fails the run.
 *
 *   host_mem [SEED]
 *
 * Prints "ok NAME" per group, "FAIL ..." and exits 1 on the first failure.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"

#define PG PLAT_PAGE_SIZE
#define MAP_PRIVATE 0x02
#define MAP_SHARED 0x01
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW 3

/* ---- plumbing ------------------------------------------------------------ */

static jmp_buf panic_jmp;
static int panic_armed;
static const char *panic_msg;

void plat_panic(const char *msg)
{
	if (panic_armed) {
		panic_armed = 0;
		panic_msg = msg;
		longjmp(panic_jmp, 1);
	}
	fprintf(stderr, "FAIL: unexpected panic: %s\n", msg);
	abort();
}

#define CHECK(c)                                                             \
	do {                                                                 \
		if (!(c)) {                                                  \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);  \
			exit(1);                                             \
		}                                                            \
	} while (0)

/* Does (stmt) panic? State must be untouched afterwards (checked by the
 * callers with mem_check and the stats). */
#define PANICS(stmt)                                                         \
	({                                                                   \
		int _p = 0;                                                  \
		panic_armed = 1;                                             \
		if (setjmp(panic_jmp) == 0)                                  \
			stmt;                                                \
		else                                                         \
			_p = 1;                                              \
		panic_armed = 0;                                             \
		_p;                                                          \
	})

static uint64_t rng = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t rnd_below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static void *arena;
static size_t arena_size;
static uintptr_t mbase;		/* the allocator's range */
static size_t mpages;

/* A fresh zeroed heap of (pages) pages (plus metadata) at a page-aligned
 * address, as Solo5 would hand it over. */
static void heap(size_t pages)
{
	free(arena);
	arena_size = pages * PG;
	arena = aligned_alloc(PG, arena_size);
	CHECK(arena);
	memset(arena, 0, arena_size);
	mem_init((uintptr_t)arena, arena_size);
	mem_range(&mbase, &mpages);
}

static struct plat_mem_stats stats(void)
{
	struct plat_mem_stats st;

	plat_mem_stats(&st);
	return st;
}

static void mmap_check_end(void)
{
	struct plat_mem_stats st = stats();

	CHECK(st.free == st.total && st.largest_free == st.total);
	CHECK(mem_check() == 1);
}

/* ---- the model: who owns each page --------------------------------------- */

static uint8_t *owned;		/* 1 = allocated */

struct alloc {
	size_t p, n;
	uint64_t tag;
};
static struct alloc *live;
static size_t nlive;

static void model_init(void)
{
	mem_range(&mbase, &mpages);
	free(owned);
	free(live);
	owned = calloc(mpages, 1);
	live = calloc(mpages, sizeof(*live));
	nlive = 0;
	CHECK(owned && live);
	/* The platform's own pages (mapping records) are taken already. */
	for (size_t i = 0; i < mpages; i++)
		owned[i] = !mem_is_free(mbase + i * PG, 1);
}

static size_t page_no(void *p)
{
	CHECK(p && (uintptr_t)p >= mbase && ((uintptr_t)p - mbase) % PG == 0);
	return ((uintptr_t)p - mbase) / PG;
}

/* The allocator's policy, on the model: the smallest free run that fits,
 * lowest address among equals, its top n pages; SIZE_MAX if none. Also
 * the free count, run count and largest run. */
struct model_view {
	size_t expect, nfree, runs, largest;
};

static struct model_view model_view(size_t n)
{
	struct model_view v = { SIZE_MAX, 0, 0, 0 };
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < mpages;) {
		if (owned[i]) {
			i++;
			continue;
		}
		size_t j = i;

		while (j < mpages && !owned[j])
			j++;
		size_t len = j - i;

		v.nfree += len;
		v.runs++;
		if (len > v.largest)
			v.largest = len;
		if (n && len >= n && len < best) {
			best = len;
			v.expect = j - n;
		}
		i = j;
	}
	return v;
}

static void own(size_t p, size_t n, uint64_t tag)
{
	for (size_t i = p; i < p + n; i++) {
		CHECK(!owned[i]);
		owned[i] = 1;
		/* A pattern in each page, checked when freed. */
		*(uint64_t *)(mbase + i * PG) = tag + i;
		*(uint64_t *)(mbase + i * PG + PG - 8) = ~(tag + i);
	}
	live[nlive++] = (struct alloc){ p, n, tag };
}

static void verify(const struct alloc *a)
{
	for (size_t i = a->p; i < a->p + a->n; i++) {
		CHECK(owned[i]);
		CHECK(*(uint64_t *)(mbase + i * PG) == a->tag + i);
		CHECK(*(uint64_t *)(mbase + i * PG + PG - 8) == ~(a->tag + i));
	}
}

static void disown(size_t p, size_t n)
{
	for (size_t i = p; i < p + n; i++) {
		CHECK(owned[i]);
		owned[i] = 0;
	}
}

static void model_compare(void)
{
	struct model_view v = model_view(0);
	struct plat_mem_stats st = stats();

	CHECK(st.free == v.nfree);
	CHECK(st.largest_free == v.largest);
	CHECK(mem_check() == v.runs);
}

static size_t rnd_size(size_t max)
{
	size_t r = rnd_below(100), n;

	if (r < 60)
		n = 1 + rnd_below(4);
	else if (r < 90)
		n = 1 + rnd_below(64);
	else if (r < 98)
		n = 1 + rnd_below(max / 8);
	else
		n = 1 + rnd_below(max);
	return n;
}

/* ---- tests -------------------------------------------------------------- */

static void test_basic(void)
{
	heap(1024);
	struct plat_mem_stats st = stats();
	uintptr_t b;
	size_t n;

	mem_range(&b, &n);
	/* Metadata and mapping records are small and not counted. */
	CHECK(st.total == st.free && st.largest_free == st.total);
	CHECK(st.total > 1000 && st.total < 1024);
	CHECK(b == (uintptr_t)arena && n >= st.total);
	CHECK(mem_check() == 1);
	/* Top-down: the first allocation ends the free run. */
	char *p = plat_pages_alloc(3);
	CHECK(p == (char *)b + (st.total - 3) * PG);
	memset(p, 0x5a, 3 * PG);
	CHECK(plat_pages_alloc(0) == NULL);
	CHECK(plat_pages_alloc(st.total) == NULL);
	CHECK(plat_pages_alloc(SIZE_MAX) == NULL);
	CHECK(stats().free == st.total - 3);
	/* Partial frees, in any order, coalesce back to one run. */
	plat_pages_free(p + PG, 1);
	CHECK(mem_check() == 2);
	plat_pages_free(p + 2 * PG, 1);
	CHECK(mem_check() == 2);
	plat_pages_free(p, 1);
	CHECK(mem_check() == 1);
	plat_pages_free(NULL, 0);	/* nothing */
	/* The whole heap at once, then nothing more. */
	p = plat_pages_alloc(st.total);
	CHECK(p == (char *)b);
	CHECK(plat_pages_alloc(1) == NULL);
	CHECK(mem_check() == 0 && stats().largest_free == 0);
	plat_pages_free(p, st.total);
	CHECK(mem_check() == 1 && stats().free == st.total);
	puts("ok basic");
}

static void test_misuse(void)
{
	heap(256);
	model_init();
	struct plat_mem_stats st;
	char *p = plat_pages_alloc(8);
	char *lo = (char *)mbase;

	plat_pages_free(p + 2 * PG, 2);
	st = stats();
	/* Double free, overlapping a free run on either side, outside the
	 * heap, unaligned: panics, before changing anything. */
	CHECK(PANICS(plat_pages_free(p + 2 * PG, 1)));
	CHECK(PANICS(plat_pages_free(p + PG, 2)));
	CHECK(PANICS(plat_pages_free(p + 3 * PG, 2)));
	CHECK(PANICS(plat_pages_free(p, 8)));
	CHECK(PANICS(plat_pages_free(lo, 1)));	/* free already */
	CHECK(PANICS(plat_pages_free(lo - PG, 1)));
	CHECK(PANICS(plat_pages_free(p + 1, 1)));
	CHECK(PANICS(plat_pages_free(p, SIZE_MAX)));
	CHECK(stats().free == st.free && mem_check() == 2);
	CHECK(mem_alloc_at((uintptr_t)p, 1, 0) == NULL);	/* not free */
	CHECK(mem_alloc_at((uintptr_t)p + 2 * PG + 1, 1, 0) == NULL);
	CHECK(mem_alloc_at((uintptr_t)p + 2 * PG, 3, 0) == NULL);
	CHECK(mem_alloc_at((uintptr_t)p + 2 * PG, 2, 0) == p + 2 * PG);
	plat_pages_free(p, 8);
	mmap_check_end();
	puts("ok misuse");
}

/* Random allocation, full and partial frees and exact-address requests
 * against the ownership model: every page owned once, placement exactly
 * the policy, OOM exactly when nothing fits, contents intact. */
static void test_stress(size_t pages, unsigned ops)
{
	heap(pages);
	model_init();
	uint64_t tag = 1;

	for (unsigned op = 0; op < ops; op++) {
		unsigned r = (unsigned)rnd_below(100);

		if (r < 45) {
			size_t n = rnd_size(mpages);
			struct model_view v = model_view(n);
			void *p = plat_pages_alloc(n);

			if (v.expect == SIZE_MAX) {
				CHECK(p == NULL);
			} else {
				CHECK(p != NULL && page_no(p) == v.expect);
				own(v.expect, n, tag++ << 32);
			}
		} else if (r < 55) {
			/* Exact placement: a random spot, or inside a run. */
			size_t p = rnd_below(mpages), n = rnd_size(64);
			bool can = p + n <= mpages;

			for (size_t i = p; can && i < p + n; i++)
				can = !owned[i];
			CHECK(mem_is_free(mbase + p * PG, n) == can);
			void *a = mem_alloc_at(mbase + p * PG, n, 0);

			CHECK(mem_is_free(mbase + p * PG, n) == false);
			if (can) {
				CHECK(a == (void *)(mbase + p * PG));
				own(p, n, tag++ << 32);
			} else {
				CHECK(a == NULL);
			}
		} else if (nlive) {
			size_t k = rnd_below(nlive);
			struct alloc a = live[k];

			verify(&a);
			live[k] = live[--nlive];
			if (r < 80 || a.n == 1) {
				plat_pages_free((void *)(mbase + a.p * PG), a.n);
				disown(a.p, a.n);
			} else {
				/* Part of it; the rest stays allocated. */
				size_t i = rnd_below(a.n), j = i + 1 +
					rnd_below(a.n - i);

				plat_pages_free((void *)(mbase + (a.p + i) * PG),
						j - i);
				disown(a.p + i, j - i);
				if (i)
					live[nlive++] = (struct alloc){ a.p, i,
									a.tag };
				if (j < a.n)
					live[nlive++] = (struct alloc){
						a.p + j, a.n - j, a.tag };
			}
		}
		if (op % 64 == 0)
			model_compare();
	}
	model_compare();
	while (nlive) {
		struct alloc a = live[--nlive];

		verify(&a);
		plat_pages_free((void *)(mbase + a.p * PG), a.n);
		disown(a.p, a.n);
	}
	/* No leak: one free run, the whole heap. */
	mmap_check_end();
	printf("ok stress-%zu-pages-%u-ops\n", pages, ops);
}

/* The worst case for metadata: every other page free. */
static void test_checkerboard(void)
{
	heap(8192);
	model_init();
	size_t n = stats().total;
	char **pg = calloc(n, sizeof(*pg));

	for (size_t i = 0; i < n; i++)
		CHECK((pg[i] = plat_pages_alloc(1)) != NULL);
	CHECK(plat_pages_alloc(1) == NULL && stats().free == 0);
	for (size_t i = 0; i < n; i += 2)
		plat_pages_free(pg[i], 1);
	CHECK(mem_check() == (n + 1) / 2);
	CHECK(stats().largest_free == 1);
	CHECK(plat_pages_alloc(2) == NULL);	/* OOM changes nothing */
	CHECK(mem_check() == (n + 1) / 2);
	for (size_t i = 1; i < n; i += 2)
		plat_pages_free(pg[i], 1);
	free(pg);
	mmap_check_end();
	puts("ok checkerboard");
}

static bool zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

#define MERR(p) ((long)(intptr_t)(p))

static void test_mmap_args(void)
{
	heap(1024);
	size_t tot = stats().total;

	CHECK(MERR(plat_mmap(NULL, 0, RW, ANON, -1, 0)) == -22);
	CHECK(MERR(plat_mmap(NULL, PG, RW, MAP_ANONYMOUS, -1, 0)) == -22);
	CHECK(MERR(plat_mmap(NULL, PG, RW, ANON | 0xf, -1, 0)) == -22);
	char *s = plat_mmap(NULL, PG, RW | 8, ANON, -1, 0);	/* PROT_SEM */
	CHECK(MERR(s) > 0 && plat_mprotect(s, PG, 1 | 0x01000000) == 0);
	CHECK(plat_munmap(s, PG) == 0);
	/* PROT_EXEC (4): EACCES unless the memory is executable. */
	mmap_allow_exec(false);
	CHECK(MERR(plat_mmap(NULL, PG, RW | 4, ANON, -1, 0)) == -13);
	s = plat_mmap(NULL, PG, RW, ANON, -1, 0);
	CHECK(MERR(s) > 0 && plat_mprotect(s, PG, 1 | 4) == -13);
	mmap_allow_exec(true);
	CHECK(plat_mprotect(s, PG, 1 | 4) == 0);
	CHECK(plat_munmap(s, PG) == 0);
	s = plat_mmap(NULL, PG, RW | 4, ANON, -1, 0);
	CHECK(MERR(s) > 0 && plat_munmap(s, PG) == 0);
	mmap_allow_exec(false);
	CHECK(MERR(plat_mmap(NULL, PG, 16, ANON, -1, 0)) == -22);
	CHECK(MERR(plat_mmap(NULL, PG, RW, ANON, -1, 100)) == -22);
	CHECK(MERR(plat_mmap(NULL, PG, RW, ANON, 3, 0)) == -22);
	CHECK(MERR(plat_mmap(NULL, PG, RW, MAP_PRIVATE, 3, 0)) == -19);
	CHECK(MERR(plat_mmap(NULL, PG, RW, MAP_SHARED, 3, 0)) == -19);
	CHECK(MERR(plat_mmap(NULL, PG, RW, MAP_PRIVATE, -1, 0)) == -9);
	CHECK(MERR(plat_mmap(NULL, SIZE_MAX, RW, ANON, -1, 0)) == -12);
	CHECK(MERR(plat_mmap(NULL, (tot + 1) * PG, RW, ANON, -1, 0)) == -12);
	CHECK(plat_munmap(NULL, 0) == -22);
	CHECK(plat_munmap((void *)1, PG) == -22);
	CHECK(plat_munmap((void *)PG, SIZE_MAX) == -22);
	CHECK(plat_munmap((void *)(UINTPTR_MAX & ~(PG - 1)), 2 * PG) == -22);
	CHECK(plat_mprotect((void *)1, PG, RW) == -22);
	CHECK(plat_mprotect(arena, PG, 16) == -22);
	CHECK(plat_mprotect(arena, 0, RW) == 0);
	CHECK(plat_mprotect((void *)PG, PG, RW) == -12);	/* outside */
	CHECK(plat_mprotect(arena, PG, RW) == -12);		/* unmapped */
	/* Unmapping nothing, or outside the heap, is fine and does nothing. */
	CHECK(plat_munmap((void *)PG, PG) == 0);
	CHECK(plat_munmap(arena, arena_size) == 0);
	CHECK(plat_munmap((void *)PG, (uintptr_t)arena + arena_size) == 0);
	/* Shared anonymous is private here; len is rounded up. */
	char *p = plat_mmap(NULL, 1, 1, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(MERR(p) > 0 && zero(p, PG));
	CHECK(stats().free == tot - 1);
	CHECK(plat_munmap(p, 1) == 0);
	p = plat_mmap(NULL, tot * PG, RW, ANON, -1, 0);
	CHECK(MERR(p) > 0);
	CHECK(MERR(plat_mmap(NULL, PG, RW, ANON, -1, 0)) == -12);
	CHECK(plat_munmap(p, tot * PG) == 0);
	mmap_check_end();
	puts("ok mmap-args");
}

static void test_mmap_semantics(void)
{
	heap(1024);
	size_t tot = stats().total;
	char *k = plat_pages_alloc(4);	/* "the kernel's RAM" */

	memset(k, 0x11, 4 * PG);
	/* munmap never frees what plat_pages_alloc gave out. */
	CHECK(plat_munmap(k, 4 * PG) == 0);
	CHECK(stats().free == tot - 4 && k[0] == 0x11);
	CHECK(plat_mprotect(k, PG, 1) == -12);

	/* Partial munmap splits a mapping. */
	char *m = plat_mmap(NULL, 10 * PG, RW, ANON, -1, 0);
	CHECK(MERR(m) > 0 && zero(m, 10 * PG));
	memset(m, 0x22, 10 * PG);
	CHECK(plat_munmap(m + 3 * PG, 3 * PG - 100) == 0);	/* rounds up */
	CHECK(stats().free == tot - 4 - 7);
	CHECK(plat_mprotect(m, 10 * PG, 1) == -12);
	CHECK(plat_mprotect(m + 2 * PG, 2 * PG, 1) == -12);
	CHECK(plat_mprotect(m, 3 * PG, 1) == 0);
	CHECK(plat_mprotect(m + 6 * PG, 4 * PG, 0) == 0);
	CHECK(m[0] == 0x22 && m[2 * PG] == 0x22 && m[6 * PG] == 0x22);
	/* Unmapping across the hole and beyond the mapping. */
	CHECK(plat_munmap(m + PG, 7 * PG) == 0);
	CHECK(stats().free == tot - 4 - 3);
	CHECK(m[0] == 0x22 && m[8 * PG] == 0x22 && m[9 * PG + PG - 1] == 0x22);
	CHECK(plat_munmap(m - 16 * PG, 40 * PG) == 0);
	CHECK(stats().free == tot - 4);

	/* MAP_FIXED inside a mapping replaces (zeroes) just that part. */
	m = plat_mmap(NULL, 8 * PG, RW, ANON, -1, 0);
	memset(m, 0x33, 8 * PG);
	char *f = plat_mmap(m + 3 * PG, 2 * PG, 1, ANON | MAP_FIXED, -1, 0);
	CHECK(f == m + 3 * PG && zero(f, 2 * PG));
	CHECK(m[3 * PG - 1] == 0x33 && m[5 * PG] == 0x33);
	CHECK(stats().free == tot - 4 - 8);
	CHECK(MERR(plat_mmap(m + 1, PG, RW, ANON | MAP_FIXED, -1, 0)) == -22);
	/* ... not over someone else's pages or outside the heap ... */
	CHECK(MERR(plat_mmap(k, PG, RW, ANON | MAP_FIXED, -1, 0)) == -12);
	CHECK(MERR(plat_mmap(k - PG, 2 * PG, RW, ANON | MAP_FIXED, -1, 0)) ==
	      -12);
	CHECK(MERR(plat_mmap((void *)PG, PG, RW, ANON | MAP_FIXED, -1, 0)) ==
	      -12);
	CHECK(MERR(plat_mmap((char *)arena + arena_size, PG, RW,
			     ANON | MAP_FIXED, -1, 0)) == -12);
	CHECK(k[0] == 0x11 && stats().free == tot - 4 - 8);
	/* ... over free pages next to it it is a new mapping ... */
	f = plat_mmap(m + 6 * PG, 4 * PG, RW, ANON | MAP_FIXED, -1, 0);
	if (MERR(f) > 0) {
		CHECK(f == m + 6 * PG && zero(f, 4 * PG));
		CHECK(stats().free == tot - 4 - 10);
	} else {
		CHECK(MERR(f) == -12);	/* m + 8 pages not free */
	}
	/* ... and NOREPLACE refuses mapped pages. */
	CHECK(MERR(plat_mmap(m, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0)) ==
	      -17);
	CHECK(plat_munmap(m, 10 * PG) == 0);
	CHECK(stats().free == tot - 4);

	/* A free, aligned hint is honoured; a taken one is not. */
	char *h = (char *)mbase + 100 * PG;
	CHECK(plat_mmap(h, 2 * PG, RW, ANON, -1, 0) == h);
	char *h2 = plat_mmap(h, PG, RW, ANON, -1, 0);
	CHECK(MERR(h2) > 0 && h2 != h);
	CHECK(plat_mmap(h + 2 * PG, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1,
			0) == h + 2 * PG);
	CHECK(plat_munmap(h, 3 * PG) == 0 && plat_munmap(h2, PG) == 0);

	plat_pages_free(k, 4);
	mmap_check_end();
	puts("ok mmap-semantics");
}

/* Dirty reuse: every mapping is zero however its pages were used. */
static void test_mmap_zero(void)
{
	heap(4096);
	model_init();
	struct { char *p; size_t n; } m[64] = { 0 };

	for (unsigned op = 0; op < 20000; op++) {
		unsigned i = (unsigned)rnd_below(64);

		if (m[i].p) {
			if (rnd_below(4) == 0 && m[i].n > 1) {
				/* Unmap the upper part only. */
				size_t keep = 1 + rnd_below(m[i].n - 1);

				CHECK(plat_munmap(m[i].p + keep * PG,
						  (m[i].n - keep) * PG) == 0);
				m[i].n = keep;
			} else {
				CHECK(plat_munmap(m[i].p, m[i].n * PG) == 0);
				m[i].p = NULL;
			}
			continue;
		}
		size_t n = rnd_size(256);
		char *p = plat_mmap(NULL, n * PG, RW, ANON, -1, 0);

		if (MERR(p) == -12)
			continue;
		CHECK(MERR(p) > 0 && zero(p, n * PG));
		memset(p, 0xa5, n * PG);
		/* Mixed allocators in one heap. */
		if (rnd_below(8) == 0) {
			void *q = plat_pages_alloc(n);

			if (q) {
				memset(q, 0x5a, n * PG);
				plat_pages_free(q, n);
			}
		}
		m[i].p = p;
		m[i].n = n;
	}
	for (unsigned i = 0; i < 64; i++)
		if (m[i].p)
			CHECK(plat_munmap(m[i].p, m[i].n * PG) == 0);
	mmap_check_end();
	puts("ok mmap-zero-after-reuse");
}

static void test_brk(void)
{
	heap(1024);
	size_t tot = stats().total;
	uintptr_t b0 = plat_brk(0);

	/* The initial break is the bottom of the heap. */
	CHECK(b0 == mbase);
	CHECK(plat_brk(b0 - 1) == b0);
	CHECK(plat_brk(b0 + 3 * PG + 100) == b0 + 3 * PG + 100);
	CHECK(stats().free == tot - 4);
	CHECK(zero((void *)b0, 4 * PG));
	memset((void *)b0, 0x44, 3 * PG + 100);
	/* Within the last page: no new pages. */
	CHECK(plat_brk(b0 + 4 * PG) == b0 + 4 * PG);
	CHECK(stats().free == tot - 4);
	/* Shrink frees, regrowth is zeroed. */
	CHECK(plat_brk(b0 + PG) == b0 + PG);
	CHECK(stats().free == tot - 1);
	CHECK(plat_brk(b0 + 2 * PG) == b0 + 2 * PG);
	CHECK(zero((void *)(b0 + PG), PG));
	CHECK(plat_mprotect((void *)b0, 2 * PG, 1) == 0);
	/* A mapping in the way: the old break comes back. */
	char *f = plat_mmap((void *)(b0 + 5 * PG), PG, RW,
			    ANON | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(f == (char *)(b0 + 5 * PG));
	CHECK(plat_brk(b0 + 6 * PG) == b0 + 2 * PG);
	CHECK(plat_brk(b0 + 5 * PG) == b0 + 5 * PG);
	CHECK(plat_brk(b0 + 5 * PG + 1) == b0 + 5 * PG);
	CHECK(plat_brk(mbase + arena_size * 2) == b0 + 5 * PG);
	CHECK(plat_munmap(f, PG) == 0);
	CHECK(plat_brk(b0 + 6 * PG) == b0 + 6 * PG);
	CHECK(plat_brk(b0) == b0);
	CHECK(stats().free == tot);
	/* The break grows into everything below the rest. */
	void *top = plat_pages_alloc(10);
	size_t room = stats().free;
	CHECK(plat_brk(b0 + room * PG) == b0 + room * PG);
	CHECK(stats().free == 0);
	CHECK(plat_brk(b0 + room * PG + 1) == b0 + room * PG);
	CHECK(plat_brk(b0) == b0);
	plat_pages_free(top, 10);
	mmap_check_end();
	puts("ok brk");
}

int main(int argc, char **argv)
{
	if (argc > 1)
		rng = strtoull(argv[1], NULL, 0) | 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("seed %llu\n", (unsigned long long)rng);
	test_basic();
	test_misuse();
	test_stress(2048, 40000);
	test_stress(8192, 20000);
	test_checkerboard();
	test_mmap_args();
	test_mmap_semantics();
	test_mmap_zero();
	test_brk();
	free(arena);
	free(owned);
	free(live);
	puts("SUCCESS");
	return 0;
}
