/* SPDX-License-Identifier: ISC */
/*
 * tutil.h: output, checks, a PRNG and a clock for the memory test
 * unikernels (they link the platform's objects, so the platform's memset
 * & co. and its internal calls are at hand).
 */
#ifndef PLATFORM_MEM_TUTIL_H
#define PLATFORM_MEM_TUTIL_H

#include "pages.h"

static inline void out(const char *s)
{
	solo5_console_write(s, strlen(s));
}

static inline void out_u(uint64_t v)
{
	char buf[21];
	int i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	solo5_console_write(buf + i, sizeof(buf) - (size_t)i);
}

/* "KEY VALUE\n" */
static inline void figure(const char *key, uint64_t v)
{
	out(key);
	out(" ");
	out_u(v);
	out("\n");
}

static inline uint64_t atou(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

#define CHECK(c)                                                             \
	do {                                                                 \
		if (!(c)) {                                                  \
			out("FAIL " __FILE__ ":");                           \
			out_u(__LINE__);                                     \
			out(": " #c "\n");                                   \
			return 1;                                            \
		}                                                            \
	} while (0)

static uint64_t rng_state = 88172645463325252ULL;

static inline uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static inline uint64_t now(void)
{
	return solo5_clock_monotonic();
}

static inline struct plat_mem_stats stats(void)
{
	struct plat_mem_stats st;

	plat_mem_stats(&st);
	return st;
}

static inline void out_stats(const char *what, struct plat_mem_stats st)
{
	out(what);
	out(": total ");
	out_u(st.total);
	out(" free ");
	out_u(st.free);
	out(" largest ");
	out_u(st.largest_free);
	out(" pages\n");
}

#define MERR(p) ((long)(intptr_t)(p))
#define ANON 0x22	/* MAP_PRIVATE | MAP_ANONYMOUS */
#define RW 3

#endif
