/* SPDX-License-Identifier: ISC */
/*
 * mem_mmap: anonymous memory on nablux-spt (run with --mem=1024): a
 * 512 MiB "kernel RAM" region and a 256 MiB application mapping side by
 * side; mappings are zero when fresh and after dirty reuse (by mmap and
 * by plat_pages_alloc); partial munmap, mprotect, MAP_FIXED and brk; and
 * no leak at the end.
 */
#include "tutil.h"

#define MiB (1UL << 20)

static int all_zero(const void *p, size_t len)
{
	const uint64_t *w = p;

	for (size_t i = 0; i < len / 8; i++)
		if (w[i])
			return 0;
	return 1;
}

static void put_ms(const char *what, uint64_t ns)
{
	out(what);
	out(" ");
	out_u(ns / 1000);
	out(" us\n");
}

int plat_main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	struct plat_mem_stats st0 = stats();

	out_stats("start", st0);
	CHECK(st0.free * PLAT_PAGE_SIZE > 800 * MiB);

	/* The kernel's RAM: one big region from the page allocator. */
	uint8_t *ram = plat_pages_alloc(512 * MiB / PLAT_PAGE_SIZE);
	CHECK(ram != NULL);
	memset(ram, 0xee, 512 * MiB);

	/* A fresh 256 MiB mapping: zero, and no zeroing needed for it. */
	uint64_t t = now();
	uint8_t *m = plat_mmap(NULL, 256 * MiB, RW, ANON, -1, 0);
	put_ms("mmap 256 MiB, never-used pages", now() - t);
	CHECK(MERR(m) > 0);
	CHECK(m + 256 * MiB <= ram || m >= ram + 512 * MiB);
	CHECK(all_zero(m, 256 * MiB));
	memset(m, 0xa5, 256 * MiB);
	CHECK(plat_munmap(m, 256 * MiB) == 0);

	/* The same pages again, dirty now: zeroed by mmap. */
	t = now();
	uint8_t *m2 = plat_mmap(NULL, 256 * MiB, RW, ANON, -1, 0);
	put_ms("mmap 256 MiB, reused pages", now() - t);
	CHECK(MERR(m2) > 0 && m2 == m);
	CHECK(all_zero(m2, 256 * MiB));

	/* Partial munmap of the middle; mprotect sees the hole. */
	memset(m2, 0x11, 256 * MiB);
	size_t before = stats().free;
	CHECK(plat_munmap(m2 + 100 * MiB, 1 * MiB) == 0);
	CHECK(stats().free == before + MiB / PLAT_PAGE_SIZE);
	CHECK(plat_mprotect(m2, 256 * MiB, 1) == -12);
	CHECK(plat_mprotect(m2, 100 * MiB, 1) == 0);
	CHECK(plat_mprotect(m2 + 101 * MiB, 155 * MiB, 1) == 0);
	CHECK(m2[100 * MiB - 1] == 0x11 && m2[101 * MiB] == 0x11);
	/* MAP_FIXED into the hole and over a mapped part: zeroed. */
	CHECK(plat_mmap(m2 + 99 * MiB, 2 * MiB, RW, ANON | 0x10, -1, 0) ==
	      m2 + 99 * MiB);
	CHECK(all_zero(m2 + 99 * MiB, 2 * MiB) && m2[101 * MiB] == 0x11);
	CHECK(stats().free == before);
	/* Never over the kernel's RAM. */
	CHECK(MERR(plat_mmap(ram, MiB, RW, ANON | 0x10, -1, 0)) == -12);
	CHECK(plat_munmap(ram, 512 * MiB) == 0 && ram[0] == 0xee);
	CHECK(plat_munmap(m2, 256 * MiB) == 0);

	/* Dirty pages from plat_pages_alloc come back zeroed by mmap. */
	plat_pages_free(ram, 512 * MiB / PLAT_PAGE_SIZE);
	uint8_t *m3 = plat_mmap(NULL, 600 * MiB, RW, ANON, -1, 0);
	CHECK(MERR(m3) > 0 && all_zero(m3, 600 * MiB));
	CHECK(plat_munmap(m3, 600 * MiB) == 0);

	/* brk grows from the bottom of the heap, zeroed after reuse. */
	uintptr_t b0 = plat_brk(0);
	CHECK(plat_brk(b0 + 8 * MiB) == b0 + 8 * MiB);
	memset((void *)b0, 0x77, 8 * MiB);
	CHECK(plat_brk(b0 + MiB) == b0 + MiB);
	CHECK(plat_brk(b0 + 8 * MiB) == b0 + 8 * MiB);
	CHECK(all_zero((void *)(b0 + MiB), 7 * MiB));
	CHECK(*(uint8_t *)b0 == 0x77);
	CHECK(plat_brk(b0) == b0);

	struct plat_mem_stats st = stats();

	out_stats("end", st);
	CHECK(st.free == st0.free && st.largest_free == st0.largest_free);
	CHECK(mem_check() == 1);
	out("SUCCESS\n");
	return 0;
}
