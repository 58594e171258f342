/* SPDX-License-Identifier: ISC */
/*
 * elf.h: reading a Solo5 executable, which is hostile input.
 *
 * Every function checks what it reads against the file size and the
 * guest memory size and, on refusal, returns -1 with a one-line reason in
 * (why) and nothing allocated. Nothing here prints or exits, so the same
 * code serves nablux-spt, nablux-elftool and the fuzzer.
 */
#ifndef NABLUX_TENDER_ELF_H
#define NABLUX_TENDER_ELF_H

#include <stddef.h>
#include <stdint.h>

#define WHY_SIZE 256

/* Format a refusal into (why); returns -1 so callers can return it. */
int refuse(char why[WHY_SIZE], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Check the ELF header and program headers with Solo5's rules (see
 * tender/README.md): 64-bit little-endian x86_64 ET_EXEC, sane phdr
 * table, every PT_LOAD with file bytes inside the file, aligned inside
 * [min_base, mem_size), ascending, not overlapping, not both writable and
 * executable; memory-only PT_LOADs inside guest memory; entry point
 * inside an executable loaded segment. */
int elf_check(int fd, uint64_t mem_size, uint64_t min_base,
	      char why[WHY_SIZE]);

/* elf_check(), then map every PT_LOAD with file bytes privately from
 * (fd) at host address mem + p_vaddr (mem is the host address of guest
 * address 0), or copy it there where it cannot be mapped, and apply the
 * segment permissions with mprotect(). The rest of p_memsz, and
 * memory-only PT_LOADs, are fresh, zero guest memory. (*p_end) is the
 * page-aligned end of the highest segment. */
int elf_load(int fd, uintptr_t mem, uint64_t mem_size, uint64_t min_base,
	     uint64_t *p_entry, uint64_t *p_end, char why[WHY_SIZE]);

/* After elf_check(): the PF_R|PF_W|PF_X flags of the PT_LOAD with file
 * bytes whose memory holds [addr, addr + len), 0 if none does. */
int elf_segment_flags(int fd, uint64_t addr, uint64_t len,
		      char why[WHY_SIZE]);

/* Find the one "Solo5" note of (type) among the first notes of the
 * PT_NOTE segments and return a malloc'd copy of its descriptor, from its
 * first byte that is (align)-aligned relative to the start of the note
 * (as in the C struct that declares the note), in (*out), (*out_size)
 * bytes. The descriptor must hold at least min_size and at most max_size
 * bytes (internal padding included). A missing, duplicated or malformed
 * Solo5 note is refused; other notes are not read. */
int elf_load_note(int fd, uint32_t type, size_t align, size_t min_size,
		  size_t max_size, void **out, size_t *out_size,
		  char why[WHY_SIZE]);

/* The same for the one "nablux" note of (type) (include/nablux_spt_abi.h),
 * except that a file without one is fine: 0 with (*out) NULL. */
int elf_load_nablux_note(int fd, uint32_t type, size_t align,
			 size_t min_size, size_t max_size, void **out,
			 size_t *out_size, char why[WHY_SIZE]);

#endif /* NABLUX_TENDER_ELF_H */
