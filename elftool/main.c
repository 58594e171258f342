/* SPDX-License-Identifier: ISC */
/*
 * main.c: nablux-elftool command line, as Solo5's solo5-elftool.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elftool.h"

void elftool_error(const char *what, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: %s: ", ELFTOOL_NAME, what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage(FILE *f, int status)
{
	fprintf(f,
		"usage: " ELFTOOL_NAME " COMMAND ...\n"
		"\n"
		"COMMAND is:\n"
		"    gen-manifest SOURCE OUTPUT:\n"
		"        Generate application manifest from SOURCE, writing to OUTPUT.\n"
		"    query-manifest BINARY:\n"
		"        Display the application manifest from BINARY.\n"
		"    query-abi BINARY:\n"
		"        Display the ABI target and version from BINARY.\n"
		"    query-ext BINARY:\n"
		"        Display the nablux-only extensions BINARY asks for.\n");
	return status;
}

int main(int argc, char *argv[])
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
			  strcmp(argv[1], "-h") == 0))
		return usage(stdout, EXIT_SUCCESS);
	if (argc < 2)
		return usage(stderr, EXIT_FAILURE);

	const char *cmd = argv[1];
	if (strcmp(cmd, "gen-manifest") == 0 && argc == 4)
		return elftool_gen_manifest(argv[2], argv[3]);
	if (strcmp(cmd, "query-manifest") == 0 && argc == 3)
		return elftool_query_manifest(argv[2]);
	if (strcmp(cmd, "query-abi") == 0 && argc == 3)
		return elftool_query_abi(argv[2]);
	if (strcmp(cmd, "query-ext") == 0 && argc == 3)
		return elftool_query_ext(argv[2]);

	if (strcmp(cmd, "gen-manifest") == 0 ||
	    strcmp(cmd, "query-manifest") == 0 ||
	    strcmp(cmd, "query-abi") == 0 ||
	    strcmp(cmd, "query-ext") == 0)
		elftool_error(cmd, "wrong number of arguments");
	else
		elftool_error(cmd, "unknown command");
	return usage(stderr, EXIT_FAILURE);
}
