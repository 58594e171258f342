// SPDX-License-Identifier: GPL-2.0
/*
 * Child processes. There is one address space and no fork: a child is
 * made by vfork (nablux_vfork) and runs on its parent's host thread while
 * the parent's task stays parked, as a vfork parent waits. The thread goes
 * back to the parent when the child ends (its death comes back to the
 * caller of the system call: syscalls.c) or when it execs a program
 * linked into the unikernel (nablux_vfork_exec), which then runs on a
 * host thread of its own as the same task. Either way the child is a
 * process like any: SIGCHLD, wait4 and its status come from generic code.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/fdtable.h>
#include <linux/err.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

extern struct nablux_host_tls *task_key;

/* Marks the clone of a vfork child in copy_thread; never runs. */
static int vfork_stub(void *unused)
{
	return 0;
}

bool vfork_copy_thread(struct task_struct *p,
		       const struct kernel_clone_args *args)
{
	struct thread_info *ti = task_thread_info(p);

	if (args->fn != vfork_stub)
		return false;
	set_ti_thread_flag(ti, TIF_HOST_TASK);
	ti->thread = host_ops->thread_self();
	ti->vfork_parent = current;
	*(struct task_struct **)args->fn_arg = p;
	return true;
}

long nablux_vfork(void)
{
	struct task_struct *child = NULL;
	/* Not CLONE_VFORK: the parent's wait is its thread running the child. */
	struct kernel_clone_args args = {
		.flags = CLONE_VM,
		.exit_signal = SIGCHLD,
		.fn = vfork_stub,
		.fn_arg = &child,
	};
	struct thread_info *ti;
	long pid = syscall_enter();

	if (pid)
		return pid;
	pid = kernel_clone(&args);
	/* The parent parks; the child is runnable and this thread is its. */
	syscall_leave();
	if (pid < 0)
		return pid;
	ti = task_thread_info(child);
	host_ops->tls_set(task_key, child);
	host_ops->sem_down(ti->sched_sem);
	schedule_tail(ti->prev_sched);
	local_irq_enable();
	syscall_leave();
	return pid;
}

/* A program's start, at the top of its stack (no allocation to free). */
struct exec_start {
	struct task_struct *task;
	void (*fn)(void *);
	void *arg;
};

static void exec_thread_main(void *p)
{
	struct exec_start *st = p;

	host_ops->tls_set(task_key, st->task);
	st->fn(st->arg);
	host_printf("nablux: a program's thread returned instead of exiting\n");
	host_ops->panic();
}

long nablux_vfork_exec(const char *name, void (*fn)(void *), void *arg,
		       void *stack_top, unsigned long tls)
{
	struct thread_info *ti;
	struct task_struct *parent;
	struct exec_start *st;
	nablux_thread_t thread;
	long ret = syscall_enter();

	if (ret)
		return ret;
	ti = current_thread_info();
	parent = ti->vfork_parent;
	if (!parent || !thread_group_empty(current)) {
		syscall_leave();
		return -EINVAL;
	}
	st = (struct exec_start *)(((unsigned long)stack_top -
				    sizeof(*st)) & ~15UL);
	*st = (struct exec_start){ .task = current, .fn = fn, .arg = arg };
	/* Made first: past this point the exec cannot fail. */
	thread = host_ops->thread_create_user(exec_thread_main, st, st, tls);
	if (!thread) {
		syscall_leave();
		return -EAGAIN;
	}
	/* What exec changes in a process, of what a process has here. */
	do_close_on_exec(current->files);
	flush_signal_handlers(current, 0);
	__set_task_comm(current, name, true);
	ti->thread = thread;
	ti->vfork_parent = NULL;
	syscall_leave();
	host_ops->tls_set(task_key, parent);
	return 0;
}
