/* SPDX-License-Identifier: ISC */
/*
 * mft.c: device lookups in the manifest the tender filled in for us.
 *
 * A handle is the device's manifest index. Each device may be acquired
 * once; I/O is refused on handles that were never acquired.
 */
#include "bindings.h"

static const struct mft *mft;
static uint64_t acquired;	/* bit i: entry i has been acquired */
static unsigned net_count;

void mft_init(const struct spt_boot_info *bi)
{
	mft = bi->mft;
	/* The tender checked this; a broken copy means a broken tender. */
	if (mft == NULL || mft->version != MFT_VERSION ||
	    mft->entries == 0 || mft->entries > MFT_MAX_ENTRIES ||
	    mft->e[0].type != MFT_RESERVED_FIRST)
		bindings_panic("invalid manifest from the tender");
	for (unsigned i = 1; i < mft->entries; i++)
		if (mft->e[i].type == MFT_DEV_NET_BASIC)
			net_count++;
}

unsigned mft_net_count(void)
{
	return net_count;
}

static bool name_equal(const char *entry, const char *name)
{
	size_t n = strnlen(name, MFT_NAME_SIZE);

	if (n == 0 || n > MFT_NAME_MAX)
		return false;
	/* The entry's name may be unterminated: compare n + 1 bytes. */
	return memcmp(entry, name, n) == 0 && entry[n] == '\0';
}

const struct mft_entry *mft_acquire(const char *name, mft_type_t type,
				    solo5_handle_t *handle)
{
	if (name == NULL || handle == NULL)
		return NULL;
	for (unsigned i = 1; i < mft->entries; i++) {
		const struct mft_entry *e = &mft->e[i];
		if (e->type != type || !name_equal(e->name, name))
			continue;
		if (!e->attached) {
			log(WARN, "Solo5: device '%s' is not attached\n", name);
			return NULL;
		}
		if (acquired & (1ULL << i))
			return NULL;
		acquired |= 1ULL << i;
		*handle = i;
		return e;
	}
	return NULL;
}

const struct mft_entry *mft_get(solo5_handle_t handle, mft_type_t type)
{
	if (handle == 0 || handle >= mft->entries ||
	    !(acquired & (1ULL << handle)))
		return NULL;
	const struct mft_entry *e = &mft->e[handle];
	return e->type == type ? e : NULL;
}
