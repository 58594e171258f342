/* SPDX-License-Identifier: ISC */
/*
 * spawn_time.c: wall time from fork to exit of a command, over N runs.
 *   spawn_time N CMD [ARGS...]   prints "median_us p90_us min_us"
 * The command's output goes to /dev/null; any failing run is an error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: spawn_time N CMD [ARGS...]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	if (n < 1)
		return 2;
	double *t = calloc((size_t)n, sizeof(*t));
	int devnull = open("/dev/null", O_WRONLY);
	for (int i = 0; i < n; i++) {
		int status;
		double t0 = now_us();
		pid_t pid = fork();
		if (pid == 0) {
			dup2(devnull, 1);
			dup2(devnull, 2);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "spawn_time: run %d failed\n", i);
			return 1;
		}
		t[i] = now_us() - t0;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.0f %.0f %.0f\n", t[n / 2], t[n * 9 / 10], t[0]);
	return 0;
}
