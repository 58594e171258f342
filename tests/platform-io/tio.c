/* SPDX-License-Identifier: ISC */
/*
 * tio.c: console output, strings and memory for the test unikernels. The
 * platform keeps its own memcpy & co. local, so the program needs these
 * for the copies the compiler emits.
 */
#include "tio.h"

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

NO_LIBCALL void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

NO_LIBCALL void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	if (p < q) {
		while (n--)
			*p++ = *q++;
	} else {
		while (n--)
			p[n] = q[n];
	}
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

NO_LIBCALL size_t t_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

bool t_startswith(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

bool t_u64(const char *s, uint64_t *v)
{
	uint64_t n = 0;

	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > (UINT64_MAX - 9) / 10)
			return false;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*v = n;
	return true;
}

uint64_t t_arg_u64(int argc, char **argv, const char *key, uint64_t def)
{
	size_t kl = t_strlen(key);
	uint64_t v;

	for (int i = 0; i < argc; i++)
		if (t_startswith(argv[i], key) && argv[i][kl] == '=') {
			if (!t_u64(argv[i] + kl + 1, &v))
				t_die("bad number in %s", argv[i]);
			return v;
		}
	return def;
}

struct out {
	char buf[512];
	size_t n;
};

static void put(struct out *o, char c)
{
	if (o->n == sizeof o->buf) {
		plat_write(1, o->buf, o->n);
		o->n = 0;
	}
	o->buf[o->n++] = c;
}

static void put_num(struct out *o, uint64_t v, unsigned base, int width,
		    bool neg)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		put(o, '-');
	for (int i = n; i < width; i++)
		put(o, '0');
	while (n)
		put(o, d[--n]);
}

static void t_vprintf(const char *fmt, va_list ap)
{
	struct out o = { .n = 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		int width = 0, lng = 0;
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				put(&o, *s);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10,
				width, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = lng ? va_arg(ap, unsigned long)
					 : va_arg(ap, unsigned);
			put_num(&o, v, *fmt == 'u' ? 10 : 16, width, false);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '?');
			if (*fmt == '\0')
				fmt--;
		}
	}
	if (o.n)
		plat_write(1, o.buf, o.n);
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

	t_printf("FAILURE: ");
	va_start(ap, fmt);
	t_vprintf(fmt, ap);
	va_end(ap);
	t_printf("\n");
	plat_exit(1);
}

uint64_t t_mono(void)
{
	struct plat_timespec ts;

	plat_clock_gettime(1, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}
