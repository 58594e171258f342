/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_STRING_H
#define _ASM_NABLUX_STRING_H

#include <linux/types.h>

/*
 * The generic lib/string.c versions copy a byte per iteration; these use
 * the CPU's string instructions (kernel/string.c), which every x86_64 we
 * run on makes fast ("enhanced rep movsb/stosb").
 */
#define __HAVE_ARCH_MEMCPY
extern void *memcpy(void *dst, const void *src, size_t n);
#define __HAVE_ARCH_MEMSET
extern void *memset(void *s, int c, size_t n);
#define __HAVE_ARCH_MEMMOVE
extern void *memmove(void *dst, const void *src, size_t n);

#endif
