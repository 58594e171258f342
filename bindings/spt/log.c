/* SPDX-License-Identifier: ISC */
/*
 * log.c: the bindings' own messages ("Solo5: ..."), filtered by the level
 * chosen on the command line, formatted by a printf just big enough for
 * them (%s %c %d %u %x %p with l/ll/z, and %%).
 */
#include "bindings.h"

static enum log_level current_level = LOG_INFO;

/* A unikernel may link a quieter default: programs built by nablux-cc
 * print only their own output. --solo5:LEVEL still overrides it. */
extern const int nablux_solo5_log_level __attribute__((weak));

void log_init(void)
{
	if (&nablux_solo5_log_level != NULL)
		current_level = (enum log_level)nablux_solo5_log_level;
}

void log_set_level(enum log_level level)
{
	current_level = level;
}

struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, char c)
{
	if (o->len < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void put_str(struct out *o, const char *s)
{
	if (s == NULL)
		s = "(null)";
	while (*s)
		put(o, *s++);
}

static void put_uint(struct out *o, unsigned long long v, unsigned base)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(o, digits[--n]);
}

static void format(struct out *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(o, *fmt);
			continue;
		}
		fmt++;
		int longs = 0;
		while (*fmt == 'l' || *fmt == 'z') {
			longs += (*fmt == 'z') ? 2 : 1;
			fmt++;
		}
		unsigned long long u;
		switch (*fmt) {
		case 'd': {
			/* On x86_64, long and long long are the same. */
			long long v = longs ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0) {
				put(o, '-');
				u = 0ULL - (unsigned long long)v;
			} else {
				u = (unsigned long long)v;
			}
			put_uint(o, u, 10);
			break;
		}
		case 'u':
		case 'x':
			u = longs ? va_arg(ap, unsigned long)
				  : va_arg(ap, unsigned);
			put_uint(o, u, *fmt == 'u' ? 10 : 16);
			break;
		case 'p':
			put_str(o, "0x");
			put_uint(o, (uintptr_t)va_arg(ap, void *), 16);
			break;
		case 's':
			put_str(o, va_arg(ap, const char *));
			break;
		case 'c':
			put(o, (char)va_arg(ap, int));
			break;
		case '%':
			put(o, '%');
			break;
		case '\0':
			return;
		default:
			put(o, '%');
			put(o, *fmt);
			break;
		}
	}
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	if (level > current_level)
		return;

	/* Small: this may run on a nearly exhausted stack. */
	char buf[256];
	struct out o = { buf, 0, sizeof buf };
	va_list ap;

	va_start(ap, fmt);
	format(&o, fmt, ap);
	va_end(ap);
	if (o.len > o.cap) {
		static const char trunc[] = "(truncated)\n";
		(void)sys_write(SYS_STDOUT, buf, o.cap);
		(void)sys_write(SYS_STDOUT, trunc, sizeof trunc - 1);
	} else {
		(void)sys_write(SYS_STDOUT, buf, o.len);
	}
}

void bindings_panic(const char *msg)
{
	static const char prefix[] = "Solo5: ABORT: ";

	(void)sys_write(SYS_STDOUT, prefix, sizeof prefix - 1);
	(void)sys_write(SYS_STDOUT, msg, strlen(msg));
	(void)sys_write(SYS_STDOUT, "\n", 1);
	sys_exit_group(SOLO5_EXIT_ABORT);
}
