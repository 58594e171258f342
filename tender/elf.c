/* SPDX-License-Identifier: ISC */
/*
 * elf.c: checking, loading and reading notes from a Solo5 executable.
 *
 * The file is hostile: every offset and size is checked against the file
 * size, every address against guest memory, with 64-bit arithmetic on
 * 32/64-bit fields so that nothing can wrap. Each refusal says what is
 * wrong in words.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"

#define PAGE_SIZE 4096ULL
#define MAX_PHDRS 64		/* a Solo5 executable has fewer than 16 */
#define MAX_NOTE_SEGMENT (64 * 1024)

int refuse(char why[WHY_SIZE], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, WHY_SIZE, fmt, ap);
	va_end(ap);
	return -1;
}

static uint64_t page_down(uint64_t a) { return a & ~(PAGE_SIZE - 1); }
static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

/* Read exactly (len) bytes at (off); a short read means a truncated file. */
static int read_at(int fd, void *buf, size_t len, uint64_t off,
		   char why[WHY_SIZE], const char *what)
{
	uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return refuse(why, "reading %s: %s", what,
				      strerror(errno));
		if (n == 0)
			return refuse(why, "file truncated in %s", what);
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHDRS];
	uint64_t file_size;
};

static int read_headers(int fd, struct image *im, char why[WHY_SIZE])
{
	struct stat st;
	const Elf64_Ehdr *eh = &im->eh;

	if (fstat(fd, &st) < 0)
		return refuse(why, "fstat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse(why, "not a regular file");
	im->file_size = (uint64_t)st.st_size;
	if (im->file_size < sizeof(Elf64_Ehdr))
		return refuse(why, "file too short for an ELF header "
			      "(%llu bytes)", (unsigned long long)im->file_size);
	if (read_at(fd, &im->eh, sizeof(im->eh), 0, why, "the ELF header"))
		return -1;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return refuse(why, "not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return refuse(why, "not a 64-bit ELF file (class %u)",
			      eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return refuse(why, "not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return refuse(why, "unknown ELF version");
	if (eh->e_machine != EM_X86_64)
		return refuse(why, "not an x86_64 executable (machine %u)",
			      eh->e_machine);
	if (eh->e_type == ET_DYN)
		return refuse(why, "position-independent executable (ET_DYN); "
			      "spt needs a static ET_EXEC");
	if (eh->e_type != ET_EXEC)
		return refuse(why, "not an executable (ELF type %u)",
			      eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return refuse(why, "bad program header size %u", eh->e_phentsize);
	if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHDRS)
		return refuse(why, "bad program header count %u (1..%u)",
			      eh->e_phnum, MAX_PHDRS);
	if (eh->e_phoff > im->file_size ||
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) >
	    im->file_size - eh->e_phoff)
		return refuse(why, "program headers lie outside the file");
	return read_at(fd, im->ph, eh->e_phnum * sizeof(Elf64_Phdr),
		       eh->e_phoff, why, "the program headers");
}

static int check_loads(const struct image *im, uint64_t mem_size,
		       uint64_t min_base, char why[WHY_SIZE])
{
	const Elf64_Ehdr *eh = &im->eh;
	bool entry_ok = false;
	unsigned loads = 0;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];

		if (p->p_type != PT_LOAD)
			continue;
		loads++;
		if (p->p_offset > im->file_size ||
		    p->p_filesz > im->file_size - p->p_offset)
			return refuse(why, "segment %u lies outside the file", i);
		if (p->p_filesz > p->p_memsz)
			return refuse(why, "segment %u: file size exceeds memory "
				      "size", i);
		if (p->p_vaddr < min_base)
			return refuse(why, "segment %u at %#llx is below the "
				      "lowest guest address %#llx", i,
				      (unsigned long long)p->p_vaddr,
				      (unsigned long long)min_base);
		if (p->p_vaddr >= mem_size || p->p_memsz > mem_size - p->p_vaddr ||
		    page_up(p->p_vaddr + p->p_memsz) > mem_size)
			return refuse(why, "segment %u (%#llx, %llu bytes) does "
				      "not fit in guest memory (%llu MiB)", i,
				      (unsigned long long)p->p_vaddr,
				      (unsigned long long)p->p_memsz,
				      (unsigned long long)(mem_size >> 20));
		if ((p->p_flags & PF_W) && (p->p_flags & PF_X))
			return refuse(why, "segment %u is both writable and "
				      "executable", i);
		for (unsigned j = 0; j < i; j++) {
			const Elf64_Phdr *q = &im->ph[j];

			if (q->p_type != PT_LOAD)
				continue;
			/* Page granularity: mprotect() of one would change
			 * the other. */
			if (page_down(p->p_vaddr) < page_up(q->p_vaddr + q->p_memsz) &&
			    page_down(q->p_vaddr) < page_up(p->p_vaddr + p->p_memsz))
				return refuse(why, "segments %u and %u overlap",
					      j, i);
		}
		if ((p->p_flags & PF_X) && eh->e_entry >= p->p_vaddr &&
		    eh->e_entry - p->p_vaddr < p->p_memsz)
			entry_ok = true;
	}
	if (loads == 0)
		return refuse(why, "no loadable segment");
	if (!entry_ok)
		return refuse(why, "entry point %#llx is not in an executable "
			      "segment", (unsigned long long)eh->e_entry);
	return 0;
}

int elf_check(int fd, uint64_t mem_size, uint64_t min_base,
	      char why[WHY_SIZE])
{
	struct image im;

	if (read_headers(fd, &im, why))
		return -1;
	return check_loads(&im, mem_size, min_base, why);
}

int elf_load(int fd, uintptr_t mem, uint64_t mem_size, uint64_t min_base,
	     uint64_t *p_entry, uint64_t *p_end, char why[WHY_SIZE])
{
	struct image im;
	uint64_t end = 0;

	if (read_headers(fd, &im, why) ||
	    check_loads(&im, mem_size, min_base, why))
		return -1;
	for (unsigned i = 0; i < im.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &im.ph[i];
		uint8_t *dst = (uint8_t *)(mem + p->p_vaddr);
		int prot = 0;

		if (p->p_type != PT_LOAD)
			continue;
		if (read_at(fd, dst, p->p_filesz, p->p_offset, why,
			    "a loadable segment"))
			return -1;
		memset(dst + p->p_filesz, 0, p->p_memsz - p->p_filesz);
		if (p->p_flags & PF_R)
			prot |= PROT_READ;
		if (p->p_flags & PF_W)
			prot |= PROT_WRITE;
		if (p->p_flags & PF_X)
			prot |= PROT_EXEC;
		uint64_t lo = page_down(p->p_vaddr);
		uint64_t hi = page_up(p->p_vaddr + p->p_memsz);
		if (mprotect((void *)(mem + lo), hi - lo, prot) < 0)
			return refuse(why, "mprotect of segment %u: %s", i,
				      strerror(errno));
		if (hi > end)
			end = hi;
	}
	*p_entry = im.eh.e_entry;
	*p_end = end;
	return 0;
}

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

int elf_load_note(int fd, uint32_t type, size_t align, size_t min_size,
		  size_t max_size, void **out, size_t *out_size,
		  char why[WHY_SIZE])
{
	struct image im;
	uint64_t found_off = 0, found_size = 0;
	unsigned found = 0;
	char tname[5];

	memcpy(tname, &type, 4);
	tname[4] = 0;
	*out = NULL;
	*out_size = 0;
	if (read_headers(fd, &im, why))
		return -1;
	for (unsigned i = 0; i < im.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &im.ph[i];
		/* Notes in a segment aligned to 8 are padded to 8 (as
		 * .note.gnu.property is); otherwise to 4. */
		uint64_t pad = p->p_align == 8 ? 8 : 4;
		uint8_t *seg;
		uint64_t pos = 0;

		if (p->p_type != PT_NOTE)
			continue;
		if (p->p_offset > im.file_size ||
		    p->p_filesz > im.file_size - p->p_offset)
			return refuse(why, "note segment %u lies outside the "
				      "file", i);
		if (p->p_filesz > MAX_NOTE_SEGMENT)
			return refuse(why, "note segment %u is too large "
				      "(%llu bytes)", i,
				      (unsigned long long)p->p_filesz);
		seg = malloc(p->p_filesz ? p->p_filesz : 1);
		if (seg == NULL)
			return refuse(why, "out of memory");
		if (read_at(fd, seg, p->p_filesz, p->p_offset, why,
			    "a note segment")) {
			free(seg);
			return -1;
		}
		while (pos < p->p_filesz) {
			Elf64_Nhdr nh;
			uint64_t left = p->p_filesz - pos;

			if (left < sizeof(nh)) {
				free(seg);
				return refuse(why, "truncated note header in "
					      "segment %u", i);
			}
			memcpy(&nh, seg + pos, sizeof(nh));
			uint64_t name_len = align_up(nh.n_namesz, pad);
			uint64_t desc_len = align_up(nh.n_descsz, pad);
			if (name_len + desc_len > left - sizeof(nh)) {
				free(seg);
				return refuse(why, "note in segment %u runs past "
					      "its segment", i);
			}
			const char *name = (const char *)seg + pos + sizeof(nh);
			uint64_t desc = pos + sizeof(nh) + name_len;
			if (nh.n_type == type && nh.n_namesz == 6 &&
			    memcmp(name, "Solo5", 6) == 0) {
				if (++found > 1) {
					free(seg);
					return refuse(why, "more than one Solo5 "
						      "'%s' note", tname);
				}
				/* The descriptor's content starts where the C
				 * declaration { header; content } puts it: at
				 * the first (align)-aligned offset from the
				 * start of the note, wherever the note lies. */
				uint64_t in_note = sizeof(nh) + name_len;
				uint64_t skip = align_up(in_note, align) - in_note;
				uint64_t at = p->p_offset + desc;
				if (nh.n_descsz > max_size ||
				    nh.n_descsz < skip + min_size) {
					free(seg);
					return refuse(why, "Solo5 '%s' note has a "
						      "bad size (%u bytes)",
						      tname, nh.n_descsz);
				}
				found_off = at + skip;
				found_size = nh.n_descsz - skip;
			}
			pos += sizeof(nh) + name_len + desc_len;
		}
		free(seg);
	}
	if (!found)
		return refuse(why, "no Solo5 '%s' note", tname);
	*out = malloc(found_size);
	if (*out == NULL)
		return refuse(why, "out of memory");
	if (read_at(fd, *out, found_size, found_off, why, "a note")) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*out_size = found_size;
	return 0;
}
