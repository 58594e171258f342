/* SPDX-License-Identifier: ISC */
/*
 * cmdline.h: splitting the Solo5 command line into envp and argv
 * (private to the platform; the format is documented in platform.h and
 * cmdline.c).
 */
#ifndef NABLUX_PLATFORM_CMDLINE_H
#define NABLUX_PLATFORM_CMDLINE_H

#include <stddef.h>

struct cmdline {
	int argc;
	char **argv;	/* argc words, then NULL */
	char **envp;	/* the NAME=VALUE words, then NULL */
};

/* What cmdline_parse(s) needs: (*chars) bytes of string space and
 * (*ptrs) pointers, both upper bounds. */
void cmdline_size(const char *s, size_t *chars, size_t *ptrs);
/* Split (s) into words stored in (buf), pointed to from (vec). */
void cmdline_parse(const char *s, char *buf, char **vec, struct cmdline *out);

#endif
