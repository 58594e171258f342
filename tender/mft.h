/* SPDX-License-Identifier: ISC */
/*
 * mft.h: checking and searching an application manifest (mft_abi.h).
 */
#ifndef NABLUX_TENDER_MFT_H
#define NABLUX_TENDER_MFT_H

#include <stddef.h>
#include "elf.h"
#include "mft_abi.h"

/* A manifest read from an executable is valid when: its size is exactly
 * that of (entries) entries; version is MFT_VERSION; 1 <= entries <= 64;
 * entry 0 is the reserved entry with an empty name; every other entry has
 * a known type, a NUL-terminated non-empty name of [A-Za-z0-9] characters,
 * a name unique in the manifest, and is not yet attached. The device
 * properties and host descriptor of a valid manifest are then cleared:
 * only the tender fills them in, never the executable. */
int mft_validate(struct mft *mft, size_t mft_size, char why[WHY_SIZE]);

/* The entry named (name) of type (type), or NULL; its index in (*index). */
struct mft_entry *mft_get_by_name(struct mft *mft, const char *name,
				  mft_type_t type, unsigned *index);

/* "BLOCK_BASIC", "NET_BASIC", "RESERVED" or "UNKNOWN". */
const char *mft_type_to_string(mft_type_t type);

#endif /* NABLUX_TENDER_MFT_H */
