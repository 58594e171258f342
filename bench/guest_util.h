/* SPDX-License-Identifier: ISC */
/* guest_util.h: tiny freestanding helpers for the benchmark unikernels. */
#ifndef NABLUX_BENCH_GUEST_UTIL_H
#define NABLUX_BENCH_GUEST_UTIL_H

#include "solo5.h"

static inline void put(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	solo5_console_write(s, n);
}

static inline void put_u64(uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(buf + i);
}

/* "KEY VALUE\n": one figure per line, for bench/run.sh to pick up. */
static inline void figure(const char *key, uint64_t v)
{
	put(key);
	put(" ");
	put_u64(v);
	put("\n");
}

static inline uint64_t parse_u64(const char *s)
{
	uint64_t v = 0;

	while (*s == ' ')
		s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

#endif
