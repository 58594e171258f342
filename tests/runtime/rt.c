/* SPDX-License-Identifier: ISC */
/*
 * The runtime suite's unikernel (built with nablux-cc, with and without
 * --nablux-net):
 *   rt [xN] [WORDS...]   prints argv, the environment, the host name and
 *                        the working directory; exits with N (0 without
 *                        xN)
 *   rt sleep SECONDS     prints "sleeping", sleeps, exits 0; on SIGTERM
 *                        prints "got SIGTERM" and exits 0 at once (pid 1
 *                        without a handler ignores it, as in a container)
 *   rt echo [N]          TCP on port 7777: echoes the bytes of N (1)
 *                        connections, one after the other, each until the
 *                        peer closes, then exits 0
 *   rt cat FILE...       copies the files to stdout; exits 1 if one fails
 *   rt write FILE TEXT   writes TEXT to FILE (made if missing); exits 1
 *                        with the error if it cannot (EROFS: read-only)
 *   rt scribble DEV      what a program that owns its kernel can do to a
 *                        read-only root: makes the block device DEV
 *                        writable again, writes its first 4 KiB and
 *                        syncs; prints "scribbled" if that worked
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

static int echo(int conns)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(7777) };
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);
	static char buf[65536];

	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 4)) {
		perror("socket/bind/listen");
		return 2;
	}
	printf("listening\n");
	fflush(stdout);
	for (int i = 0; i < conns; i++) {
		int c = accept(l, NULL, NULL);
		if (c < 0) {
			perror("accept");
			return 2;
		}
		ssize_t n;
		while ((n = read(c, buf, sizeof(buf))) > 0)
			if (write(c, buf, (size_t)n) != n)
				return 3;
		close(c);
	}
	printf("served\n");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	char host[256], cwd[256];

	if (argc > 1 && strcmp(argv[1], "echo") == 0)
		return echo(argc > 2 ? atoi(argv[2]) : 1);
	if (argc > 1 && strcmp(argv[1], "cat") == 0) {
		int st = 0;

		for (int i = 2; i < argc; i++) {
			FILE *f = fopen(argv[i], "r");
			int c;

			if (!f) {
				perror(argv[i]);
				st = 1;
				continue;
			}
			while ((c = getc(f)) != EOF)
				putchar(c);
			fclose(f);
		}
		return st;
	}
	if (argc > 3 && strcmp(argv[1], "write") == 0) {
		FILE *f = fopen(argv[2], "w");

		if (!f || fputs(argv[3], f) < 0 || fclose(f)) {
			perror(argv[2]);
			return 1;
		}
		printf("wrote %s\n", argv[2]);
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "scribble") == 0) {
		static char junk[4096] = "scribbled";
		int zero = 0, fd = open(argv[2], O_RDONLY);

		if (fd < 0 || ioctl(fd, BLKROSET, &zero) < 0 || close(fd) < 0 ||
		    (fd = open(argv[2], O_RDWR)) < 0 ||
		    pwrite(fd, junk, sizeof(junk), 0) != sizeof(junk) ||
		    fsync(fd) < 0) {
			perror(argv[2]);
			return 1;
		}
		printf("scribbled\n");
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "sleep") == 0) {
		struct sigaction sa = { .sa_handler = on_term };
		struct timespec t = { .tv_sec = atoi(argv[2]) };

		sigaction(SIGTERM, &sa, NULL);
		printf("sleeping\n");
		fflush(stdout);
		while (nanosleep(&t, &t) < 0 && errno == EINTR && !got_term)
			;
		if (got_term)
			printf("got SIGTERM\n");
		return 0;
	}
	printf("hello from %s\n", argv[0]);
	for (int i = 1; i < argc; i++)
		printf("arg %s\n", argv[i]);
	for (char **e = envp; *e; e++)
		printf("env %s\n", *e);
	if (gethostname(host, sizeof(host)) == 0)
		printf("host %s\n", host);
	if (getcwd(cwd, sizeof(cwd)))
		printf("cwd %s\n", cwd);
	return argc > 1 && argv[1][0] == 'x' ? atoi(argv[1] + 1) : 0;
}
