/* SPDX-License-Identifier: ISC */
/*
 * elf_abi.h: the ELF notes that mark a Solo5 executable.
 *
 * Wire format (Solo5 "ABI1"): an ELF note named "Solo5" of type 'ABI1'
 * whose descriptor is struct abi1_info. Such executables also carry an
 * "OpenBSD" NT_VERSION note in their first PT_NOTE and a PT_INTERP of
 * "/nonexistent/solo5/" so that no host kernel will run them directly.
 */
#ifndef NABLUX_ELF_ABI_H
#define NABLUX_ELF_ABI_H

#include <stddef.h>
#include <stdint.h>

enum abi_target {
	HVT_ABI_TARGET = 1,
	SPT_ABI_TARGET,
	VIRTIO_ABI_TARGET,
	MUEN_ABI_TARGET,
	GENODE_ABI_TARGET,
	XEN_ABI_TARGET
};

#define SOLO5_NOTE_NAME "Solo5"
#define ABI1_NOTE_TYPE 0x31494241u	/* "ABI1" little-endian */

/* An Elf64_Nhdr with the name "Solo5\0" padded to 8 bytes. */
struct solo5_nhdr {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
	char n_name[8];
};
_Static_assert(sizeof(struct solo5_nhdr) == 20, "solo5_nhdr layout");

struct abi1_info {
	uint32_t abi_target;	/* enum abi_target */
	uint32_t abi_version;
	uint32_t reserved0;
	uint32_t reserved1;
};

struct abi1_note {
	struct solo5_nhdr h;
	struct abi1_info i;
};

/* Alignment of the descriptor inside the note, and its size limit. */
#define ABI1_NOTE_ALIGN _Alignof(struct abi1_info)
#define ABI1_NOTE_MAX_SIZE (2 * sizeof(struct abi1_info))

#define ABI1_NOTE_DECLARE(target, version)                                   \
	const struct abi1_note __solo5_abi1_note                             \
	__attribute__((section(".note.solo5.abi"), aligned(4), used)) = {    \
		.h = { .n_namesz = sizeof(SOLO5_NOTE_NAME),                  \
		       .n_descsz = sizeof(struct abi1_info),                 \
		       .n_type = ABI1_NOTE_TYPE,                             \
		       .n_name = SOLO5_NOTE_NAME },                          \
		.i = { .abi_target = (target), .abi_version = (version) }    \
	}

/* The OpenBSD identification note (must be in the first PT_NOTE). */
struct openbsd_note {
	uint32_t n_namesz;	/* 8 */
	uint32_t n_descsz;	/* 4 */
	uint32_t n_type;	/* 1, NT_VERSION */
	char n_name[8];		/* "OpenBSD\0" */
	uint32_t data;		/* 0 */
};

#define OPENBSD_NOTE_DECLARE                                                 \
	const struct openbsd_note __solo5_openbsd_note                       \
	__attribute__((section(".note.solo5.not_openbsd"), aligned(4),       \
		       used)) = { 8, 4, 1, "OpenBSD", 0 }

#define ELF_INTERP_DECLARE                                                   \
	const char __solo5_interp[24]                                        \
	__attribute__((section(".interp"), aligned(8), used)) =              \
		"/nonexistent/solo5/"

#endif /* NABLUX_ELF_ABI_H */
