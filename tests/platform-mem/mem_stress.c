/* SPDX-License-Identifier: ISC */
/*
 * mem_stress: the page allocator on nablux-spt. Random sizes from 16 B to
 * 64 MiB (rounded to pages), content patterns written and verified, frees
 * (whole, upper or lower part) in random order, OOM when the heap is
 * exhausted (and with every last page taken), the allocator's self-check
 * along the way, and at the end no
 * leak: everything the platform had free at plat_main is free again, as
 * one run.
 *
 *   mem_stress.spt [OPS [SEED]]     (run with --mem=1024)
 */
#include "tutil.h"

#define SLOTS 128
#define MAX_SIZE (64UL << 20)

struct slot {
	uint8_t *base;		/* as allocated */
	size_t size;		/* bytes asked for */
	size_t lo, hi;		/* pages [lo, hi) still held */
	uint64_t tag;
};

static struct slot slot[SLOTS];

/* One word per stride (every word of small blocks), each naming its block
 * and offset, so overlap, a stray write or a moved page shows. */
static size_t stride(size_t size)
{
	return size <= 16384 ? 8 : 1024;
}

/* The words stop short of the last byte, which holds the tag. */
static void fill(struct slot *s)
{
	for (size_t o = 0; o + 8 < s->size; o += stride(s->size))
		*(uint64_t *)(s->base + o) = s->tag ^ o;
	s->base[s->size - 1] = (uint8_t)s->tag;
}

static int verify(const struct slot *s)
{
	size_t from = s->lo * PLAT_PAGE_SIZE, to = s->hi * PLAT_PAGE_SIZE;

	if (to > s->size)
		to = s->size;
	for (size_t o = from; o + 8 <= to && o + 8 < s->size;
	     o += stride(s->size))
		CHECK(*(uint64_t *)(s->base + o) == (s->tag ^ o));
	if (s->hi * PLAT_PAGE_SIZE >= s->size)
		CHECK(s->base[s->size - 1] == (uint8_t)s->tag);
	return 0;
}

static size_t pages(size_t size)
{
	return (size + PLAT_PAGE_SIZE - 1) / PLAT_PAGE_SIZE;
}

/* Log-uniform over 16 B .. 64 MiB. */
static size_t rnd_size(void)
{
	unsigned bits = 4 + (unsigned)(rnd() % 23);
	size_t s = ((size_t)1 << bits) + rnd() % ((size_t)1 << bits);

	return s > MAX_SIZE ? MAX_SIZE : s;
}

int plat_main(int argc, char **argv, char **envp)
{
	unsigned ops = argc > 1 ? (unsigned)atou(argv[1]) : 10000;
	unsigned nalloc = 0, noom = 0, npartial = 0;
	uint64_t tag = 0x5a5a000000000000ULL;
	size_t peak = 0;

	(void)envp;
	if (argc > 2)
		rng_state = atou(argv[2]) * 0x9e3779b97f4a7c15ULL | 1;
	struct plat_mem_stats st0 = stats();

	out_stats("start", st0);
	/* The heap is one run apart from what start-up took at its top. */
	CHECK(st0.total > 0 && st0.largest_free == st0.free);
	CHECK(mem_check() == 1);

	for (unsigned op = 0; op < ops; op++) {
		struct slot *s = &slot[rnd() % SLOTS];

		if (!s->base) {
			s->size = rnd_size();
			s->base = plat_pages_alloc(pages(s->size));
			if (!s->base) {
				/* Out of memory only when nothing fits. */
				CHECK(stats().largest_free < pages(s->size));
				noom++;
				continue;
			}
			s->lo = 0;
			s->hi = pages(s->size);
			s->tag = tag++ << 8;
			fill(s);
			nalloc++;
			size_t used = st0.free - stats().free;

			if (used > peak)
				peak = used;
			continue;
		}
		if (verify(s))
			return 1;
		size_t n = s->hi - s->lo;

		if (n > 1 && rnd() % 3 == 0) {
			/* Part of it: the upper or the lower pages. */
			size_t k = 1 + rnd() % (n - 1);

			if (rnd() & 1) {
				plat_pages_free(s->base + (s->lo + k) *
					PLAT_PAGE_SIZE, n - k);
				s->hi = s->lo + k;
			} else {
				plat_pages_free(s->base + s->lo *
					PLAT_PAGE_SIZE, k);
				s->lo += k;
			}
			npartial++;
			continue;
		}
		plat_pages_free(s->base + s->lo * PLAT_PAGE_SIZE, n);
		s->base = NULL;
		if (op % 256 == 0)
			mem_check();
	}
	out("extents at the end of the run: ");
	out_u(mem_check());
	out("\n");

	/* Out of memory changes nothing; then take every last page. */
	struct plat_mem_stats sto = stats();
	static void *rest[4096];
	unsigned nrest = 0;

	CHECK(plat_pages_alloc(sto.largest_free + 1) == NULL);
	CHECK(plat_pages_alloc(sto.total + 1) == NULL);
	struct plat_mem_stats st1 = stats();
	CHECK(st1.free == sto.free && st1.largest_free == sto.largest_free);
	while (stats().free && nrest < 4096) {
		size_t n = stats().largest_free;

		CHECK((rest[nrest] = plat_pages_alloc(n)) != NULL);
		*(uint64_t *)rest[nrest] = n;	/* remember the size */
		nrest++;
	}
	CHECK(stats().free == 0 && plat_pages_alloc(1) == NULL);
	CHECK(mem_check() == 0);
	while (nrest--)
		plat_pages_free(rest[nrest], *(uint64_t *)rest[nrest]);
	CHECK(stats().free == sto.free);
	for (unsigned i = 0; i < SLOTS; i++) {
		struct slot *s = &slot[i];

		if (!s->base)
			continue;
		if (verify(s))
			return 1;
		plat_pages_free(s->base + s->lo * PLAT_PAGE_SIZE, s->hi - s->lo);
	}
	struct plat_mem_stats st = stats();

	out_stats("end", st);
	out("allocations ");
	out_u(nalloc);
	out(", partial frees ");
	out_u(npartial);
	out(", out of memory ");
	out_u(noom);
	out(", peak ");
	out_u(peak * PLAT_PAGE_SIZE >> 20);
	out(" MiB\n");
	CHECK(nalloc > ops / 4 && npartial > 0);
	/* No leak, and the free memory is one run again. */
	CHECK(st.free == st0.free && st.largest_free == st0.largest_free);
	CHECK(st.total == st0.total && mem_check() == 1);
	out("SUCCESS\n");
	return 0;
}
