/* SPDX-License-Identifier: ISC */
/*
 * mutate.c: make one hostile variant of a valid spt executable.
 *   mutate KIND IN OUT
 * Each KIND breaks one thing the tender must check (see kinds[] below).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mft_abi.h"
#include "spt_abi.h"

static uint8_t *img;
static size_t img_size;

static void fail(const char *why)
{
	fprintf(stderr, "mutate: %s\n", why);
	exit(2);
}

static Elf64_Ehdr *eh(void) { return (Elf64_Ehdr *)img; }
static Elf64_Phdr *ph(unsigned i) { return (Elf64_Phdr *)(img + eh()->e_phoff) + i; }

static Elf64_Phdr *nth_load(unsigned n)
{
	for (unsigned i = 0; i < eh()->e_phnum; i++)
		if (ph(i)->p_type == PT_LOAD && n-- == 0)
			return ph(i);
	fail("not enough PT_LOAD segments");
	return NULL;
}

/* The note header of the Solo5 note of (type). */
static Elf64_Nhdr *find_note(uint32_t type)
{
	for (unsigned i = 0; i < eh()->e_phnum; i++) {
		Elf64_Phdr *p = ph(i);
		size_t pos = 0;

		if (p->p_type != PT_NOTE)
			continue;
		while (pos + sizeof(Elf64_Nhdr) <= p->p_filesz) {
			Elf64_Nhdr *n = (Elf64_Nhdr *)(img + p->p_offset + pos);
			if (n->n_type == type)
				return n;
			pos += sizeof(*n) + ((n->n_namesz + 3) & ~3u) +
			       ((n->n_descsz + 3) & ~3u);
		}
	}
	fail("note not found");
	return NULL;
}

static void *desc(Elf64_Nhdr *n, size_t align)
{
	uintptr_t d = (uintptr_t)(n + 1) + ((n->n_namesz + 3) & ~3u);
	size_t off = (size_t)(d - (uintptr_t)img);
	return img + ((off + align - 1) & ~(align - 1));
}

static struct abi1_info *abi(void) { return desc(find_note(ABI1_NOTE_TYPE), 4); }
static struct mft *mft(void) { return desc(find_note(MFT1_NOTE_TYPE), 8); }

static void m_trunc_header(void) { img_size = 40; }
static void m_trunc_phdrs(void) { img_size = eh()->e_phoff + 10; }
static void m_trunc_segment(void)
{
	Elf64_Phdr *p = nth_load(0);
	img_size = p->p_offset + p->p_filesz / 2;
}
static void m_not_elf(void) { memcpy(img, "#!/bin/sh\n", 10); }
static void m_class32(void) { img[EI_CLASS] = ELFCLASS32; }
static void m_bigendian(void) { img[EI_DATA] = ELFDATA2MSB; }
static void m_machine(void) { eh()->e_machine = EM_AARCH64; }
static void m_pie(void) { eh()->e_type = ET_DYN; }
static void m_relocatable(void) { eh()->e_type = ET_REL; }
static void m_phnum_zero(void) { eh()->e_phnum = 0; }
static void m_phnum_huge(void) { eh()->e_phnum = 0xffff; }
static void m_phoff_outside(void) { eh()->e_phoff = img_size - 8; }
static void m_wx(void) { nth_load(0)->p_flags |= PF_W | PF_X; }
static void m_overlap(void) { nth_load(1)->p_vaddr = nth_load(0)->p_vaddr + 4096; }
static void m_below_base(void) { nth_load(0)->p_vaddr = 0x1000; }
static void m_beyond_mem(void) { nth_load(1)->p_memsz = 1ULL << 40; }
static void m_wrap(void) { nth_load(1)->p_vaddr = ~0ULL - 4095; }
static void m_filesz(void) { nth_load(0)->p_filesz = nth_load(0)->p_memsz + 1; }
static void m_offset(void) { nth_load(0)->p_offset = 1ULL << 62; }
static void m_entry(void) { eh()->e_entry = 0x10; }
static void m_no_abi(void) { find_note(ABI1_NOTE_TYPE)->n_type = 0; }
static void m_dup_abi(void) { find_note(MFT1_NOTE_TYPE)->n_type = ABI1_NOTE_TYPE; }
static void m_abi_small(void) { find_note(ABI1_NOTE_TYPE)->n_descsz = 4; }
static void m_abi_huge(void) { find_note(ABI1_NOTE_TYPE)->n_descsz = 0xfffffff0; }
static void m_namesz_huge(void) { find_note(ABI1_NOTE_TYPE)->n_namesz = 0xffffffff; }
static void m_abi_target(void) { abi()->abi_target = HVT_ABI_TARGET; }
static void m_abi_version(void) { abi()->abi_version = 3; }
static void m_no_mft(void) { find_note(MFT1_NOTE_TYPE)->n_type = 0; }
static void m_mft_huge(void) { find_note(MFT1_NOTE_TYPE)->n_descsz = MFT1_NOTE_MAX_SIZE + 8; }
static void m_mft_version(void) { mft()->version = 2; }
static void m_mft_entries0(void) { mft()->entries = 0; }
static void m_mft_entries65(void) { mft()->entries = 65; }
static void m_mft_count(void) { mft()->entries--; }
static void m_mft_noterm(void) { memset(mft()->e[1].name, 'A', MFT_NAME_SIZE); }
static void m_mft_badname(void) { strcpy(mft()->e[1].name, "a-b"); }
static void m_mft_dupname(void) { strcpy(mft()->e[2].name, mft()->e[1].name); }
static void m_mft_reserved(void) { mft()->e[0].type = MFT_DEV_BLOCK_BASIC; }
static void m_mft_type(void) { mft()->e[1].type = 7; }
static void m_mft_attached(void) { mft()->e[1].attached = true; }
/* Not a C bool value: must be refused, not be undefined behaviour. */
static void m_mft_attached4(void) { memset(&mft()->e[1].attached, 4, 1); }
/* Properties only the tender may set, preset by the executable. */
static void m_mft_props(void)
{
	memset(&mft()->e[1].u, 0x01, sizeof(mft()->e[1].u));
	mft()->e[1].b.hostfd = 1;
}

static const struct {
	const char *name;
	void (*fn)(void);
} kinds[] = {
	{ "trunc-header", m_trunc_header }, { "trunc-phdrs", m_trunc_phdrs },
	{ "trunc-segment", m_trunc_segment }, { "not-elf", m_not_elf },
	{ "class32", m_class32 }, { "bigendian", m_bigendian },
	{ "machine", m_machine }, { "pie", m_pie },
	{ "relocatable", m_relocatable }, { "phnum-zero", m_phnum_zero },
	{ "phnum-huge", m_phnum_huge }, { "phoff-outside", m_phoff_outside },
	{ "wx", m_wx }, { "overlap", m_overlap },
	{ "below-base", m_below_base }, { "beyond-mem", m_beyond_mem },
	{ "wrap", m_wrap }, { "filesz", m_filesz }, { "offset", m_offset },
	{ "entry", m_entry }, { "no-abi", m_no_abi }, { "dup-abi", m_dup_abi },
	{ "abi-small", m_abi_small }, { "abi-huge", m_abi_huge },
	{ "namesz-huge", m_namesz_huge }, { "abi-target", m_abi_target },
	{ "abi-version", m_abi_version }, { "no-mft", m_no_mft },
	{ "mft-huge", m_mft_huge }, { "mft-version", m_mft_version },
	{ "mft-entries0", m_mft_entries0 },
	{ "mft-entries65", m_mft_entries65 }, { "mft-count", m_mft_count },
	{ "mft-noterm", m_mft_noterm }, { "mft-badname", m_mft_badname },
	{ "mft-dupname", m_mft_dupname }, { "mft-reserved", m_mft_reserved },
	{ "mft-type", m_mft_type }, { "mft-attached", m_mft_attached },
	{ "mft-attached4", m_mft_attached4 }, { "mft-props", m_mft_props },
};

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			puts(kinds[i].name);
		return 0;
	}
	if (argc != 4)
		fail("usage: mutate KIND IN OUT | mutate list");
	FILE *f = fopen(argv[2], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (long)(img_size = ftell(f)) < 0)
		fail("cannot read input");
	rewind(f);
	img = malloc(img_size);
	if (!img || fread(img, 1, img_size, f) != img_size)
		fail("cannot read input");
	fclose(f);
	size_t i;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, argv[1]) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		fail("unknown kind");
	kinds[i].fn();
	f = fopen(argv[3], "wb");
	if (!f || fwrite(img, 1, img_size, f) != img_size || fclose(f))
		fail("cannot write output");
	return 0;
}
