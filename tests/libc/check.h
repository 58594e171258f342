/*
 * The check harness of the libc test programs: one line per check, "ok
 * NAME" or "FAIL NAME: why (errno)", and check_summary()'s "N passed,
 * N failed", which is also the exit status (failures, at most 100).
 */
#ifndef NABLUX_TESTS_CHECK_H
#define NABLUX_TESTS_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

static void check(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void check(const char *name, int ok, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	if (ok) {
		passed++;
		printf("ok %s\n", name);
		return;
	}
	failed++;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %d %s)\n", e, strerror(e));
}

#define CHECK(name, cond) check(name, (cond), "%s", #cond)

static int check_summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed > 100 ? 100 : failed;
}

#endif /* NABLUX_TESTS_CHECK_H */
