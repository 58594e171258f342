/* SPDX-License-Identifier: GPL-2.0 */
/*
 * disk_native: what ukbench.c's "disk" does inside the unikernel, done by
 * an ordinary process on a host file (put it on the file system that holds
 * the unikernel's image).
 *   disk_native FILE MIB
 * Writes MIB MiB in 1 MiB writes, then fsync; drops the file's pages from
 * the host page cache (fadvise DONTNEED), reads it (from the device),
 * reads it again (page cache). Prints
 * "write_ns N fsync_ns N read_cold_ns N read_warm_ns N".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)
static char chunk[CHUNK];

static unsigned long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000UL + ts.tv_nsec;
}

static unsigned long read_all(const char *path, long mib)
{
	int fd = open(path, O_RDONLY);
	unsigned long t0 = now_ns();
	long total = 0;
	ssize_t r;

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	while ((r = read(fd, chunk, CHUNK)) > 0)
		total += r;
	unsigned long dt = now_ns() - t0;
	close(fd);
	if (r < 0 || total != mib * CHUNK) {
		fprintf(stderr, "read %ld bytes\n", total);
		exit(1);
	}
	return dt;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: disk_native FILE MIB\n");
		return 2;
	}
	long mib = atol(argv[2]);
	for (long i = 0; i < CHUNK; i++)
		chunk[i] = (char)(i * 13 + 7);
	int fd = open(argv[1], O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	unsigned long t0 = now_ns();
	for (long i = 0; i < mib; i++)
		if (write(fd, chunk, CHUNK) != CHUNK) {
			perror("write");
			return 1;
		}
	unsigned long t1 = now_ns();
	if (fsync(fd)) {
		perror("fsync");
		return 1;
	}
	unsigned long t2 = now_ns();
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	unsigned long cold = read_all(argv[1], mib);
	unsigned long warm = read_all(argv[1], mib);
	printf("write_ns %lu fsync_ns %lu read_cold_ns %lu read_warm_ns %lu\n",
	       t1 - t0, t2 - t1, cold, warm);
	return 0;
}
