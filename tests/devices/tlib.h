/* SPDX-License-Identifier: ISC */
/*
 * tlib.h: tiny freestanding helpers shared by the device test unikernels
 * (console output, memory and string helpers, command-line words).
 * No libc: everything here sits directly on the Solo5 API.
 */
#ifndef NABLUX_TESTS_DEVICES_TLIB_H
#define NABLUX_TESTS_DEVICES_TLIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "solo5.h"

/* The compiler may emit calls to these for copies and initialisers; they
 * are defined weak so that the bindings' own versions, if any, win. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t t_strlen(const char *s);
bool t_streq(const char *a, const char *b);

/* Console output. t_printf knows %s %c %d %u %x %p %%, the length
 * modifiers l and ll (and z), and a zero-padded field width (%02x). */
void t_puts(const char *s);
void t_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void t_vprintf(const char *fmt, va_list ap);

/* Command line: space-separated words; t_arg(cmdline, "key") finds the
 * last word "key=VALUE" and copies VALUE into (buf); false if absent or
 * too long. Words "--solo5:..." are left to the bindings. */
bool t_arg(const char *cmdline, const char *key, char *buf, size_t size);
/* Decimal number (with no sign); false on junk or overflow. */
bool t_parse_u64(const char *s, uint64_t *out);
/* Dotted-quad IPv4 address into 4 bytes, network order. */
bool t_parse_ipv4(const char *s, uint8_t out[4]);

/* Byte order (x86_64 is little-endian; the network is big-endian). */
static inline uint16_t t_htons(uint16_t x)
{
	return (uint16_t)((x << 8) | (x >> 8));
}
#define t_ntohs t_htons

/* Prints "FAILURE: <why>" and exits with status 1. */
void t_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Names a solo5_result_t for messages. */
const char *t_result_name(solo5_result_t r);

#endif
