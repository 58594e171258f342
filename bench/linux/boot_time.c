/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boot_time: boot to nablux_main in the sandbox, N runs of CMD (a
 * nablux-spt command line running ukboot.spt boot).
 *   boot_time N CMD [ARGS...]
 * For each run: t0 just before posix_spawn of the tender; the time its
 * first line starting with "main_ns " arrives on the pipe; the stamps on
 * that line (host CLOCK_MONOTONIC, the same clock) split it into exec ->
 * plat_main, nablux_start_kernel -> ready, and ready -> nablux_main. The
 * run's "getppid_dns" figure is collected too. Prints one line per figure:
 * "NAME median p90 min" (us; getppid in ns).
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *name, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	printf("%s %.1f %.1f %.1f\n", name, v[(n - 1) / 2], v[n * 9 / 10 < n ? n * 9 / 10 : n - 1], v[0]);
}

enum { FIRST, EXEC, KERNEL, SETUP, SYSCALL, NFIG };
static const char *names[NFIG] = { "first_line_us", "exec_to_plat_main_us",
				   "kernel_start_us", "ready_to_main_us",
				   "getppid_ns" };

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: boot_time N CMD [ARGS...]\n");
		return 2;
	}
	int n = atoi(argv[1]);
	double *fig[NFIG];

	for (int f = 0; f < NFIG; f++)
		fig[f] = calloc((size_t)n, sizeof(double));
	for (int i = 0; i < n; i++) {
		int p[2], status;
		posix_spawn_file_actions_t fa;
		pid_t pid;
		static char out[1 << 16];
		size_t len = 0;
		double t0, t1 = 0;
		ssize_t r;

		if (pipe(p))
			return 1;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, p[1], 1);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
		posix_spawn_file_actions_addclose(&fa, p[0]);
		t0 = now_ns();
		if (posix_spawn(&pid, argv[2], &fa, NULL, argv + 2, environ)) {
			perror("posix_spawn");
			return 1;
		}
		close(p[1]);
		while ((r = read(p[0], out + len, sizeof(out) - 1 - len)) > 0) {
			len += (size_t)r;
			out[len] = 0;
			if (!t1 && strstr(out, "\nmain_ns ") ) {
				t1 = now_ns();
			} else if (!t1 && !strncmp(out, "main_ns ", 8)) {
				t1 = now_ns();
			}
		}
		close(p[0]);
		posix_spawn_file_actions_destroy(&fa);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0 || !t1) {
			fprintf(stderr, "boot_time: run %d failed: %s\n", i, out);
			return 1;
		}
		char *m = !strncmp(out, "main_ns ", 8) ? out : strstr(out, "\nmain_ns ") + 1;
		unsigned long tm, tp, ks, kr;
		double dns;
		if (sscanf(m, "main_ns %lu plat_main_ns %lu kstart_ns %lu kready_ns %lu",
			   &tm, &tp, &ks, &kr) != 4 || !strstr(out, "getppid_dns ")) {
			fprintf(stderr, "boot_time: run %d: no stamps: %s\n", i, out);
			return 1;
		}
		dns = atof(strstr(out, "getppid_dns ") + 12);
		fig[FIRST][i] = (t1 - t0) / 1e3;
		fig[EXEC][i] = (tp - t0) / 1e3;
		fig[KERNEL][i] = (kr - ks) / 1e3;
		fig[SETUP][i] = ((double)tm - kr) / 1e3;
		fig[SYSCALL][i] = dns / 10;
	}
	for (int f = 0; f < NFIG; f++)
		report(names[f], fig[f], n);
	return 0;
}
