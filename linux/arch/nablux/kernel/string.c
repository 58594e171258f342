// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy, memset and memmove with x86_64 string instructions: the kernel
 * runs as ordinary user code, so these are what its copies cost.
 */
#include <linux/export.h>
#include <linux/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	asm volatile("rep movsb"
		     : "+D"(d), "+S"(src), "+c"(n)
		     :
		     : "memory");
	return dst;
}
EXPORT_SYMBOL(memcpy);

void *memset(void *s, int c, size_t n)
{
	void *d = s;

	asm volatile("rep stosb"
		     : "+D"(d), "+c"(n)
		     : "a"(c)
		     : "memory");
	return s;
}
EXPORT_SYMBOL(memset);

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned long d = (unsigned long)dst, s = (unsigned long)src;

	/* Forward is safe unless dst starts inside [src, src + n). */
	if (d - s >= n)
		return memcpy(dst, src, n);
	/* Backward, from the last byte, with the direction flag set. */
	void *de = (char *)dst + n - 1;
	const void *se = (const char *)src + n - 1;
	asm volatile("std\n\trep movsb\n\tcld"
		     : "+D"(de), "+S"(se), "+c"(n)
		     :
		     : "memory");
	return dst;
}
EXPORT_SYMBOL(memmove);
