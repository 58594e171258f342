/*
 * Recursion on the main thread, 1 KiB a frame: "deep KIB [sys]" recurses
 * KIB deep (with a system call per frame when "sys" is given, so the
 * dispatch's stack check runs) and prints how it went.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long depth(long n, long stop, int sys)
{
	volatile char pad[1024];

	memset((char *)pad, (int)n, sizeof(pad));
	if (sys)
		getppid();
	if (n == stop)
		return pad[5];
	return depth(n + 1, stop, sys) + pad[7];
}

int main(int argc, char **argv)
{
	long kib = argc > 1 ? atol(argv[1]) : 0;

	printf("recursing %ld KiB\n", kib);
	fflush(stdout);
	printf("done %ld\n", depth(0, kib, argc > 2));
	return 0;
}
