/* SPDX-License-Identifier: ISC */
/*
 * bench_mem: page allocator and mmap figures, one "KEY VALUE" line each
 * (run with --mem=1024):
 *   alloc_free_small_ns        plat_pages_alloc + plat_pages_free, 1 page
 *   alloc_free_small_frag_ns   the same among 10000 one-page holes (best
 *                              fit takes a hole, the free puts it back)
 *   alloc_free_large_ns        the same, 64 MiB (no zeroing)
 *   mmap_munmap_1mib_ns        plat_mmap + plat_munmap of 1 MiB (the pages
 *                              are reused, so this includes zeroing 1 MiB)
 *   mmap_256mib_clean_us       first 256 MiB mmap (never-used pages: no
 *                              zeroing thanks to the clean-page tracking)
 *   mmap_256mib_dirty_us       256 MiB mmap of pages used before (zeroed)
 */
#include "tutil.h"

#define MiB (1UL << 20)

static uint64_t per(uint64_t t0, unsigned n)
{
	return (now() - t0) / n;
}

int plat_main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	uint64_t t;

	/* The clean figure first, while the heap is fresh. */
	t = now();
	uint8_t *m = plat_mmap(NULL, 256 * MiB, RW, ANON, -1, 0);
	uint64_t clean = now() - t;

	if (MERR(m) < 0)
		return 1;
	memset(m, 1, 256 * MiB);
	plat_munmap(m, 256 * MiB);
	t = now();
	m = plat_mmap(NULL, 256 * MiB, RW, ANON, -1, 0);
	uint64_t dirty = now() - t;

	if (MERR(m) < 0)
		return 1;
	plat_munmap(m, 256 * MiB);

	enum { SMALL = 2000000, LARGE = 200000, MMAPS = 5000 };
	t = now();
	for (unsigned i = 0; i < SMALL; i++)
		plat_pages_free(plat_pages_alloc(1), 1);
	figure("alloc_free_small_ns", per(t, SMALL));

	/* 10000 one-page holes (free extents) between allocated pages. */
	static void *hole[20000];

	for (unsigned i = 0; i < 20000; i++)
		hole[i] = plat_pages_alloc(1);
	for (unsigned i = 0; i < 20000; i += 2)
		plat_pages_free(hole[i], 1);
	t = now();
	for (unsigned i = 0; i < SMALL; i++)
		plat_pages_free(plat_pages_alloc(1), 1);
	figure("alloc_free_small_frag_ns", per(t, SMALL));
	for (unsigned i = 1; i < 20000; i += 2)
		plat_pages_free(hole[i], 1);

	t = now();
	for (unsigned i = 0; i < LARGE; i++)
		plat_pages_free(plat_pages_alloc(64 * MiB / PLAT_PAGE_SIZE),
				64 * MiB / PLAT_PAGE_SIZE);
	figure("alloc_free_large_ns", per(t, LARGE));

	t = now();
	for (unsigned i = 0; i < MMAPS; i++)
		plat_munmap(plat_mmap(NULL, MiB, RW, ANON, -1, 0), MiB);
	figure("mmap_munmap_1mib_ns", per(t, MMAPS));
	figure("mmap_256mib_clean_us", clean / 1000);
	figure("mmap_256mib_dirty_us", dirty / 1000);
	return mem_check() == 1 ? 0 : 1;
}
