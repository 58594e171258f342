/* SPDX-License-Identifier: ISC */
/*
 * elf.c: checking, loading and reading notes from a Solo5 executable.
 *
 * The file is hostile: every offset and size is checked against the file
 * size, every address against guest memory, with 64-bit arithmetic on
 * 32/64-bit fields so that nothing can wrap. Each refusal says what is
 * wrong in words.
 *
 * Which segments and notes count follows Solo5 v0.12's loader, so that a
 * file runs on nablux-spt exactly when it runs on solo5-spt; where we are
 * stricter, tender/README.md says so and why.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "elf_abi.h"
#include "nablux_spt_abi.h"

#define PAGE_SIZE 4096ULL

int refuse(char why[WHY_SIZE], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, WHY_SIZE, fmt, ap);
	va_end(ap);
	return -1;
}

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
	Elf64_Phdr *ph;		/* e_phnum entries, malloc'd */
	uint64_t file_size;
};

/* On success im->ph is allocated; the caller frees it. */
static int read_headers(int fd, struct image *im, char why[WHY_SIZE])
{
	struct stat st;
	const Elf64_Ehdr *eh = &im->eh;
	size_t ph_size;

	im->ph = NULL;
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
	/* e_ident[EI_VERSION], EI_OSABI and EI_ABIVERSION are not checked,
	 * as Solo5 does not: toolchains cannot be told what to put there. */
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return refuse(why, "not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return refuse(why, "not a 64-bit ELF file (class %u)",
			      eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return refuse(why, "not a little-endian ELF file");
	if (eh->e_version != EV_CURRENT)
		return refuse(why, "unknown ELF version %u", eh->e_version);
	if (eh->e_ehsize != sizeof(Elf64_Ehdr))
		return refuse(why, "bad ELF header size %u (expected %zu)",
			      eh->e_ehsize, sizeof(Elf64_Ehdr));
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
	if (eh->e_phnum == 0)
		return refuse(why, "bad program header count 0");
	/* Any count whose table lies inside the file: at most 64 KiB
	 * entries, 3.5 MiB. */
	ph_size = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > im->file_size || ph_size > im->file_size - eh->e_phoff)
		return refuse(why, "program headers lie outside the file");
	im->ph = malloc(ph_size);
	if (im->ph == NULL)
		return refuse(why, "out of memory");
	if (read_at(fd, im->ph, ph_size, eh->e_phoff, why,
		    "the program headers")) {
		free(im->ph);
		im->ph = NULL;
		return -1;
	}
	return 0;
}

/* The guest range [*start, *end) of a segment, p_vaddr aligned down and
 * p_vaddr + p_memsz aligned up to (a), a power of two: inside
 * [min_base, mem_size), or refused. */
static int guest_range(const Elf64_Phdr *p, unsigned i, uint64_t a,
		       uint64_t mem_size, uint64_t min_base, uint64_t *start,
		       uint64_t *end, char why[WHY_SIZE])
{
	*start = p->p_vaddr & ~(a - 1);
	if (*start < min_base)
		return refuse(why, "segment %u at %#llx is below the lowest "
			      "guest address %#llx", i,
			      (unsigned long long)*start,
			      (unsigned long long)min_base);
	if (p->p_memsz > UINT64_MAX - p->p_vaddr ||
	    p->p_vaddr + p->p_memsz > UINT64_MAX - (a - 1) ||
	    ((p->p_vaddr + p->p_memsz + a - 1) & ~(a - 1)) > mem_size)
		return refuse(why, "segment %u (%#llx, %llu bytes) does not "
			      "fit in guest memory (%llu MiB)", i,
			      (unsigned long long)p->p_vaddr,
			      (unsigned long long)p->p_memsz,
			      (unsigned long long)(mem_size >> 20));
	*end = (p->p_vaddr + p->p_memsz + a - 1) & ~(a - 1);
	return 0;
}

/* The range of a loaded segment, aligned to its p_align as Solo5 does:
 * that is what mprotect() covers, so it must be whole pages. */
static int load_range(const Elf64_Phdr *p, unsigned i, uint64_t mem_size,
		      uint64_t min_base, uint64_t *start, uint64_t *end,
		      char why[WHY_SIZE])
{
	uint64_t a = p->p_align;

	if (a == 0 || (a & (a - 1)))
		return refuse(why, "segment %u: alignment %llu is not a power "
			      "of two", i, (unsigned long long)a);
	if (guest_range(p, i, a, mem_size, min_base, start, end, why))
		return -1;
	if ((*start | *end) & (PAGE_SIZE - 1))
		return refuse(why, "segment %u (%#llx..%#llx aligned to %llu) "
			      "is not page-aligned", i,
			      (unsigned long long)p->p_vaddr,
			      (unsigned long long)(p->p_vaddr + p->p_memsz),
			      (unsigned long long)a);
	return 0;
}

/*
 * A PT_LOAD with file bytes is loaded; those are checked as Solo5 checks
 * them, in program header order: inside the file, p_filesz <= p_memsz,
 * aligned inside guest memory, ascending and not overlapping the ones
 * before, not both writable and executable.
 *
 * A PT_LOAD without file bytes is not loaded, as in Solo5: binutils emits
 * an empty one (vaddr 0, memsz 0) with Solo5's linker script, and a .bss
 * segment needs nothing but memory, which guest memory already is: fresh
 * zero pages, read-write like the heap. Its flags are not applied (a
 * writable and executable one makes nothing executable). We still check
 * that one with memory lies inside guest memory (Solo5 does not) and
 * count it in the executable's end.
 */
static int check_loads(const struct image *im, uint64_t mem_size,
		       uint64_t min_base, uint64_t *p_end, char why[WHY_SIZE])
{
	const Elf64_Ehdr *eh = &im->eh;
	uint64_t loaded_end = 0, last_vaddr = 0, end = 0;
	unsigned last = 0, loads = 0;
	bool entry_ok = false;

	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		uint64_t s, e;

		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz == 0) {
			if (p->p_memsz == 0)
				continue;
			if (guest_range(p, i, PAGE_SIZE, mem_size, min_base,
					&s, &e, why))
				return -1;
			if (e > end)
				end = e;
			continue;
		}
		if (p->p_offset > im->file_size ||
		    p->p_filesz > im->file_size - p->p_offset)
			return refuse(why, "segment %u lies outside the file", i);
		if (p->p_filesz > p->p_memsz)
			return refuse(why, "segment %u: file size exceeds memory "
				      "size", i);
		if (load_range(p, i, mem_size, min_base, &s, &e, why))
			return -1;
		/* The ELF specification sorts PT_LOADs by address; with that,
		 * comparing with the end so far finds every overlap. */
		if (loads && p->p_vaddr < last_vaddr)
			return refuse(why, "segments %u and %u are not in "
				      "ascending address order", last, i);
		if (loads && s < loaded_end)
			return refuse(why, "segments %u and %u overlap", last, i);
		if ((p->p_flags & PF_W) && (p->p_flags & PF_X))
			return refuse(why, "segment %u is both writable and "
				      "executable", i);
		if ((p->p_flags & PF_X) && eh->e_entry >= p->p_vaddr &&
		    eh->e_entry - p->p_vaddr < p->p_memsz)
			entry_ok = true;
		last_vaddr = p->p_vaddr;
		loaded_end = e;
		last = i;
		loads++;
	}
	if (loads == 0)
		return refuse(why, "no loadable segment");
	if (!entry_ok)
		return refuse(why, "entry point %#llx is not in an executable "
			      "segment", (unsigned long long)eh->e_entry);
	*p_end = loaded_end > end ? loaded_end : end;
	return 0;
}

int elf_check(int fd, uint64_t mem_size, uint64_t min_base,
	      char why[WHY_SIZE])
{
	struct image im;
	uint64_t end;
	int rc;

	if (read_headers(fd, &im, why))
		return -1;
	rc = check_loads(&im, mem_size, min_base, &end, why);
	free(im.ph);
	return rc;
}

static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

/*
 * Map a segment's file bytes from the executable instead of copying
 * them: only the pages the guest touches are read, and read-only ones
 * stay in the page cache, shared by every instance of the image.
 * MAP_PRIVATE: the guest's writes never reach the file. Replacing the
 * file (a new inode: ld, cp --remove-destination, mv) leaves running
 * guests as they are; writing the same inode in place shows through in
 * pages the guest has not written, and truncating it kills the guest
 * with SIGBUS when it touches a page past the new end. Whoever may write
 * the file decides what the guest runs anyway; the sandbox is the same.
 *
 * The bytes of the last file page past p_filesz are the file's; where
 * the segment's memory goes on (.bss in the segment), they are zeroed.
 * Returns -1, with guest memory as it was, if the segment cannot be
 * mapped: its file offset and address differ modulo the page size, or
 * mmap() fails.
 */
static int map_segment(int fd, uintptr_t mem, const Elf64_Phdr *p, int prot)
{
	uint64_t delta = p->p_vaddr & (PAGE_SIZE - 1);
	uint64_t lo = p->p_vaddr - delta;
	uint64_t file_end = p->p_vaddr + p->p_filesz;
	uint64_t len = page_up(file_end) - lo;
	bool tail = p->p_memsz > p->p_filesz && (file_end & (PAGE_SIZE - 1));
	void *a;

	if ((p->p_offset & (PAGE_SIZE - 1)) != delta)
		return -1;
	/* MAP_FIXED replaces the fresh anonymous guest memory there; it lies
	 * inside this segment's range (check_loads()). */
	a = mmap((void *)(mem + lo), len, tail ? PROT_READ | PROT_WRITE : prot,
		 MAP_PRIVATE | MAP_FIXED, fd, (off_t)(p->p_offset - delta));
	if (a == MAP_FAILED) {
		/* A failed MAP_FIXED may have unmapped the range already. */
		a = mmap((void *)(mem + lo), len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
			 -1, 0);
		return a == MAP_FAILED ? -2 : -1;
	}
	if (tail)
		memset((void *)(mem + file_end), 0, page_up(file_end) - file_end);
	return 0;
}

int elf_load(int fd, uintptr_t mem, uint64_t mem_size, uint64_t min_base,
	     uint64_t *p_entry, uint64_t *p_end, char why[WHY_SIZE])
{
	struct image im;
	int rc = -1;

	if (read_headers(fd, &im, why))
		return -1;
	if (check_loads(&im, mem_size, min_base, p_end, why))
		goto out;
	for (unsigned i = 0; i < im.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &im.ph[i];
		uint8_t *dst = (uint8_t *)(mem + p->p_vaddr);
		uint64_t lo, hi;
		int prot = 0;

		if (p->p_type != PT_LOAD || p->p_filesz == 0)
			continue;
		if (p->p_flags & PF_R)
			prot |= PROT_READ;
		if (p->p_flags & PF_W)
			prot |= PROT_WRITE;
		if (p->p_flags & PF_X)
			prot |= PROT_EXEC;
		/* Copied instead when it cannot be mapped; the rest of
		 * p_memsz is fresh guest memory, already zero. */
		switch (map_segment(fd, mem, p, prot)) {
		case 0:
			break;
		case -1:
			if (read_at(fd, dst, p->p_filesz, p->p_offset, why,
				    "a loadable segment"))
				goto out;
			break;
		default:
			refuse(why, "segment %u: cannot map guest memory: %s",
			       i, strerror(errno));
			goto out;
		}
		/* Checked by check_loads(): cannot fail here. */
		load_range(p, i, mem_size, min_base, &lo, &hi, why);
		if (mprotect((void *)(mem + lo), hi - lo, prot) < 0) {
			refuse(why, "mprotect of segment %u: %s", i,
			       strerror(errno));
			goto out;
		}
	}
	*p_entry = im.eh.e_entry;
	rc = 0;
out:
	free(im.ph);
	return rc;
}

int elf_segment_flags(int fd, uint64_t addr, uint64_t len,
		      char why[WHY_SIZE])
{
	struct image im;
	int flags = 0;

	if (read_headers(fd, &im, why))
		return -1;
	for (unsigned i = 0; i < im.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &im.ph[i];

		if (p->p_type == PT_LOAD && p->p_filesz != 0 &&
		    addr >= p->p_vaddr && len <= p->p_memsz &&
		    addr - p->p_vaddr <= p->p_memsz - len) {
			flags = (int)(p->p_flags & (PF_R | PF_W | PF_X));
			break;
		}
	}
	free(im.ph);
	return flags;
}

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

/*
 * As Solo5 does, only the first note of each PT_NOTE segment is looked
 * at, and only its header unless it is named (name): a note of anyone
 * else is never read, however malformed. Unlike Solo5, which takes the
 * first match, a second note of the same name and type is refused.
 * (name) fits the 8 name bytes of struct solo5_nhdr, NUL included.
 */
static int load_note(int fd, const char *name, uint32_t type, size_t align,
		     size_t min_size, size_t max_size, bool required,
		     void **out, size_t *out_size, char why[WHY_SIZE])
{
	struct image im;
	uint64_t found_off = 0, found_size = 0;
	uint32_t namesz = (uint32_t)strlen(name) + 1;
	unsigned found = 0;
	char tname[5];
	int rc = -1;

	memcpy(tname, &type, 4);
	tname[4] = 0;
	*out = NULL;
	*out_size = 0;
	if (read_headers(fd, &im, why))
		return -1;
	for (unsigned i = 0; i < im.eh.e_phnum; i++) {
		const Elf64_Phdr *p = &im.ph[i];
		struct solo5_nhdr nh;

		if (p->p_type != PT_NOTE)
			continue;
		if (p->p_filesz < sizeof(Elf64_Nhdr)) {
			refuse(why, "note segment %u is too short for a note "
			       "(%llu bytes)", i,
			       (unsigned long long)p->p_filesz);
			goto out;
		}
		/* Too short for a note of ours: someone else's. */
		if (p->p_filesz < sizeof(nh))
			continue;
		if (p->p_offset > im.file_size ||
		    sizeof(nh) > im.file_size - p->p_offset) {
			refuse(why, "note segment %u lies outside the file", i);
			goto out;
		}
		if (read_at(fd, &nh, sizeof(nh), p->p_offset, why,
			    "a note header"))
			goto out;
		if (nh.n_namesz != namesz ||
		    memcmp(nh.n_name, name, namesz) != 0 || nh.n_type != type)
			continue;
		if (++found > 1) {
			refuse(why, "more than one %s '%s' note", name, tname);
			goto out;
		}
		/* The descriptor's content starts where the C declaration
		 * { header; content } puts it: at the first (align)-aligned
		 * offset from the start of the note. */
		uint64_t skip = align_up(sizeof(nh), align) - sizeof(nh);
		if (nh.n_descsz > max_size || nh.n_descsz < skip + min_size) {
			refuse(why, "%s '%s' note has a bad size (%u bytes)",
			       name, tname, nh.n_descsz);
			goto out;
		}
		if (nh.n_descsz > p->p_filesz - sizeof(nh)) {
			refuse(why, "%s '%s' note runs past its segment %u",
			       name, tname, i);
			goto out;
		}
		found_off = p->p_offset + sizeof(nh) + skip;
		found_size = nh.n_descsz - skip;
	}
	if (!found) {
		if (!required)
			rc = 0;
		else
			refuse(why, "no %s '%s' note", name, tname);
		goto out;
	}
	*out = malloc(found_size);
	if (*out == NULL) {
		refuse(why, "out of memory");
		goto out;
	}
	if (read_at(fd, *out, found_size, found_off, why, "a note")) {
		free(*out);
		*out = NULL;
		goto out;
	}
	*out_size = found_size;
	rc = 0;
out:
	free(im.ph);
	return rc;
}

int elf_load_note(int fd, uint32_t type, size_t align, size_t min_size,
		  size_t max_size, void **out, size_t *out_size,
		  char why[WHY_SIZE])
{
	return load_note(fd, SOLO5_NOTE_NAME, type, align, min_size, max_size,
			 true, out, out_size, why);
}

int elf_load_nablux_note(int fd, uint32_t type, size_t align,
			 size_t min_size, size_t max_size, void **out,
			 size_t *out_size, char why[WHY_SIZE])
{
	return load_note(fd, NABLUX_NOTE_NAME, type, align, min_size,
			 max_size, false, out, out_size, why);
}
