/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linked with -r: the result is an object for the host's linker, so every
 * boundary symbol that code uses is defined inside an output section.
 */
/*
 * Nothing makes "read-only after init" data read-only in a library
 * kernel, and it is written during init: keep it out of .rodata (which a
 * unikernel maps read-only) and in .data.
 */
#define RO_AFTER_INIT_DATA
#include <asm-generic/vmlinux.lds.h>
#include <asm/thread_info.h>
#include <asm/page.h>
#include <asm/cache.h>

OUTPUT_FORMAT("elf64-x86-64")

jiffies = jiffies_64;

SECTIONS
{
	.text : {
		_stext = .;
		_text = .;
		TEXT_TEXT
		SCHED_TEXT
		LOCK_TEXT
		CPUIDLE_TEXT
		HEAD_TEXT
		_etext = .;
	}

	. = ALIGN(PAGE_SIZE);
	__init_begin = .;
	INIT_TEXT_SECTION(PAGE_SIZE)
	INIT_DATA_SECTION(16)
	PERCPU_SECTION(L1_CACHE_BYTES)
	__init_end = .;

	RO_DATA(PAGE_SIZE)

	. = ALIGN(PAGE_SIZE);
	.data : {
		_sdata = .;
		INIT_TASK_DATA(THREAD_SIZE)
		NOSAVE_DATA
		PAGE_ALIGNED_DATA(PAGE_SIZE)
		CACHELINE_ALIGNED_DATA(L1_CACHE_BYTES)
		READ_MOSTLY_DATA(L1_CACHE_BYTES)
		. = ALIGN(8);
		__start_ro_after_init = .;
		*(.data..ro_after_init)
		JUMP_TABLE_DATA
		STATIC_CALL_DATA
		__end_ro_after_init = .;
		DATA_DATA
		CONSTRUCTORS
		_edata = .;
	}

	EXCEPTION_TABLE(16)
	NOTES

	.bss : {
		__bss_start = .;
		*(.bss..page_aligned)
		*(.dynbss)
		*(BSS_MAIN)
		*(COMMON)
		__bss_stop = .;
		_end = .;
	}

	STABS_DEBUG
	DWARF_DEBUG

	DISCARDS
}
