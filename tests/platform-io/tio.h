/* SPDX-License-Identifier: ISC */
/*
 * tio.h: freestanding helpers for the platform-io test unikernels, on the
 * platform's calls only (plat_write to descriptor 1 for output).
 */
#ifndef NABLUX_TESTS_PLATFORM_IO_TIO_H
#define NABLUX_TESTS_PLATFORM_IO_TIO_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "platform.h"

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t t_strlen(const char *s);
bool t_startswith(const char *s, const char *prefix);
/* Decimal; false on junk. */
bool t_u64(const char *s, uint64_t *v);
/* "key=N" among argv; (def) if absent. */
uint64_t t_arg_u64(int argc, char **argv, const char *key, uint64_t def);

/* printf to the console: %s %c %d %u %x, l/ll/z modifiers, 0-padded
 * width. */
void t_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "FAILURE: ..." and exit status 1. */
void t_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
#define T_CHECK(cond, ...)                       \
	do {                                     \
		if (!(cond))                     \
			t_die(__VA_ARGS__);      \
	} while (0)

uint64_t t_mono(void);	/* CLOCK_MONOTONIC, ns */

#endif
