/* SPDX-License-Identifier: ISC */
/*
 * pages.h: what the page allocator (pages.c) offers the anonymous-memory
 * code (mmap.c) beyond platform.h, and the hook back into mmap.c.
 */
#ifndef NABLUX_PLATFORM_PAGES_H
#define NABLUX_PLATFORM_PAGES_H

#include <stdbool.h>

#include "internal.h"

#define PAGE_SHIFT 12
#define PAGE_MASK (PLAT_PAGE_SIZE - 1)

/* mem_alloc flags */
#define MEM_ZERO 1	/* contents zeroed (only pages not known clean) */

/* Best fit (smallest free run that fits, lowest address on ties), taken
 * from the top of that run. NULL when nothing fits. */
void *mem_alloc(size_t npages, int flags);
/* Exactly [addr, addr + npages pages); NULL unless all of it is free. */
void *mem_alloc_at(uintptr_t addr, size_t npages, int flags);
/* Whether all of [addr, addr + npages pages) is free. */
bool mem_is_free(uintptr_t addr, size_t npages);
/* The pages the allocator manages: [*base, *base + *npages pages). */
void mem_range(uintptr_t *base, size_t *npages);
/* Check every internal invariant (tree order and balance, full
 * coalescing, counts); plat_panic()s on a violation. Returns the number
 * of free extents. For tests. */
size_t mem_check(void);

/* Protections, Linux x86_64 values (mmap.c, plat_mem_maps). */
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4

/* mmap.c: set up the mapping records over the allocator's range. Called
 * by mem_init() once the allocator works. */
void mmap_init(uintptr_t base, size_t npages);
/* Whether PROT_EXEC is granted (the memory is executable) or refused
 * with EACCES, as Linux refuses what a security policy forbids. */
void mmap_allow_exec(bool allow);
/* plat_mem_maps' runs of mapped pages, after the image's. */
void mmap_walk(void (*fn)(void *arg, uintptr_t lo, uintptr_t hi, int prot,
			  int kind),
	       void *arg);

#endif /* NABLUX_PLATFORM_PAGES_H */
