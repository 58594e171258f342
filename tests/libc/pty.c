/*
 * Pseudo-terminals: /dev/ptmx and the devpts on /dev/pts; posix_openpt,
 * grantpt, unlockpt, ptsname; data through the pair both ways in the
 * default (cooked, echoing) mode and in raw mode (cfmakeraw); isatty,
 * ttyname, the window size, openpty, and the master's EIO once the
 * slave is closed. The same source runs natively as the reference.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/magic.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

/* Up to n bytes from fd, waiting at most ms for the first (tty data
 * reaches the other side through the line discipline's work, later). */
static ssize_t rd(int fd, char *buf, size_t n, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, ms) != 1)
		return -2;
	return read(fd, buf, n);
}

/* Exactly the bytes of want, read in pieces as they come. */
static int expect(int fd, const char *want)
{
	char buf[64];
	size_t got = 0, n = strlen(want);

	while (got < n) {
		ssize_t r = rd(fd, buf + got, n - got, 2000);

		if (r <= 0)
			return 0;
		got += (size_t)r;
	}
	return memcmp(buf, want, n) == 0;
}

static int put(int fd, const char *s)
{
	return write(fd, s, strlen(s)) == (ssize_t)strlen(s);
}

int main(void)
{
	struct stat st;
	struct statfs sf;
	char buf[64];

	CHECK("dev-pts-is-devpts",
	      statfs("/dev/pts", &sf) == 0 && sf.f_type == DEVPTS_SUPER_MAGIC);
	CHECK("dev-ptmx", stat("/dev/ptmx", &st) == 0 && S_ISCHR(st.st_mode) &&
	      major(st.st_rdev) == 5 && minor(st.st_rdev) == 2);

	int m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK("posix_openpt", m >= 0);
	CHECK("grantpt", grantpt(m) == 0);
	CHECK("unlockpt", unlockpt(m) == 0);
	const char *name = ptsname(m);
	check("ptsname", name && !strncmp(name, "/dev/pts/", 9), "%s",
	      name ? name : "NULL");
	if (m < 0 || !name)
		return check_summary();
	int s = open(name, O_RDWR | O_NOCTTY);
	CHECK("open-slave", s >= 0);
	CHECK("slave-node", fstat(s, &st) == 0 && S_ISCHR(st.st_mode));
	CHECK("isatty-slave", isatty(s) == 1);
	CHECK("isatty-master", isatty(m) == 1);
	const char *tn = ttyname(s);
	check("ttyname", tn && !strcmp(tn, name), "%s", tn ? tn : "NULL");

	/* Cooked: a line reaches the slave when it ends, the master sees
	 * the echo, and output gets CR before LF (ONLCR). */
	CHECK("cooked-master-write", put(m, "hello"));
	CHECK("cooked-no-partial-line", rd(s, buf, sizeof(buf), 200) == -2);
	CHECK("cooked-master-write-eol", put(m, "\n"));
	CHECK("cooked-slave-reads-line", expect(s, "hello\n"));
	CHECK("cooked-echo", expect(m, "hello\r\n"));
	CHECK("cooked-slave-write", put(s, "out\n"));
	CHECK("cooked-master-reads-onlcr", expect(m, "out\r\n"));

	/* Raw: bytes as they come, no echo, no signals, no output mapping. */
	struct termios t;
	CHECK("tcgetattr", tcgetattr(s, &t) == 0);
	cfmakeraw(&t);
	CHECK("tcsetattr-raw", tcsetattr(s, TCSANOW, &t) == 0);
	CHECK("raw-reads-back", tcgetattr(s, &t) == 0 &&
	      !(t.c_lflag & (ICANON | ECHO | ISIG)) && !(t.c_oflag & OPOST));
	CHECK("raw-master-write", put(m, "a\003b"));
	CHECK("raw-slave-reads-bytes", expect(s, "a\003b"));
	CHECK("raw-no-echo", rd(m, buf, sizeof(buf), 200) == -2);
	CHECK("raw-slave-write", put(s, "x\n"));
	CHECK("raw-master-reads-as-is", expect(m, "x\n"));

	struct winsize ws = { .ws_row = 40, .ws_col = 132 }, got = { 0 };
	CHECK("winsize", ioctl(m, TIOCSWINSZ, &ws) == 0 &&
	      ioctl(s, TIOCGWINSZ, &got) == 0 && got.ws_row == 40 &&
	      got.ws_col == 132);

	/* The slave's last close hangs the master up. */
	close(s);
	errno = 0;
	CHECK("master-eio-after-slave-close",
	      rd(m, buf, sizeof(buf), 2000) == -1 && errno == EIO);
	close(m);

	int om, os;
	char oname[64];
	CHECK("openpty", openpty(&om, &os, oname, NULL, NULL) == 0);
	CHECK("openpty-pair", put(os, "y") && expect(om, "y") &&
	      !strncmp(oname, "/dev/pts/", 9));
	return check_summary();
}
