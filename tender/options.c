/* SPDX-License-Identifier: ISC */
/*
 * options.c: parsing "--OPT:NAME=VALUE" device options.
 */
#include <string.h>

#include "options.h"
#include "spt.h"

int option_split(const char *arg, const char *prefix,
		 char name[MFT_NAME_SIZE], const char **value)
{
	size_t plen = strlen(prefix);

	if (strncmp(arg, prefix, plen) != 0)
		return -1;
	const char *s = arg + plen;
	const char *eq = strchr(s, '=');
	if (eq == NULL)
		die("%s: expected %sNAME=VALUE", arg, prefix);
	size_t n = (size_t)(eq - s);
	if (n == 0 || n > MFT_NAME_MAX)
		die("%s: device name must be 1 to %d characters", arg,
		    MFT_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			die("%s: device name may only contain A-Z, a-z, 0-9",
			    arg);
	}
	memcpy(name, s, n);
	name[n] = 0;
	if (eq[1] == 0)
		die("%s: empty value", arg);
	*value = eq + 1;
	return 0;
}

struct mft_entry *option_entry(const char *arg, struct mft *mft,
			       const char *name, mft_type_t type,
			       unsigned *index)
{
	struct mft_entry *e = mft_get_by_name(mft, name, type, index);

	if (e)
		return e;
	for (unsigned i = 1; i < mft->entries; i++)
		if (strcmp(mft->e[i].name, name) == 0)
			die("%s: device '%s' is declared as %s, not %s", arg,
			    name, mft_type_to_string(mft->e[i].type),
			    mft_type_to_string(type));
	die("%s: device '%s' is not declared in the manifest", arg, name);
}
