/* SPDX-License-Identifier: ISC */
/*
 * heap: solo5_start_info describes a page-aligned heap after the
 * executable and below the stack, all of it writable (one byte per page
 * is written and read back). run.sh runs it at several --mem sizes.
 */
#include "util.h"

extern char _end[];

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("heap");
	uintptr_t start = si->heap_start, end = start + si->heap_size;
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

	t_puts("heap ");
	t_putx(start);
	t_puts(" - ");
	t_putx(end);
	t_puts(" (");
	t_putu(si->heap_size >> 20);
	t_puts(" MiB), stack at ");
	t_putx(sp);
	t_puts("\n");
	T_CHECK(start % 4096 == 0 && si->heap_size % 4096 == 0);
	T_CHECK(start >= (uintptr_t)_end);
	T_CHECK(end > start && end < sp);
	T_CHECK(si->heap_size >= 512 * 1024);
	for (uintptr_t p = start; p < end; p += 4096)
		*(volatile uint64_t *)p = p;
	*(volatile uint8_t *)(end - 1) = 0x5a;
	for (uintptr_t p = start; p < end; p += 4096)
		T_CHECK(*(volatile uint64_t *)p == p);
	T_CHECK(*(volatile uint8_t *)(end - 1) == 0x5a);
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
