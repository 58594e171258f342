/* SPDX-License-Identifier: GPL-2.0 */
/*
 * null_native: the null system call on the host, measured as ukbench.c
 * measures it in the unikernel: getppid (raw syscall), median of 5
 * batches of 100 000; that, RUNS times (default 20), median printed:
 * "getppid_ns N".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	enum { BATCHES = 5, CALLS = 100000 };
	int runs = argc > 1 ? atoi(argv[1]) : 20;
	double *med = calloc((size_t)runs, sizeof(double)), b[BATCHES];

	for (int r = 0; r < runs; r++) {
		for (int i = 0; i < BATCHES; i++) {
			double t0 = now_ns();

			for (int k = 0; k < CALLS; k++)
				syscall(SYS_getppid);
			b[i] = (now_ns() - t0) / CALLS;
		}
		qsort(b, BATCHES, sizeof(double), cmp);
		med[r] = b[BATCHES / 2];
	}
	qsort(med, (size_t)runs, sizeof(double), cmp);
	printf("getppid_ns %.1f\n", med[(runs - 1) / 2]);
	return 0;
}
