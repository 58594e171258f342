/* SPDX-License-Identifier: ISC */
/*
 * mem.c: the memory layout handed to the application.
 *
 * Guest memory is [0, mem_size). The executable ends at the larger of
 * the tender's kernel_end and our _end; the heap runs from there, page
 * aligned, to STACK_RESERVE below mem_size, where the initial stack is.
 * Whether it is executable, the tender says if asked (nablux_spt_abi.h).
 */
#include "bindings.h"
#include "nablux_spt.h"
#include "nablux_spt_abi.h"

/* From spt.lds. */
extern char _stext[], _etext[], _erodata[], _edata[], _end[];
extern const char nablux_spt_opt_exec_heap[] __attribute__((weak));

static bool exec_heap;

int nablux_spt_exec_heap(void)
{
	return exec_heap;
}

void mem_init(const struct spt_boot_info *bi, uintptr_t *heap_start,
	      size_t *heap_size)
{
	uint64_t mem_size = bi->mem_size;
	uint64_t start = (uintptr_t)_end;

	if (bi->kernel_end > start)
		start = bi->kernel_end;
	start = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	if (mem_size < STACK_RESERVE ||
	    start + HEAP_MIN > mem_size - STACK_RESERVE)
		bindings_panic("Not enough memory");
	uint64_t end = (mem_size - STACK_RESERVE) & ~(PAGE_SIZE - 1);
	uint32_t answer;

	memcpy(&answer, bi + 1, sizeof(answer));
	exec_heap = (uintptr_t)nablux_spt_opt_exec_heap &&
		    answer == NABLUX_EXEC_HEAP_MAGIC;

	log(INFO, "Solo5: Memory map: %lu MB addressable:\n",
	    (unsigned long)(mem_size >> 20));
	log(INFO, "Solo5:   reserved @ (0x0 - 0x%lx)\n",
	    (unsigned long)_stext - 1);
	log(INFO, "Solo5:       text @ (0x%lx - 0x%lx)\n",
	    (unsigned long)_stext, (unsigned long)_etext - 1);
	log(INFO, "Solo5:     rodata @ (0x%lx - 0x%lx)\n",
	    (unsigned long)_etext, (unsigned long)_erodata - 1);
	log(INFO, "Solo5:       data @ (0x%lx - 0x%lx)\n",
	    (unsigned long)_erodata, (unsigned long)_end - 1);
	log(INFO, "Solo5:       heap >= 0x%lx < 0x%lx <= stack < 0x%lx%s\n",
	    (unsigned long)start, (unsigned long)end,
	    (unsigned long)mem_size, exec_heap ? " (executable)" : "");

	*heap_start = start;
	*heap_size = end - start;
}
