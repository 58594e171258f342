/* SPDX-License-Identifier: ISC */
/*
 * globals: initialised data, zeroed bss (small and multi-page), read-only
 * data and function-local statics all land where the linker script says.
 */
#include "util.h"

int data_int = 42;
long data_array[4] = { 1, 2, 3, 4 };
const char rodata_str[] = "read-only";
static int bss_int;
static char bss_big[3 * 4096 + 17];
extern char _stext[], _etext[], _erodata[], _edata[], _end[];

static int counter(void)
{
	static int n = 10;
	return n++;
}

int solo5_app_main(const struct solo5_start_info *si)
{
	t_banner("globals");
	T_CHECK(data_int == 42);
	T_CHECK(data_array[0] == 1 && data_array[3] == 4);
	T_CHECK(t_streq(rodata_str, "read-only"));
	T_CHECK(bss_int == 0);
	for (size_t i = 0; i < sizeof bss_big; i++)
		T_CHECK(bss_big[i] == 0);
	data_int++;
	bss_int = 7;
	bss_big[sizeof bss_big - 1] = 1;
	T_CHECK(data_int == 43 && bss_int == 7);
	T_CHECK(counter() == 10 && counter() == 11);
	/* Each kind where spt.lds puts it. */
	T_CHECK((uintptr_t)_stext == 0x100000);
	T_CHECK((char *)counter >= _stext && (char *)counter < _etext);
	/* Compare addresses, not arrays. */
	uintptr_t ro = (uintptr_t)rodata_str, bss = (uintptr_t)bss_big;
	T_CHECK(ro >= (uintptr_t)_etext && ro < (uintptr_t)_erodata);
	T_CHECK((char *)&data_int >= _erodata && (char *)&data_int < _edata);
	T_CHECK(bss >= (uintptr_t)_edata &&
		bss + sizeof bss_big <= (uintptr_t)_end);
	T_CHECK(si->heap_start >= (uintptr_t)_end);
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
