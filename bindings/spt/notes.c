/* SPDX-License-Identifier: ISC */
/*
 * notes.c: what marks the executable as an spt unikernel: the OpenBSD
 * note (so OpenBSD will not run it), the Solo5 ABI1 note (spt, ABI 2) and
 * a PT_INTERP that no host has. spt.lds puts each note in its own PT_NOTE.
 * The manifest note comes from the application (nablux-elftool).
 */
#include "spt_abi.h"

OPENBSD_NOTE_DECLARE;
ABI1_NOTE_DECLARE(SPT_ABI_TARGET, SPT_ABI_VERSION);
ELF_INTERP_DECLARE;
