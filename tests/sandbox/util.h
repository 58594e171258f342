/* SPDX-License-Identifier: ISC */
/*
 * util.h: the little a test unikernel needs besides the Solo5 API:
 * string helpers and decimal output. Header-only so each test stays one
 * C file.
 */
#ifndef SANDBOX_UTIL_H
#define SANDBOX_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "solo5.h"

static inline size_t t_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static inline bool t_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static inline void t_puts(const char *s)
{
	solo5_console_write(s, t_strlen(s));
}

static inline void t_putu(uint64_t v)
{
	char buf[21];
	int i = sizeof buf;

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	solo5_console_write(buf + i, sizeof buf - i);
}

static inline void t_putx(uint64_t v)
{
	char buf[18];
	int i = sizeof buf;

	do {
		buf[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	solo5_console_write(buf + i, sizeof buf - i);
}

/* Leading decimal number of s (0 if none); *end (if given) past it. */
static inline uint64_t t_atou(const char *s, const char **end)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	if (end)
		*end = s;
	return v;
}

static inline void t_banner(const char *name)
{
	t_puts("\n**** Solo5 standalone test_");
	t_puts(name);
	t_puts(" ****\n\n");
}

/* Report a failed check and return failure from solo5_app_main. */
#define T_CHECK(cond)                                                        \
	do {                                                                 \
		if (!(cond)) {                                               \
			t_puts("FAIL: " #cond "\n");                         \
			return SOLO5_EXIT_FAILURE;                           \
		}                                                            \
	} while (0)

#endif /* SANDBOX_UTIL_H */
