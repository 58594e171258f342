/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ukio.h: console output and checks for the Linux unikernel tests (no
 * libc): "ok NAME" or "FAIL NAME: got N" lines, figures as "NAME VALUE".
 */
#ifndef UKIO_H
#define UKIO_H

#include <stdint.h>

#include "platform.h"
#include <nablux/nablux.h>

static inline unsigned long uk_len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static inline void put(const char *s)
{
	plat_write(1, s, uk_len(s));
}

static inline void put_num(long v)
{
	char buf[24];
	int i = sizeof(buf);
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	buf[--i] = 0;
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	put(buf + i);
}

static inline void put_figure(const char *name, long v)
{
	put(name);
	put(" ");
	put_num(v);
	put("\n");
}

static int uk_failed;

/* Prints the check; returns ok. */
static inline int check(const char *name, int ok, long got)
{
	put(ok ? "ok " : "FAIL ");
	put(name);
	if (!ok) {
		put(": got ");
		put_num(got);
		uk_failed = 1;
	}
	put("\n");
	return ok;
}

static inline long sc(long nr, long a, long b, long c, long d, long e)
{
	long args[6] = { a, b, c, d, e, 0 };

	return nablux_syscall(nr, args);
}

#endif
