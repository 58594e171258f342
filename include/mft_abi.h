/* SPDX-License-Identifier: ISC */
/*
 * mft_abi.h: the application manifest, Solo5 "MFT1" format, version 1.
 *
 * The manifest is an ELF note named "Solo5" of type 'MFT1' whose
 * descriptor is struct mft. Entry 0 is reserved (type MFT_RESERVED_FIRST,
 * name ""), so device handles are entry indices 1..63. The tender fills
 * in the device properties, the host descriptor and `attached' in its
 * copy, which it hands to the guest at boot.
 */
#ifndef NABLUX_MFT_ABI_H
#define NABLUX_MFT_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MFT_VERSION 1

typedef enum mft_type {
	MFT_DEV_BLOCK_BASIC = 1,
	MFT_DEV_NET_BASIC,
	MFT_RESERVED_FIRST = (1U << 30)
} mft_type_t;

struct mft_block_basic {
	uint64_t capacity;	/* bytes */
	uint16_t block_size;	/* bytes */
};

struct mft_net_basic {
	uint8_t mac[6];
	uint16_t mtu;		/* excluding the Ethernet header */
};

#define MFT_NAME_SIZE 68	/* including the terminating NUL */
#define MFT_NAME_MAX 67

struct mft_entry {
	char name[MFT_NAME_SIZE];
	mft_type_t type;
	union {
		struct mft_block_basic block_basic;
		struct mft_net_basic net_basic;
	} u;
	union {
		int hostfd;
		void *data;
	} b;
	bool attached;
};
_Static_assert(sizeof(struct mft_entry) == 104, "mft_entry is 104 bytes");
_Static_assert(offsetof(struct mft_entry, u) == 72, "mft_entry.u");
_Static_assert(offsetof(struct mft_entry, b) == 88, "mft_entry.b");
_Static_assert(offsetof(struct mft_entry, attached) == 96, "attached");

#define MFT_MAX_ENTRIES 64

/* MFT_ENTRIES is defined where a manifest is declared (generated C). */
#ifndef MFT_ENTRIES
#define MFT_ENTRIES
#endif

struct mft {
	uint32_t version;
	uint32_t entries;
	struct mft_entry e[MFT_ENTRIES];
};

#define MFT1_NOTE_TYPE 0x3154464du	/* "MFT1" little-endian */

struct mft1_nhdr {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
	char n_name[8];
};

struct mft1_note {
	struct mft1_nhdr h;
	struct mft m;
};

#define MFT1_NOTE_ALIGN 8	/* _Alignof(struct mft) */
/* Largest descriptor: header fields, alignment pad, 64 entries. */
#define MFT1_NOTE_MAX_SIZE                                                   \
	(sizeof(struct mft1_note) - sizeof(struct mft1_nhdr) +               \
	 MFT_MAX_ENTRIES * sizeof(struct mft_entry))

#define MFT1_NOTE_DECLARE_BEGIN                                              \
	const struct mft1_note __solo5_mft1_note                             \
	__attribute__((section(".note.solo5.manifest"), aligned(4), used)) = { \
		.h = { .n_namesz = 6,                                        \
		       .n_descsz = sizeof(struct mft1_note) -                \
				   sizeof(struct mft1_nhdr),                 \
		       .n_type = MFT1_NOTE_TYPE,                             \
		       .n_name = "Solo5" },                                  \
		.m =
#define MFT1_NOTE_DECLARE_END };

#endif /* NABLUX_MFT_ABI_H */
