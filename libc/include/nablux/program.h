/* SPDX-License-Identifier: MIT */
/*
 * <nablux/program.h>: programs linked into a nablux unikernel, which its
 * processes can execve (after vfork, or through posix_spawn). There is no
 * other executable: execve of a path not registered here fails with
 * ENOENT, whether or not the root file system has a file there.
 *
 *   static int helper_main(int argc, char **argv, char **envp) { ... }
 *   NABLUX_PROGRAM("/usr/bin/helper", helper_main);
 *
 * The path is matched as written, after a relative one is joined to the
 * working directory and "." and ".." are resolved (no symbolic links).
 *
 * The program runs as the child process (its own pid, file table,
 * working directory, signal handlers and mask, as after execve) on a
 * thread of its own with a 1 MiB stack, but in the one address space and
 * with the one libc of the unikernel's program: the heap is shared
 * (malloc locks as with threads), and so are stdio's FILEs (a file the
 * parent has open is the parent's), environ and getenv (the envp passed
 * to main is the one execve gave), the atexit list and every global. So:
 *   - return from main, exit(), _exit() and a fatal signal end the child
 *     process only: the parent gets SIGCHLD and the status from wait;
 *   - exit() flushes stdout and stderr (the parent's pending output went
 *     out at vfork, on the parent's descriptors) and runs neither atexit
 *     handlers nor destructors, which are the parent's;
 *   - stdin's buffer is shared: the child may read what the parent had
 *     read ahead; threads the program makes must end before it does.
 * The unikernel's own main cannot be registered, and execve of the
 * unikernel's own file fails with ENOEXEC: a second copy of the program
 * in the same memory would share (and corrupt) all of its state.
 */
#ifndef NABLUX_PROGRAM_H
#define NABLUX_PROGRAM_H

struct nablux_program {
	const char *path;
	int (*main)(int argc, char **argv, char **envp);
};

#define NABLUX_PROGRAM_CAT2(a, b) a##b
#define NABLUX_PROGRAM_CAT(a, b) NABLUX_PROGRAM_CAT2(a, b)
#define NABLUX_PROGRAM(path, fn)					\
	static const struct nablux_program				\
	NABLUX_PROGRAM_CAT(nablux_program_, __LINE__)			\
	__attribute__((used, section("nablux_programs"),		\
		       aligned(sizeof(void *)))) = { (path), (fn) }

#endif /* NABLUX_PROGRAM_H */
