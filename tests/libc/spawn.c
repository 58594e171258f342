/*
 * Child processes in the unikernel: posix_spawn, vfork and execve of a
 * program linked in with NABLUX_PROGRAM (helper_main below), and what the
 * parent sees of the child (its pid, its output through a pipe, its exit
 * or signal status from waitpid, SIGCHLD). Prints "ok NAME" / "FAIL NAME:
 * why" and "N passed, N failed".
 *
 *   spawn         the checks (run as /spawn, the image's copy of itself)
 *   spawn fork    fork() twice: ENOSYS
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <nablux/program.h>

#include "check.h"

/* ---- the program linked in as /usr/bin/helper */

static int parent_atexit_ran;

/* helper WHAT ARGS... */
static int helper_main(int argc, char **argv, char **envp)
{
	const char *what = argc > 1 ? argv[1] : "";

	if (!strcmp(what, "echo")) {
		for (int i = 2; i < argc; i++)
			printf("%s%s", argv[i], i + 1 < argc ? " " : "\n");
		return 0;
	}
	if (!strcmp(what, "status"))
		return atoi(argv[2]);
	if (!strcmp(what, "exit"))
		exit(atoi(argv[2]));
	if (!strcmp(what, "_exit")) {
		printf("never flushed");
		_exit(atoi(argv[2]));
	}
	if (!strcmp(what, "ids")) {
		printf("%d %d\n", getpid(), getppid());
		return 0;
	}
	if (!strcmp(what, "env")) {
		for (char **e = envp; *e; e++)
			printf("%s\n", *e);
		return 0;
	}
	if (!strcmp(what, "closed")) {	/* the descriptors must be closed */
		for (int i = 2; i < argc; i++)
			if (fcntl(atoi(argv[i]), F_GETFD) != -1 || errno != EBADF)
				return 1;
		return 0;
	}
	if (!strcmp(what, "lines")) {	/* a tail only exit flushes */
		for (int i = 0; i < atoi(argv[2]); i++)
			printf("line %d\n", i);
		printf("end");
		return 0;
	}
	if (!strcmp(what, "raise"))
		raise(SIGUSR1);
	if (!strcmp(what, "pause")) {
		printf("pausing\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (!strcmp(what, "handlers")) {	/* reset by exec */
		struct sigaction sa;

		sigaction(SIGUSR2, NULL, &sa);
		return sa.sa_handler == SIG_DFL ? 0 : 1;
	}
	if (!strcmp(what, "nest")) {	/* a child of its own */
		char *av[] = { "helper", "status", "4", NULL };
		pid_t pid;
		int st;

		if (posix_spawn(&pid, "/usr/bin/helper", NULL, NULL, av, envp))
			return 1;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
			return 2;
		return 10 + WEXITSTATUS(st);
	}
	return 99;
}
NABLUX_PROGRAM("/usr/bin/helper", helper_main);

/* ---- the parent */

static char *env[] = { "HELPER_VAR=from parent", NULL };

/* posix_spawn helper ARGS... with fa; the pid, or -1 (errno set). */
static pid_t spawn(const posix_spawn_file_actions_t *fa, char **argv)
{
	pid_t pid;
	int e = posix_spawn(&pid, "/usr/bin/helper", fa, NULL, argv, env);

	if (e) {
		errno = e;
		return -1;
	}
	return pid;
}

/* Runs helper ARGS... with its stdout on a pipe: output in buf, status. */
static int run_piped(char **argv, char *buf, size_t size, int *status,
		     pid_t *child)
{
	posix_spawn_file_actions_t fa;
	int p[2];
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(p))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	pid = spawn(&fa, argv);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	while (n + 1 < size && (r = read(p[0], buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
	close(p[0]);
	if (child)
		*child = pid;
	return waitpid(pid, status, 0) == pid ? 0 : -1;
}

static volatile sig_atomic_t chld_count, chld_pid;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	chld_count++;
	chld_pid = si->si_pid;
}

static void on_usr2(int sig)
{
	(void)sig;
}

static void parent_atexit(void)
{
	parent_atexit_ran++;
}

static int count_pids(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] >= '0' && e->d_name[0] <= '9';
	if (d)
		closedir(d);
	return n;
}

static long free_kib(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return (long)(si.freeram * si.mem_unit / 1024);
}

static void spawn_checks(void)
{
	char buf[65536];
	int st;
	pid_t pid;

	CHECK("echo-through-pipe",
	      run_piped((char *[]){ "helper", "echo", "hello", "world", NULL },
			buf, sizeof(buf), &st, &pid) == 0 &&
	      !strcmp(buf, "hello world\n") && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	CHECK("child-pid-is-new", pid > 1 && pid != getpid());

	CHECK("ids",
	      run_piped((char *[]){ "helper", "ids", NULL }, buf, sizeof(buf),
			&st, &pid) == 0);
	int cpid = 0, cppid = 0;
	sscanf(buf, "%d %d", &cpid, &cppid);
	check("ids-getpid-getppid", cpid == pid && cppid == getpid(),
	      "child says %d %d, spawned %d by %d", cpid, cppid, pid, getpid());

	CHECK("envp",
	      run_piped((char *[]){ "helper", "env", NULL }, buf, sizeof(buf),
			&st, NULL) == 0 && !strcmp(buf, "HELPER_VAR=from parent\n"));

	/* The unfinished last line goes out at exit (main's return). */
	CHECK("output-flushed-at-exit",
	      run_piped((char *[]){ "helper", "lines", "3000", NULL }, buf,
			sizeof(buf), &st, NULL) == 0 &&
	      strlen(buf) > 8 * 3000 && strstr(buf, "line 2999\nend"));

	/* The parent's pending output goes to its own stdout, not the pipe. */
	printf("parent's pending output ... ");
	int ok = run_piped((char *[]){ "helper", "echo", "child", NULL }, buf,
			   sizeof(buf), &st, NULL) == 0 &&
		 !strcmp(buf, "child\n");
	printf("done\n");
	check("parent-stdout-not-in-child", ok, "the child wrote \"%s\"", buf);

	CHECK("exit-status",
	      run_piped((char *[]){ "helper", "status", "42", NULL }, buf,
			sizeof(buf), &st, NULL) == 0 && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 42);
	CHECK("exit-no-parent-atexit",
	      run_piped((char *[]){ "helper", "exit", "3", NULL }, buf,
			sizeof(buf), &st, NULL) == 0 && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 3 && parent_atexit_ran == 0);
	CHECK("_exit-status-no-flush",
	      run_piped((char *[]){ "helper", "_exit", "5", NULL }, buf,
			sizeof(buf), &st, NULL) == 0 && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 5 && buf[0] == 0);
	CHECK("signal-status",
	      run_piped((char *[]){ "helper", "raise", NULL }, buf, sizeof(buf),
			&st, NULL) == 0 && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGUSR1);

	/* Killed by the parent while it waits. */
	posix_spawn_file_actions_t fa;
	int p[2];
	if (pipe(p) == 0) {
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, p[1], 1);
		pid = spawn(&fa, (char *[]){ "helper", "pause", NULL });
		posix_spawn_file_actions_destroy(&fa);
		close(p[1]);
		ssize_t n = read(p[0], buf, sizeof(buf));
		close(p[0]);
		CHECK("kill-child",
		      pid > 0 && n == 8 && kill(pid, SIGTERM) == 0 &&
		      waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
		      WTERMSIG(st) == SIGTERM);
	}

	/* File actions: open onto stdout; close; descriptors closed at exec. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/tmp/spawn-out",
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pid = spawn(&fa, (char *[]){ "helper", "echo", "to a file", NULL });
	posix_spawn_file_actions_destroy(&fa);
	int fd = open("/tmp/spawn-out", O_RDONLY);
	ssize_t n = -1;
	if (pid > 0 && waitpid(pid, &st, 0) == pid && fd >= 0)
		n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
	CHECK("addopen", !strcmp(buf, "to a file\n"));

	int keep = open("/", O_RDONLY | O_DIRECTORY);
	int cloexec = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char a[16], b[16];
	snprintf(a, sizeof(a), "%d", keep);
	snprintf(b, sizeof(b), "%d", cloexec);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, keep);
	pid = spawn(&fa, (char *[]){ "helper", "closed", a, b, NULL });
	posix_spawn_file_actions_destroy(&fa);
	CHECK("addclose-and-cloexec",
	      pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	CHECK("parent-keeps-its-fds",
	      fcntl(keep, F_GETFD) == 0 && fcntl(cloexec, F_GETFD) == FD_CLOEXEC);
	close(keep);
	close(cloexec);

	/* A handler of the parent's is SIG_DFL in the program. */
	signal(SIGUSR2, on_usr2);
	pid = spawn(NULL, (char *[]){ "helper", "handlers", NULL });
	CHECK("exec-resets-handlers",
	      pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	signal(SIGUSR2, SIG_DFL);

	pid = spawn(NULL, (char *[]){ "helper", "nest", NULL });
	CHECK("grandchild",
	      pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 14);

	/* SIGCHLD, with the child's pid. */
	struct sigaction sa = { .sa_sigaction = on_chld,
				.sa_flags = SA_SIGINFO | SA_RESTART };
	sigaction(SIGCHLD, &sa, NULL);
	pid = spawn(NULL, (char *[]){ "helper", "status", "0", NULL });
	int w = pid > 0 ? waitpid(pid, &st, 0) : -1;
	getppid();
	check("sigchld", w == pid && chld_count == 1 && chld_pid == pid,
	      "%d SIGCHLD, si_pid %d, child %d", chld_count, chld_pid, pid);
	signal(SIGCHLD, SIG_DFL);

	/* Paths: relative ones and PATH; anything not linked in. */
	if (chdir("/usr") == 0) {
		char *av[] = { "helper", "status", "6", NULL };
		int e = posix_spawn(&pid, "../usr/./bin/helper", NULL, NULL, av,
				    env);
		CHECK("relative-path",
		      e == 0 && waitpid(pid, &st, 0) == pid &&
		      WEXITSTATUS(st) == 6);
		chdir("/");
	}
	{
		char *av[] = { "helper", "status", "7", NULL };
		int e = posix_spawnp(&pid, "helper", NULL, NULL, av, env);
		CHECK("posix_spawnp-PATH",
		      e == 0 && waitpid(pid, &st, 0) == pid &&
		      WEXITSTATUS(st) == 7);
		e = posix_spawn(&pid, "/usr/bin/no-such-helper", NULL, NULL, av,
				env);
		CHECK("not-linked-in-ENOENT", e == ENOENT);
		e = posix_spawn(&pid, "/spawn-copy", NULL, NULL, av, env);
		CHECK("file-not-linked-in-ENOENT", e == ENOENT);
		e = posix_spawn(&pid, "/spawn", NULL, NULL, av, env);
		CHECK("self-exec-ENOEXEC", e == ENOEXEC);
	}
}

static void vfork_checks(void)
{
	static volatile int seen;
	int st;
	pid_t pid, me = getpid();

	pid = vfork();
	if (pid == 0) {
		seen = getpid();
		_exit(9);
	}
	CHECK("vfork-_exit",
	      pid > 1 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 9);
	CHECK("vfork-child-ran-first", seen == pid && getpid() == me);

	pid = vfork();
	if (pid == 0) {
		execve("/usr/bin/no-such-program",
		       (char *[]){ "x", NULL }, env);
		_exit(errno == ENOENT ? 127 : 126);
	}
	CHECK("vfork-execve-ENOENT-127",
	      pid > 1 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 127);

	pid = vfork();
	if (pid == 0) {
		execve("/usr/bin/helper",
		       (char *[]){ "helper", "status", "3", NULL }, env);
		_exit(126);
	}
	CHECK("vfork-execve",
	      pid > 1 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 3);
}

/* Many spawns: no task, pid or memory stays behind. */
static void loop_checks(int n)
{
	struct timespec t0, t1;
	int pids = count_pids(), bad = 0, st;
	long kib = free_kib();
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < n; i++) {
		pid = spawn(NULL, (char *[]){ "helper", "status", "0", NULL });
		if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
			bad++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("posix_spawn+waitpid: %.1f us\n",
	       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
		       n / 1e3);
	check("loop", bad == 0, "%d of %d failed", bad, n);
	check("loop-no-pids-left", count_pids() == pids,
	      "%d pids before, %d after", pids, count_pids());
	check("loop-no-memory-left", free_kib() > kib - 1024,
	      "%ld KiB free before, %ld after", kib, free_kib());
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "fork")) {
		pid_t a = fork(), b = fork();

		CHECK("fork-ENOSYS", a == -1 && b == -1 && errno == ENOSYS);
		return check_summary();
	}
	atexit(parent_atexit);
	spawn_checks();
	vfork_checks();
	loop_checks(1000);
	return check_summary();
}
