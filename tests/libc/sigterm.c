/*
 * Signals from outside: waits (pause) until SIGTERM, whose handler sets a
 * flag; then writes /sigterm.txt and exits 0. SIGUSR1 is counted on the
 * way. Prints "ready" once its handlers are in place.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t term, usr1;

static void on_term(int sig)
{
	(void)sig;
	term = 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

int main(void)
{
	char msg[64];

	signal(SIGTERM, on_term);
	signal(SIGUSR1, on_usr1);
	printf("ready\n");
	fflush(stdout);
	while (!term)
		pause();
	int n = snprintf(msg, sizeof(msg), "terminated after %d SIGUSR1\n", (int)usr1);
	int fd = open("/sigterm.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || write(fd, msg, (size_t)n) != n)
		return 1;
	close(fd);
	fputs(msg, stdout);
	return 0;
}
