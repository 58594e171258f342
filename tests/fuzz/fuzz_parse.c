/* SPDX-License-Identifier: ISC */
/*
 * fuzz_parse.c: libFuzzer target for everything nablux-spt reads from an
 * executable before running it: the ELF and program headers, the ABI1,
 * MFT1 and nablux notes, and the manifest.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "elf.h"
#include "mft.h"
#include "nablux_spt_abi.h"
#include "spt_abi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	char why[WHY_SIZE];
	void *note;
	size_t note_size;

	if (fd < 0 && (fd = memfd_create("fuzz", 0)) < 0)
		abort();
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();

	elf_check(fd, 512ULL << 20, SPT_GUEST_MIN_BASE, why);
	if (elf_load_note(fd, ABI1_NOTE_TYPE, ABI1_NOTE_ALIGN,
			  sizeof(struct abi1_info), ABI1_NOTE_MAX_SIZE, &note,
			  &note_size, why) == 0)
		free(note);
	if (elf_load_note(fd, MFT1_NOTE_TYPE, MFT1_NOTE_ALIGN,
			  sizeof(struct mft), MFT1_NOTE_MAX_SIZE, &note,
			  &note_size, why) == 0) {
		mft_validate(note, note_size, why);
		free(note);
	}
	if (elf_load_nablux_note(fd, NABLUX_EXT_NOTE_TYPE,
				 NABLUX_EXT_NOTE_ALIGN, sizeof(uint64_t),
				 NABLUX_EXT_NOTE_MAX_SIZE, &note, &note_size,
				 why) == 0)
		free(note);
	return 0;
}
