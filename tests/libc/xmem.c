/*
 * Executable memory: mmap (anonymous or of a file, which is a copy) and
 * mprotect with PROT_EXEC are refused with EACCES unless the tender made
 * guest memory executable (nablux-spt --x-exec-heap), as Linux refuses
 * what a policy forbids; with it, code there runs. "xmem exec" expects
 * executable memory (the native reference and --x-exec-heap), "xmem"
 * expects none.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

/* mov $42, %eax; ret */
static const unsigned char ret42[] = { 0xb8, 42, 0, 0, 0, 0xc3 };

static int run(void *code)
{
	return ((int (*)(void))(uintptr_t)code)();
}

int main(int argc, char **argv)
{
	const int rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
	const int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	int exec = argc > 1 && !strcmp(argv[1], "exec");

	errno = 0;
	char *p = mmap(NULL, 4096, rwx, anon, -1, 0);
	int e = errno;
	unsigned char *q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, anon, -1, 0);
	CHECK("mmap-rw", q != MAP_FAILED);
	memcpy(q, ret42, sizeof(ret42));
	errno = 0;
	int r = mprotect(q, 4096, PROT_READ | PROT_EXEC);
	int e2 = errno;
	if (!exec) {
		check("mmap-exec-eacces", p == MAP_FAILED && e == EACCES,
		      "mmap gave %p, errno %d", (void *)p, e);
		check("mprotect-exec-eacces", r == -1 && e2 == EACCES,
		      "mprotect gave %d, errno %d", r, e2);
		/* Refused means unchanged: still readable and writable. */
		q[100] = 1;
		CHECK("mprotect-refused-keeps-rw", q[0] == ret42[0] && q[100] == 1);
	} else {
		check("mmap-exec", p != MAP_FAILED, "errno %d", e);
		if (p != MAP_FAILED) {
			memcpy(p, ret42, sizeof(ret42));
			CHECK("mmap-exec-runs", run(p) == 42);
		}
		check("mprotect-exec", r == 0, "errno %d", e2);
		if (r == 0)
			CHECK("mprotect-exec-runs", run(q) == 42);
	}
	char path[] = "/tmp/xmem-XXXXXX";
	int fd = mkstemp(path);
	CHECK("file", fd >= 0 && write(fd, ret42, sizeof(ret42)) ==
	      (ssize_t)sizeof(ret42));
	unlink(path);
	errno = 0;
	unsigned char *f = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE,
				fd, 0);
	e = errno;
	if (!exec) {
		check("file-mmap-exec-eacces", f == MAP_FAILED && e == EACCES,
		      "mmap gave %p, errno %d", (void *)f, e);
	} else {
		CHECK("file-mmap-exec", f != MAP_FAILED &&
		      !memcmp(f, ret42, sizeof(ret42)));
		if (f != MAP_FAILED)
			CHECK("file-mmap-exec-runs", run(f) == 42);
	}
	return check_summary();
}
