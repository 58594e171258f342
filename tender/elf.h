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

/* Check the ELF header and program headers: 64-bit little-endian x86_64
 * ET_EXEC, sane phdr table, every PT_LOAD inside the file and inside
 * [min_base, mem_size), no two PT_LOADs overlapping, none both writable and
 * executable, entry point inside an executable segment. */
int elf_check(int fd, uint64_t mem_size, uint64_t min_base,
	      char why[WHY_SIZE]);

/* elf_check(), then copy every PT_LOAD to host address mem + p_vaddr (mem
 * is the host address of guest address 0), zero the rest of p_memsz and
 * apply the segment permissions with mprotect(). (*p_end) is the
 * page-aligned end of the highest segment. */
int elf_load(int fd, uintptr_t mem, uint64_t mem_size, uint64_t min_base,
	     uint64_t *p_entry, uint64_t *p_end, char why[WHY_SIZE]);

/* Find the one "Solo5" note of (type) in the PT_NOTE segments and return a
 * malloc'd copy of its descriptor, from its first byte that is
 * (align)-aligned relative to the start of the note (as in the C struct
 * that declares the note), in
 * (*out), (*out_size) bytes. The descriptor must hold at least min_size and
 * at most max_size bytes (internal padding included). Missing, duplicated
 * or malformed notes are refused. */
int elf_load_note(int fd, uint32_t type, size_t align, size_t min_size,
		  size_t max_size, void **out, size_t *out_size,
		  char why[WHY_SIZE]);

#endif /* NABLUX_TENDER_ELF_H */
