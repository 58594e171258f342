/* SPDX-License-Identifier: ISC */
/*
 * fixture.c: the non-manifest half of a Solo5 executable for the elftool
 * tests. -DTARGET picks the ABI target; -DNO_ABI and -DNO_MFT put a note
 * that is not Solo5's where the ABI or manifest note would be; -DTWO_ABI
 * puts a second ABI note first in a PT_NOTE of its own (refused);
 * -DABI_IN_SEGMENT puts it second in the ABI note's PT_NOTE, where
 * neither Solo5 nor we look.
 */
#include "elf_abi.h"

#ifndef TARGET
#define TARGET SPT_ABI_TARGET
#endif

#define SECOND_ABI1_NOTE(sec)                                                \
	const struct abi1_note second_abi1_note                              \
	__attribute__((section(sec), aligned(4), used)) = {                  \
		.h = { .n_namesz = 6, .n_descsz = sizeof(struct abi1_info),  \
		       .n_type = ABI1_NOTE_TYPE, .n_name = "Solo5" },        \
		.i = { .abi_target = TARGET, .abi_version = 2 }              \
	}

/* Someone else's note: an empty PT_NOTE would be refused, as Solo5 does. */
#define FOREIGN_NOTE(name, sec)                                              \
	const struct openbsd_note name                                       \
	__attribute__((section(sec), aligned(4), used)) =                    \
		{ 8, 4, 1, "OpenBSD", 0 }

#ifdef TWO_ABI
SECOND_ABI1_NOTE(".note.solo5.not_openbsd");
#else
OPENBSD_NOTE_DECLARE;
#endif
#ifdef NO_ABI
FOREIGN_NOTE(not_abi1_note, ".note.solo5.abi");
#else
ABI1_NOTE_DECLARE(TARGET, 2);
#endif
#ifdef ABI_IN_SEGMENT
SECOND_ABI1_NOTE(".note.solo5.abi.2");
#endif
#ifdef NO_MFT
FOREIGN_NOTE(not_mft1_note, ".note.solo5.manifest");
#endif

void _start(void)
{
	for (;;)
		;
}
