/* SPDX-License-Identifier: ISC */
/*
 * lib.c: the freestanding memory and string helpers the platform (and the
 * compiler, for struct copies) needs. x86_64 "rep movsb/stosb" is fast on
 * every CPU with ERMS and small enough everywhere else.
 */
#include "internal.h"

/* GCC would otherwise turn the byte loops below back into calls to the
 * functions they implement. */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

void *memset(void *d, int c, size_t n)
{
	void *p = d;

	__asm__ __volatile__("rep stosb"
			     : "+D"(p), "+c"(n)
			     : "a"(c)
			     : "memory");
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	void *p = d;

	__asm__ __volatile__("rep movsb"
			     : "+D"(p), "+S"(s), "+c"(n)
			     :
			     : "memory");
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	/* Forward copying is safe unless the destination starts inside the
	 * source. */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(d, s, n);
	if (n == 0)
		return d;
	void *pd = (char *)d + n - 1;
	const void *ps = (const char *)s + n - 1;
	__asm__ __volatile__("std\n\trep movsb\n\tcld"
			     : "+D"(pd), "+S"(ps), "+c"(n)
			     :
			     : "memory");
	return d;
}

NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

NO_LIBCALL size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

NO_LIBCALL int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
