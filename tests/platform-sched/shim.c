/* SPDX-License-Identifier: ISC */
/*
 * shim.c: weak stand-ins for platform parts the scheduler's unikernel
 * tests need but other files own (start-up, page allocator). Whatever
 * the platform itself defines wins at link time, so the tests run on the
 * real thing as soon as it exists. Start-up here is minimal: memory,
 * scheduler, the command line split at blanks, plat_main().
 */
#include "internal.h"

#define WEAK __attribute__((weak))

static uintptr_t bump, bump_end;

WEAK void mem_init(uintptr_t heap_start, size_t heap_size)
{
	bump = (heap_start + PLAT_PAGE_SIZE - 1) & ~(PLAT_PAGE_SIZE - 1);
	bump_end = heap_start + heap_size;
}

/* A bump allocator: never reuses, enough for a test run. */
WEAK void *plat_pages_alloc(size_t npages)
{
	if (npages > (bump_end - bump) / PLAT_PAGE_SIZE)
		return NULL;
	void *p = (void *)bump;
	bump += npages * PLAT_PAGE_SIZE;
	return p;
}

WEAK void plat_pages_free(void *p, size_t npages)
{
	(void)p;
	(void)npages;
}

WEAK int solo5_app_main(const struct solo5_start_info *si)
{
	static char line[512];
	static char *argv[16];
	int argc = 0;
	size_t i;

	mem_init(si->heap_start, si->heap_size);
	sched_init();
	for (i = 0; si->cmdline[i] && i < sizeof(line) - 1; i++)
		line[i] = si->cmdline[i];
	line[i] = 0;
	for (char *p = line; *p && argc < 15;) {
		while (*p == ' ')
			*p++ = 0;
		if (*p == 0)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	argv[argc] = NULL;
	static char *envp[1];
	plat_exit(plat_main(argc, argv, envp));
}
