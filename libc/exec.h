/* SPDX-License-Identifier: MIT */
/* Child processes (exec.c), for the dispatch. */
#ifndef NABLUX_EXEC_H
#define NABLUX_EXEC_H

/* Is a vfork child running on this thread (so execve is for it)? */
int exec_in_vfork_child(void);

/* clone(CLONE_VM|CLONE_VFORK): fn(arg) as a vfork child; its return is
 * its exit. The child's pid, or -errno. */
int exec_clone_vfork(int (*fn)(void *), void *arg);

/* execve in a vfork child: returns only on failure (-errno); on success
 * vfork returns in the parent. */
long exec_execve(const char *path, char *const argv[], char *const envp[]);

/* The calling thread's task has ended (sf.gone): back to the vfork
 * parent it was borrowed from, else the thread ends. */
void exec_task_gone(void) __attribute__((noreturn));

#endif /* NABLUX_EXEC_H */
