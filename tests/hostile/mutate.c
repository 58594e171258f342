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
#include "nablux_spt_abi.h"
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

/* The first program header of (type). */
static Elf64_Phdr *find_phdr(uint32_t type)
{
	for (unsigned i = 0; i < eh()->e_phnum; i++)
		if (ph(i)->p_type == type)
			return ph(i);
	fail("no such program header");
	return NULL;
}

/* The PT_LOAD with memory but no file bytes: .bss. */
static Elf64_Phdr *bss_load(void)
{
	for (unsigned i = 0; i < eh()->e_phnum; i++)
		if (ph(i)->p_type == PT_LOAD && ph(i)->p_filesz == 0 &&
		    ph(i)->p_memsz != 0)
			return ph(i);
	fail("no memory-only PT_LOAD");
	return NULL;
}

/* The PT_NOTE of the note of (type). */
static Elf64_Phdr *note_seg(uint32_t type)
{
	for (unsigned i = 0; i < eh()->e_phnum; i++)
		if (ph(i)->p_type == PT_NOTE &&
		    ((Elf64_Nhdr *)(img + ph(i)->p_offset))->n_type == type)
			return ph(i);
	fail("note segment not found");
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
static void m_ehsize(void) { eh()->e_ehsize = sizeof(Elf64_Ehdr) - 8; }
/* Solo5 does not check it; neither do we. */
static void m_ident_version(void) { img[EI_VERSION] = EV_NONE; }
/* More program headers than a Solo5 executable has: the table moves to
 * the end of the file, padded with PT_NULL entries. */
static void m_phnum_100(void)
{
	size_t off = (img_size + 7) & ~(size_t)7, n = 100;

	img = realloc(img, off + n * sizeof(Elf64_Phdr));
	if (img == NULL)
		fail("out of memory");
	memset(img + img_size, 0, off + n * sizeof(Elf64_Phdr) - img_size);
	memcpy(img + off, img + eh()->e_phoff, eh()->e_phnum * sizeof(Elf64_Phdr));
	eh()->e_phoff = off;
	eh()->e_phnum = n;
	img_size = off + n * sizeof(Elf64_Phdr);
}
static void m_load_order(void)
{
	Elf64_Phdr t = *nth_load(1);
	*nth_load(1) = *nth_load(2);
	*nth_load(2) = t;
}
static void m_align_zero(void) { nth_load(1)->p_align = 0; }
static void m_align_huge(void) { nth_load(0)->p_align = 0x200000; }
static void m_align_small(void) { nth_load(1)->p_align = 16; }
static void m_entry_data(void) { eh()->e_entry = nth_load(2)->p_vaddr; }
/* What binutils emits with Solo5's linker script: a PT_LOAD with nothing
 * in it at address 0 (here in place of the empty PT_TLS). */
static void m_empty_load(void)
{
	Elf64_Phdr *p = find_phdr(PT_TLS);

	*p = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R,
			   .p_offset = 0x238, .p_align = 0x1000 };
}
static void m_bss_wx(void) { bss_load()->p_flags |= PF_W | PF_X; }
static void m_bss_overlap(void) { bss_load()->p_vaddr = nth_load(2)->p_vaddr; }
static void m_bss_offset(void) { bss_load()->p_offset = 1ULL << 62; }
static void m_bss_beyond(void) { bss_load()->p_memsz = 1ULL << 40; }
static void m_bss_below(void) { bss_load()->p_vaddr = 0x1000; }
/* The OpenBSD note is not Solo5's: however broken, it is not read. */
static void m_obsd_descsz0(void) { ((Elf64_Nhdr *)(img + note_seg(NT_VERSION)->p_offset))->n_descsz = 0; }
static void m_obsd_descsz_huge(void) { ((Elf64_Nhdr *)(img + note_seg(NT_VERSION)->p_offset))->n_descsz = 0xffffffff; }
static void m_obsd_namesz_huge(void) { ((Elf64_Nhdr *)(img + note_seg(NT_VERSION)->p_offset))->n_namesz = 0xffffffff; }
static void m_obsd_past_eof(void) { note_seg(NT_VERSION)->p_filesz = 1ULL << 40; }
static void m_note_short(void) { note_seg(NT_VERSION)->p_filesz = 8; }
/* The ABI note as the second note of the OpenBSD note's segment (they
 * are adjacent in the file): only first notes are looked at. */
static void m_note_second(void)
{
	Elf64_Phdr *o = note_seg(NT_VERSION), *a = note_seg(ABI1_NOTE_TYPE);

	if (o->p_offset + o->p_filesz != a->p_offset)
		fail("notes not adjacent");
	o->p_filesz += a->p_filesz;
	a->p_type = PT_NULL;
}
/* Two PT_NOTEs naming the same ABI note. */
static void m_dup_abi_segment(void)
{
	Elf64_Phdr *o = note_seg(NT_VERSION), *a = note_seg(ABI1_NOTE_TYPE);

	o->p_offset = a->p_offset;
	o->p_filesz = a->p_filesz;
}
/* The nablux note (include/nablux_spt_abi.h): read with the rules of the
 * Solo5 notes, and not at all when it is not of our type. */
static Elf64_Nhdr *nablux(void) { return find_note(NABLUX_EXT_NOTE_TYPE); }
static void m_nablux_small(void) { nablux()->n_descsz = 4; }
static void m_nablux_huge(void) { nablux()->n_descsz = 0xfffffff0; }
static void m_nablux_long(void)
{
	nablux()->n_descsz = sizeof(struct nablux_ext_info) + 8;
}
static void m_nablux_other(void) { nablux()->n_type = 0; }
static void m_nablux_on(void)
{
	((struct nablux_ext_info *)desc(nablux(), 4))->host_signals = 1;
}
/* The preemption word (third): the descriptor must be aligned in
 * loaded, writable data, and the entry it holds in code. */
static struct nablux_ext_info *ext(void)
{
	return (struct nablux_ext_info *)desc(nablux(), 4);
}
static void m_preempt_unaligned(void) { ext()->preempt = nth_load(2)->p_vaddr + 4; }
static void m_preempt_text(void) { ext()->preempt = eh()->e_entry & ~7ULL; }
static void m_preempt_entry(void)
{
	Elf64_Phdr *d = nth_load(2);
	uint64_t entry = 0x1000;

	ext()->preempt = d->p_vaddr;
	memcpy(img + d->p_offset, &entry, sizeof(entry));
}
static void m_nablux_dup_segment(void)
{
	Elf64_Phdr *o = note_seg(NT_VERSION), *a = note_seg(NABLUX_EXT_NOTE_TYPE);

	o->p_offset = a->p_offset;
	o->p_filesz = a->p_filesz;
}
/* The rest of the .data page becomes .bss: the loader must zero what
 * the file holds there (the fixture checks, given "tail"). */
static void m_data_tail(void) { nth_load(2)->p_memsz = 4096; }
/* .data's bytes moved to the end of the file at an offset that is not
 * congruent to its address modulo the page size: it cannot be mapped,
 * only copied. */
static void m_data_unaligned(void)
{
	Elf64_Phdr *p = nth_load(2);
	size_t off = ((img_size + 4095) & ~(size_t)4095) + 8;

	img = realloc(img, off + p->p_filesz);
	if (img == NULL)
		fail("out of memory");
	p = nth_load(2);
	memset(img + img_size, 0xee, off - img_size);
	memcpy(img + off, img + p->p_offset, p->p_filesz);
	memset(img + p->p_offset, 0xee, p->p_filesz);
	p->p_offset = off;
	img_size = off + p->p_filesz;
}
static void m_mft_name_tail(void) { mft()->e[1].name[MFT_NAME_SIZE - 1] = 'x'; }
static void m_mft_e0_tail(void) { mft()->e[0].name[MFT_NAME_SIZE - 1] = 'x'; }
static void m_mft_e0_attached(void) { memset(&mft()->e[0].attached, 1, 1); }
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
	{ "ehsize", m_ehsize }, { "ident-version", m_ident_version },
	{ "phnum-100", m_phnum_100 }, { "load-order", m_load_order },
	{ "align-zero", m_align_zero }, { "align-huge", m_align_huge },
	{ "align-small", m_align_small }, { "entry-data", m_entry_data },
	{ "empty-load", m_empty_load }, { "bss-wx", m_bss_wx },
	{ "bss-overlap", m_bss_overlap }, { "bss-offset", m_bss_offset },
	{ "bss-beyond", m_bss_beyond }, { "bss-below", m_bss_below },
	{ "obsd-descsz0", m_obsd_descsz0 },
	{ "obsd-descsz-huge", m_obsd_descsz_huge },
	{ "obsd-namesz-huge", m_obsd_namesz_huge },
	{ "obsd-past-eof", m_obsd_past_eof }, { "note-short", m_note_short },
	{ "note-second", m_note_second },
	{ "dup-abi-segment", m_dup_abi_segment },
	{ "mft-name-tail", m_mft_name_tail }, { "mft-e0-tail", m_mft_e0_tail },
	{ "mft-e0-attached", m_mft_e0_attached },
	{ "data-tail", m_data_tail }, { "data-unaligned", m_data_unaligned },
	{ "nablux-small", m_nablux_small }, { "nablux-huge", m_nablux_huge },
	{ "nablux-long", m_nablux_long }, { "nablux-other", m_nablux_other },
	{ "nablux-on", m_nablux_on },
	{ "nablux-dup-segment", m_nablux_dup_segment },
	{ "preempt-unaligned", m_preempt_unaligned },
	{ "preempt-text", m_preempt_text }, { "preempt-entry", m_preempt_entry },
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
