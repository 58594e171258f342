/*
 * libc-level microbenchmarks, the same source built natively with
 * Debian's musl (musl-gcc -static) and as a unikernel (nablux-cc):
 *   lbench hello        returns at once (start-up: exec -> exit)
 *   lbench stamp        prints "main_ns NS" (CLOCK_REALTIME) and returns
 *                       (start-up: exec -> main, bench/spawn_time -m)
 *   lbench run DIR [NAME]  prints "NAME ns_per_op" for each loop below
 *                       (or only NAME), using DIR for its files
 * spawn_wait is posix_spawn+waitpid of a program that returns at once:
 * natively this one (static), in the unikernel a main linked in.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<nablux/program.h>)
#include <nablux/program.h>
static int helper_main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	return 0;
}
NABLUX_PROGRAM("/usr/bin/lbench-helper", helper_main);
#define HELPER "/usr/bin/lbench-helper"
#else
#define HELPER "/proc/self/exe"
#endif

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static volatile long sink;
static sem_t got;

static void *nothing(void *p)
{
	return p;
}

static void on_sig(int sig)
{
	sink += sig;
}

static void on_sig_post(int sig)
{
	(void)sig;
	sem_post(&got);
}

/* Waits for signals, each handler posting `got`. */
static void *sig_waiter(void *p)
{
	sigset_t none;

	(void)p;
	sigemptyset(&none);
	for (;;)
		sigsuspend(&none);
	return NULL;
}

static const char *only;

#define LOOP(name, n, body)                                                  \
	do {                                                                 \
		if (only && strcmp(only, name))                              \
			break;                                               \
		double t0 = now();                                           \
		for (long i = 0; i < (n); i++) {                             \
			body;                                                \
		}                                                            \
		printf("%s %.1f\n", name, (now() - t0) / (n));               \
	} while (0)

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "stamp")) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		printf("main_ns %lld%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "run"))
		return 0;
	if (argc < 3 || chdir(argv[2])) {
		fprintf(stderr, "usage: lbench run DIR\n");
		return 2;
	}
	only = argc > 3 ? argv[3] : NULL;
	FILE *null = fopen("/dev/null", "w");
	int fd = open("small.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	char buf[512];
	struct stat st;

	if (!null || fd < 0 || write(fd, "a small file\n", 13) != 13)
		return 3;
	close(fd);
	setvbuf(null, NULL, _IOFBF, 4096);

	LOOP("getppid_ns", 1000000, sink += getppid());
	LOOP("fprintf_ns", 1000000,
	     fprintf(null, "%ld %s %.3f\n", i, "printf-heavy", i * 0.5));
	unsigned seed = 1;
	static void *slot[1024];
	LOOP("malloc_free_ns", 1000000, {
		seed = seed * 1103515245 + 12345;
		unsigned s = (seed >> 8) & 1023;
		free(slot[s]);
		slot[s] = malloc((seed >> 12) % 4096 + 1);
	});
	for (int s = 0; s < 1024; s++)
		free(slot[s]);
	LOOP("open_read_close_ns", 100000, {
		int f = open("small.txt", O_RDONLY);
		sink += read(f, buf, sizeof(buf));
		close(f);
	});
	LOOP("stat_ns", 100000, sink += stat("small.txt", &st));
	pthread_t t;
	LOOP("thread_create_join_ns", 10000, {
		pthread_create(&t, NULL, nothing, NULL);
		pthread_join(t, NULL);
	});
	signal(SIGUSR1, on_sig);
	LOOP("raise_to_handler_ns", 100000, raise(SIGUSR1));
	/* Another thread, blocked, woken into its handler, which posts back. */
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	signal(SIGUSR2, on_sig_post);
	sem_init(&got, 0, 0);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	pthread_create(&t, NULL, sig_waiter, NULL);
	LOOP("pthread_kill_to_handler_ns", 10000, {
		pthread_kill(t, SIGUSR2);
		sem_wait(&got);
	});
	char *hello[] = { "lbench", "hello", NULL };
	pid_t pid;
	int status;
	LOOP("spawn_wait_ns", 1000, {
		if (posix_spawn(&pid, HELPER, NULL, NULL, hello, environ) ||
		    waitpid(pid, &status, 0) != pid || status)
			return 4;
	});
	fclose(null);
	unlink("small.txt");
	return 0;
}
