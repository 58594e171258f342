/* SPDX-License-Identifier: GPL-2.0 */
/*
 * demo.c: the README's demo. A Linux unikernel whose root file system is
 * an ext4 image of demo/rootfs: it reads /hello.txt, writes
 * /from-unikernel.txt back, and says what it did. (Until musl lands it
 * calls the kernel's system call API directly.)
 */
#include <stdint.h>

#include "platform.h"
#include <nablux/app.h>
#include <nablux/nablux.h>

#define NR_read 0
#define NR_write 1
#define NR_close 3
#define NR_getpid 39
#define NR_uname 63
#define NR_openat 257
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

static char *append(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

int nablux_main(int argc, char **argv, char **envp)
{
	char text[256] = { 0 }, uts[6 * 65], msg[512], *p = msg;

	(void)argc, (void)argv, (void)envp;
	long fd = sc(NR_openat, AT_FDCWD, (long)"/hello.txt", 0, 0);
	long n = fd < 0 ? fd : sc(NR_read, fd, (long)text, sizeof(text) - 1, 0);
	if (fd >= 0)
		sc(NR_close, fd, 0, 0, 0);
	if (n < 0) {
		out("demo: cannot read /hello.txt\n");
		return 1;
	}
	out("demo: read /hello.txt: ");
	out(text);

	sc(NR_uname, (long)uts, 0, 0, 0);
	p = append(p, "written by pid ");
	*p++ = (char)('0' + sc(NR_getpid, 0, 0, 0, 0) % 10);
	p = append(p, " of a ");
	p = append(p, uts);
	p = append(p, " ");
	p = append(p, uts + 2 * 65);
	p = append(p, " kernel inside nablux-spt\n");
	fd = sc(NR_openat, AT_FDCWD, (long)"/from-unikernel.txt",
		O_WRONLY | O_CREAT | O_TRUNC, 0644);
	n = fd < 0 ? fd : sc(NR_write, fd, (long)msg, p - msg, 0);
	if (fd >= 0)
		sc(NR_close, fd, 0, 0, 0);
	if (n != p - msg) {
		out("demo: cannot write /from-unikernel.txt\n");
		return 1;
	}
	out("demo: wrote /from-unikernel.txt: ");
	plat_write(1, msg, (unsigned long)(p - msg));
	return 0;
}
