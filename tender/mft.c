/* SPDX-License-Identifier: ISC */
/*
 * mft.c: validating and searching a manifest read from an executable.
 */
#include <stdint.h>
#include <string.h>

#include "mft.h"

/* (name) is known to be NUL-terminated. */
static int valid_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

int mft_validate(struct mft *mft, size_t mft_size, char why[WHY_SIZE])
{
	if (mft_size < sizeof(struct mft))
		return refuse(why, "manifest too short (%zu bytes)", mft_size);
	if (mft->version != MFT_VERSION)
		return refuse(why, "manifest version %u, expected %u",
			      mft->version, MFT_VERSION);
	if (mft->entries < 1 || mft->entries > MFT_MAX_ENTRIES)
		return refuse(why, "manifest has %u entries; at most %u devices "
			      "plus the reserved entry are allowed",
			      mft->entries, MFT_MAX_ENTRIES - 1);
	if (mft_size != sizeof(struct mft) +
	    mft->entries * sizeof(struct mft_entry))
		return refuse(why, "manifest size %zu does not match its %u "
			      "entries", mft_size, mft->entries);
	if (mft->e[0].type != MFT_RESERVED_FIRST || mft->e[0].name[0] != 0)
		return refuse(why, "manifest entry 0 is not the reserved entry");
	for (unsigned i = 0; i < mft->entries; i++) {
		const struct mft_entry *e = &mft->e[i];
		/* Read as a byte: any value but 0 or 1 in a C bool is
		 * undefined, and this one comes from the file. */
		uint8_t attached;

		/* Solo5's rule, for every entry: the last byte is NUL,
		 * whatever comes before it. */
		if (e->name[MFT_NAME_SIZE - 1] != 0)
			return refuse(why, "manifest entry %u: name is not "
				      "NUL-terminated (byte %u is not 0)", i,
				      MFT_NAME_SIZE);
		memcpy(&attached, &e->attached, 1);
		if (attached)
			return refuse(why, "manifest entry %u ('%s') is already "
				      "marked attached", i, e->name);
		if (i == 0)
			continue;
		if (!valid_name(e->name))
			return refuse(why, "manifest entry %u: bad name '%s'",
				      i, e->name);
		if (e->type != MFT_DEV_BLOCK_BASIC &&
		    e->type != MFT_DEV_NET_BASIC)
			return refuse(why, "manifest entry %u ('%s'): unknown "
				      "type %u", i, e->name, (unsigned)e->type);
		for (unsigned j = 1; j < i; j++)
			if (strcmp(mft->e[j].name, e->name) == 0)
				return refuse(why, "manifest declares '%s' twice",
					      e->name);
	}
	for (unsigned i = 1; i < mft->entries; i++) {
		memset(&mft->e[i].u, 0, sizeof(mft->e[i].u));
		memset(&mft->e[i].b, 0, sizeof(mft->e[i].b));
	}
	return 0;
}

struct mft_entry *mft_get_by_name(struct mft *mft, const char *name,
				  mft_type_t type, unsigned *index)
{
	for (unsigned i = 1; i < mft->entries; i++) {
		if (mft->e[i].type == type &&
		    strncmp(mft->e[i].name, name, MFT_NAME_SIZE) == 0) {
			if (index)
				*index = i;
			return &mft->e[i];
		}
	}
	return NULL;
}

const char *mft_type_to_string(mft_type_t type)
{
	switch (type) {
	case MFT_DEV_BLOCK_BASIC:
		return "BLOCK_BASIC";
	case MFT_DEV_NET_BASIC:
		return "NET_BASIC";
	case MFT_RESERVED_FIRST:
		return "RESERVED";
	default:
		return "UNKNOWN";
	}
}
