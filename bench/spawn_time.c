/* SPDX-License-Identifier: ISC */
/*
 * spawn_time.c: wall time from fork to exit of a command, over N runs.
 *   spawn_time [-m] N CMD [ARGS...]   prints "median_us p90_us min_us"
 * The command's output goes to /dev/null; any failing run is an error.
 * With -m, the time from fork to the stamp "main_ns NS" the command
 * prints instead: fork -> its main. The stamp is CLOCK_REALTIME, the one
 * clock a unikernel shares with the host (its CLOCK_MONOTONIC starts at
 * its boot).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The "main_ns NS" stamp in what fd printed, in us; 0 if none. */
static double stamp_us(int fd)
{
	static char out[1 << 16];
	size_t len = 0;
	ssize_t r;

	while ((r = read(fd, out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)r;
	out[len] = 0;
	char *m = !strncmp(out, "main_ns ", 8) ? out : strstr(out, "\nmain_ns ");
	return m ? strtod(m + (*m == '\n') + 8, NULL) / 1e3 : 0;
}

int main(int argc, char **argv)
{
	int to_main = argc > 1 && !strcmp(argv[1], "-m");

	argc -= to_main;
	argv += to_main;
	if (argc < 3) {
		fprintf(stderr, "usage: spawn_time [-m] N CMD [ARGS...]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	if (n < 1)
		return 2;
	double *t = calloc((size_t)n, sizeof(*t));
	int devnull = open("/dev/null", O_WRONLY);
	for (int i = 0; i < n; i++) {
		int status, p[2] = { -1, -1 };
		if (to_main && pipe(p))
			return 1;
		clockid_t clock = to_main ? CLOCK_REALTIME : CLOCK_MONOTONIC;
		double t0 = now_us(clock), t1 = 0;
		pid_t pid = fork();
		if (pid == 0) {
			dup2(to_main ? p[1] : devnull, 1);
			dup2(devnull, 2);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (to_main) {
			close(p[1]);
			t1 = stamp_us(p[0]);
			close(p[0]);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
		    (to_main && t1 == 0)) {
			fprintf(stderr, "spawn_time: run %d failed\n", i);
			return 1;
		}
		t[i] = (to_main ? t1 : now_us(clock)) - t0;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.0f %.0f %.0f\n", t[n / 2], t[n * 9 / 10], t[0]);
	return 0;
}
