/* SPDX-License-Identifier: ISC */
/*
 * blk_native.c: the native baseline for bench_blk: the same one-block
 * pwrite/pread loop over the same image, as a plain process.
 *   blk_native IMAGE BLOCK_SIZE   (up to 1 MiB per call)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 20];
	struct stat st;

	if (argc != 3)
		return 2;
	int fd = open(argv[1], O_RDWR);
	size_t bs = strtoul(argv[2], NULL, 10);
	if (fd < 0 || fstat(fd, &st) < 0 || bs == 0 || bs > sizeof(buf))
		return 1;
	unsigned long long n = st.st_size / bs, t0 = now_ns();
	for (unsigned long long b = 0; b < n; b++)
		if (pwrite(fd, buf, bs, b * bs) != (ssize_t)bs)
			return 1;
	unsigned long long t1 = now_ns();
	for (unsigned long long b = 0; b < n; b++)
		if (pread(fd, buf, bs, b * bs) != (ssize_t)bs)
			return 1;
	unsigned long long t2 = now_ns();
	printf("write_mibs %llu\nread_mibs %llu\n",
	       st.st_size * 1000000000ULL / 1048576 / (t1 - t0),
	       st.st_size * 1000000000ULL / 1048576 / (t2 - t1));
	return 0;
}
