/*
 * The ways a program ends, each leaving a file on the root and a status:
 *   exit    atexit handler runs, exit(5); buffered stdout is flushed
 *   return  return 6 from main
 *   _exit   _exit(7): no atexit handler, no stdio flush
 *   abort   abort(): SIGABRT's default action (status 134)
 *   fault   a store to address 8 (the host kills the tender: 139)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void mark(const char *name, const char *text)
{
	int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		_exit(99);
	close(fd);
}

static void at_exit(void)
{
	mark("/exit-atexit.txt", "atexit ran\n");
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";

	atexit(at_exit);
	mark("/exit-how.txt", how);
	printf("unflushed output of %s", how);	/* no newline: buffered */
	fflush(stdout);
	printf(" and a tail");
	if (!strcmp(how, "exit"))
		exit(5);
	if (!strcmp(how, "return"))
		return 6;
	if (!strcmp(how, "_exit"))
		_exit(7);
	if (!strcmp(how, "abort"))
		abort();
	if (!strcmp(how, "fault")) {
		volatile int *volatile bad = (int *)8;
		*bad = 1;
	}
	return 1;
}
