/* SPDX-License-Identifier: ISC */
/*
 * start.c: solo5_app_main, where the unikernel starts: memory, the main
 * thread, the CSPRNG, the console descriptors, then argv and envp from
 * the command line for plat_main. Its return is the exit status.
 */
#include "io.h"
#include "cmdline.h"
#include "nablux_spt.h"
#include "pages.h"

NABLUX_SPT_OPT_IN_EXEC_HEAP;

extern const char _stext[], _etext[], _erodata[], _end[];
static uintptr_t mem_top;

void plat_memory_bounds(uintptr_t *lo, uintptr_t *hi)
{
	*lo = (uintptr_t)_stext;
	*hi = mem_top;
}

void plat_mem_maps(void (*fn)(void *arg, uintptr_t lo, uintptr_t hi, int prot,
			      int kind),
		   void *arg)
{
	/* The segments of spt.lds: text, rodata, data and bss. */
	fn(arg, (uintptr_t)_stext, (uintptr_t)_etext, PROT_READ | PROT_EXEC,
	   PLAT_MAP_IMAGE);
	fn(arg, (uintptr_t)_etext, (uintptr_t)_erodata, PROT_READ,
	   PLAT_MAP_IMAGE);
	fn(arg, (uintptr_t)_erodata, (uintptr_t)_end,
	   PROT_READ | PROT_WRITE, PLAT_MAP_IMAGE);
	mmap_walk(fn, arg);
}

int solo5_app_main(const struct solo5_start_info *si)
{
	struct cmdline cl;
	size_t chars, ptrs;

	/* The initial stack starts just below the end of guest memory
	 * (which is page aligned): this frame is in its last page. */
	mem_top = ((uintptr_t)__builtin_frame_address(0) + PLAT_PAGE_SIZE) &
		  ~(uintptr_t)(PLAT_PAGE_SIZE - 1);

	mem_init(si->heap_start, si->heap_size);
	mmap_allow_exec(nablux_spt_exec_heap());
	sched_init();
	random_init();
	preempt_init();
	fd_init();

	cmdline_size(si->cmdline, &chars, &ptrs);
	size_t bytes = ptrs * sizeof(char *) + chars;
	char **vec = plat_pages_alloc((bytes + PLAT_PAGE_SIZE - 1) /
				      PLAT_PAGE_SIZE);
	if (vec == NULL)
		plat_panic("no memory for the command line");
	cmdline_parse(si->cmdline, (char *)(vec + ptrs), vec, &cl);

	plat_exit(plat_main(cl.argc, cl.argv, cl.envp));
}
