/* SPDX-License-Identifier: GPL-2.0 */
/*
 * app.c: a Linux unikernel on the start-up of linux/app (nablux_main),
 * driven by its first argument:
 *   status N    print argv and envp, check pid 1, exit N
 *   disk        read /etc/hostname, write /app.txt
 *   route       print /proc/net/route
 *   sleep MS    sleep (the test pings meanwhile), then exit 0
 *   leave-open  exit 0 with a file open for writing and an unlinked one
 */
#include <stdint.h>

#include "platform.h"
#include <nablux/app.h>
#include <nablux/nablux.h>

#define NR_read 0
#define NR_write 1
#define NR_close 3
#define NR_nanosleep 35
#define NR_getpid 39
#define NR_openat 257
#define NR_unlinkat 263
#define AT_FDCWD (-100)
#define O_WRONLY 01
#define O_CREAT 0100
#define O_TRUNC 01000

static long sc(long nr, long a, long b, long c, long d)
{
	long args[6] = { a, b, c, d, 0, 0 };

	return nablux_syscall(nr, args);
}

static unsigned long slen(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void out(const char *s)
{
	plat_write(1, s, slen(s));
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static long num(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

static int cat(const char *path)
{
	static char buf[4096];
	long fd = sc(NR_openat, AT_FDCWD, (long)path, 0, 0), n;

	if (fd < 0)
		return (int)fd;
	while ((n = sc(NR_read, fd, (long)buf, sizeof(buf), 0)) > 0)
		plat_write(1, buf, (unsigned long)n);
	sc(NR_close, fd, 0, 0, 0);
	return n < 0 ? (int)n : 0;
}

int nablux_main(int argc, char **argv, char **envp)
{
	if (argc >= 2 && same(argv[0], "status")) {
		for (int i = 0; i < argc; i++) {
			out("argv: ");
			out(argv[i]);
			out("\n");
		}
		for (char **e = envp; *e; e++) {
			out("envp: ");
			out(*e);
			out("\n");
		}
		if (sc(NR_getpid, 0, 0, 0, 0) != 1) {
			out("not pid 1\n");
			return 99;
		}
		return (int)num(argv[1]);
	}
	if (argc >= 1 && same(argv[0], "disk")) {
		static const char msg[] = "written through linux/app\n";
		out("hostname: ");
		if (cat("/etc/hostname") < 0)
			return 2;
		long fd = sc(NR_openat, AT_FDCWD, (long)"/app.txt",
			     O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || sc(NR_write, fd, (long)msg, sizeof(msg) - 1, 0) !=
		    sizeof(msg) - 1)
			return 3;
		sc(NR_close, fd, 0, 0, 0);
		out("wrote /app.txt\n");
		return 0;
	}
	if (argc >= 1 && same(argv[0], "route"))
		return cat("/proc/net/route") < 0 ? 4 : 0;
	if (argc >= 2 && same(argv[0], "sleep")) {
		long ms = num(argv[1]);
		long ts[2] = { ms / 1000, (ms % 1000) * 1000000 };
		out("sleeping\n");
		return sc(NR_nanosleep, (long)ts, 0, 0, 0) == 0 ? 0 : 5;
	}
	if (argc >= 1 && same(argv[0], "leave-open")) {
		long fd = sc(NR_openat, AT_FDCWD, (long)"/open.txt",
			     O_WRONLY | O_CREAT | O_TRUNC, 0644);
		long gone = sc(NR_openat, AT_FDCWD, (long)"/gone.txt",
			       O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || gone < 0 || sc(NR_write, fd, (long)"x", 1, 0) != 1 ||
		    sc(NR_unlinkat, AT_FDCWD, (long)"/gone.txt", 0, 0) != 0)
			return 6;
		out("left open\n");
		return 0;
	}
	out("usage: status N | disk | route | sleep MS | leave-open\n");
	return 2;
}
