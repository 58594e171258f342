/* SPDX-License-Identifier: ISC */
/*
 * notes.c: what marks the executable as an spt unikernel: the OpenBSD
 * note (so OpenBSD will not run it), the Solo5 ABI1 note (spt, ABI 2), a
 * PT_INTERP that no host has, and the "nablux" note of the nablux-only
 * extensions, which Solo5 ignores. spt.lds puts each note in its own
 * PT_NOTE. The manifest note comes from the application (nablux-elftool).
 */
#include "spt_abi.h"
#include "nablux_spt_abi.h"

OPENBSD_NOTE_DECLARE;
ABI1_NOTE_DECLARE(SPT_ABI_TARGET, SPT_ABI_VERSION);
ELF_INTERP_DECLARE;

/* Weak: 0 unless the guest opts in (NABLUX_SPT_OPT_IN_* of nablux_spt.h
 * defines it: as 1, or as its descriptor), decided when the unikernel is
 * linked. */
extern const char nablux_spt_opt_host_signals[] __attribute__((weak));
extern const char nablux_spt_opt_net_offload[] __attribute__((weak));
/* The guest's struct nablux_preempt_info, when it defines one. */
extern const char nablux_spt_opt_preempt[] __attribute__((weak));
extern const char nablux_spt_opt_exec_heap[] __attribute__((weak));

const struct nablux_ext_note __nablux_ext_note
__attribute__((section(".note.nablux"), aligned(4), used)) = {
	.n_namesz = sizeof(NABLUX_NOTE_NAME),
	.n_descsz = sizeof(struct nablux_ext_info),
	.n_type = NABLUX_EXT_NOTE_TYPE,
	.n_name = NABLUX_NOTE_NAME,
	.i = { .host_signals = (uintptr_t)nablux_spt_opt_host_signals,
	       .net_offload = (uintptr_t)nablux_spt_opt_net_offload,
	       .preempt = (uintptr_t)nablux_spt_opt_preempt,
	       .exec_heap = (uintptr_t)nablux_spt_opt_exec_heap },
};
