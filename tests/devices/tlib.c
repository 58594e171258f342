/* SPDX-License-Identifier: ISC */
/*
 * tlib.c: freestanding helpers for the device test unikernels.
 */
#include "tlib.h"

/* Keep the compiler from turning these loops back into calls to
 * themselves. */
#define NO_LIBCALL __attribute__((weak, optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

NO_LIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dst;
}

NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t t_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

bool t_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void t_puts(const char *s)
{
	solo5_console_write(s, t_strlen(s));
}

/* Output is gathered in a small buffer and flushed in pieces, so that a
 * line normally reaches the console in one write. */
struct obuf {
	char b[256];
	size_t n;
};

static void ob_flush(struct obuf *o)
{
	if (o->n)
		solo5_console_write(o->b, o->n);
	o->n = 0;
}

static void ob_putc(struct obuf *o, char c)
{
	if (o->n == sizeof o->b)
		ob_flush(o);
	o->b[o->n++] = c;
}

static void ob_num(struct obuf *o, unsigned long long v, unsigned base,
		   bool neg, unsigned width, char pad)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	unsigned n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width > n) {
		ob_putc(o, pad);
		width--;
	}
	while (n)
		ob_putc(o, tmp[--n]);
}

void t_vprintf(const char *fmt, va_list ap)
{
	struct obuf o;

	o.n = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			ob_putc(&o, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		unsigned width = 0;
		int lng = 0;

		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			long long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			ob_num(&o, v < 0 ? 0ULL - (unsigned long long)v
					 : (unsigned long long)v,
			       10, v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng ? va_arg(ap, unsigned long)
						   : va_arg(ap, unsigned);
			ob_num(&o, v, *fmt == 'u' ? 10 : 16, false, width, pad);
			break;
		}
		case 'p':
			ob_putc(&o, '0');
			ob_putc(&o, 'x');
			ob_num(&o, (uintptr_t)va_arg(ap, void *), 16, false,
			       width, pad);
			break;
		case 'c':
			ob_putc(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			size_t len = t_strlen(s);
			for (; width > len; width--)
				ob_putc(&o, ' ');
			while (*s)
				ob_putc(&o, *s++);
			break;
		}
		case '%':
			ob_putc(&o, '%');
			break;
		case '\0':
			fmt--;	/* a lone '%' at the end */
			break;
		default:
			ob_putc(&o, '%');
			ob_putc(&o, *fmt);
			break;
		}
	}
	ob_flush(&o);
}

void t_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t_vprintf(fmt, ap);
	va_end(ap);
}

void t_die(const char *fmt, ...)
{
	va_list ap;

	t_puts("FAILURE: ");
	va_start(ap, fmt);
	t_vprintf(fmt, ap);
	va_end(ap);
	t_puts("\n");
	solo5_exit(SOLO5_EXIT_FAILURE);
}

bool t_arg(const char *cmdline, const char *key, char *buf, size_t size)
{
	size_t klen = t_strlen(key);
	bool found = false;
	const char *p = cmdline;

	if (p == NULL || size == 0)
		return false;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t wlen = (size_t)(p - w);
		if (wlen > klen && w[klen] == '=' && memcmp(w, key, klen) == 0) {
			size_t vlen = wlen - klen - 1;
			if (vlen >= size)
				return false;
			memcpy(buf, w + klen + 1, vlen);
			buf[vlen] = '\0';
			found = true;
		}
	}
	return found;
}

bool t_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

bool t_parse_ipv4(const char *s, uint8_t out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0, nd = 0;

		while (*s >= '0' && *s <= '9' && nd < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			nd++;
		}
		if (nd == 0 || nd > 3 || v > 255)
			return false;
		out[i] = (uint8_t)v;
		if (i < 3 && *s++ != '.')
			return false;
	}
	return *s == '\0';
}

const char *t_result_name(solo5_result_t r)
{
	switch (r) {
	case SOLO5_R_OK:
		return "OK";
	case SOLO5_R_AGAIN:
		return "AGAIN";
	case SOLO5_R_EINVAL:
		return "EINVAL";
	case SOLO5_R_EUNSPEC:
		return "EUNSPEC";
	}
	return "(unknown result)";
}
