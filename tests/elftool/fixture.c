/* SPDX-License-Identifier: ISC */
/*
 * fixture.c: the non-manifest half of a Solo5 executable for the elftool
 * tests. -DTARGET picks the ABI target; -DNO_ABI leaves the ABI note out;
 * -DTWO_ABI adds a second ABI note, which must be refused.
 */
#include "elf_abi.h"

#ifndef TARGET
#define TARGET SPT_ABI_TARGET
#endif

OPENBSD_NOTE_DECLARE;
#ifndef NO_ABI
ABI1_NOTE_DECLARE(TARGET, 2);
#endif
#ifdef TWO_ABI
const struct abi1_note second_abi1_note
	__attribute__((section(".note.solo5.abi.2"), aligned(4), used)) = {
	.h = { .n_namesz = 6, .n_descsz = sizeof(struct abi1_info),
	       .n_type = ABI1_NOTE_TYPE, .n_name = "Solo5" },
	.i = { .abi_target = TARGET, .abi_version = 2 }
};
#endif

void _start(void)
{
	for (;;)
		;
}
