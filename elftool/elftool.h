/* SPDX-License-Identifier: ISC */
/*
 * elftool.h: the commands of nablux-elftool and its one error format.
 */
#ifndef NABLUX_ELFTOOL_H
#define NABLUX_ELFTOOL_H

#define ELFTOOL_NAME "nablux-elftool"

/* Print "nablux-elftool: <what>: <why>" on stderr. Every failure path
 * uses this, so scripts can match one line and nothing else. */
__attribute__((format(printf, 2, 3)))
void elftool_error(const char *what, const char *fmt, ...);

/* Each command returns the process exit status (0 or 1). */
int elftool_gen_manifest(const char *source, const char *output);
int elftool_query_abi(const char *binary);
int elftool_query_manifest(const char *binary);
int elftool_query_ext(const char *binary);

#endif /* NABLUX_ELFTOOL_H */
