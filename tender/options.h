/* SPDX-License-Identifier: ISC */
/*
 * options.h: parsing "--OPT:NAME=VALUE" device options.
 */
#ifndef NABLUX_TENDER_OPTIONS_H
#define NABLUX_TENDER_OPTIONS_H

#include "mft.h"

/* If (arg) starts with (prefix) ("--net:"), split the rest at the first
 * '=' into a device name (checked: 1..67 characters of [A-Za-z0-9]) and a
 * non-empty value, returning 0; -1 if the prefix does not match. A
 * malformed option exits with a message. */
int option_split(const char *arg, const char *prefix,
		 char name[MFT_NAME_SIZE], const char **value);

/* The manifest entry (name) of (type), or exit with a message saying
 * whether it is undeclared or declared with another type. */
struct mft_entry *option_entry(const char *arg, struct mft *mft,
			       const char *name, mft_type_t type,
			       unsigned *index);

#endif /* NABLUX_TENDER_OPTIONS_H */
