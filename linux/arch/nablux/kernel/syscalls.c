// SPDX-License-Identifier: GPL-2.0
/*
 * System calls are function calls: the calling host thread takes the CPU
 * as its task, runs the handler and parks the task again.
 *
 * On the way out (nablux_syscall_user), signals are delivered as Linux
 * delivers them on return to user space: get_signal() dequeues the next
 * one and takes its default action; for a handler, the restart rules of
 * x86 decide the call's result, the handler's mask is set, and the caller
 * runs the handler (it is application code) with the mask to restore.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/file.h>
#include <asm/unistd.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

typedef long (*syscall_fn_t)(long, long, long, long, long, long);
extern const syscall_fn_t syscall_table[__NR_syscalls];

extern struct nablux_host_tls *task_key;

long run_syscall(long nr, const long *a)
{
	if ((unsigned long)nr >= __NR_syscalls)
		return -ENOSYS;
	return syscall_table[nr](a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* The calling host thread runs as its task (made on first use). */
long syscall_enter(void)
{
	struct task_struct *task;

	if (!host_ops || cpu_is_down)
		return -ENODEV;
	task = host_ops->tls_get(task_key);
	if (task)
		return cpu_enter(task);
	task = host_task_new();
	if (IS_ERR(task))
		return PTR_ERR(task);
	host_ops->tls_set(task_key, task);
	return 0;
}

/* Back to the application; a temporary mask (sigsuspend, ppoll, ...)
 * ends with the call unless a handler's frame keeps it. */
void syscall_leave(void)
{
	restore_saved_sigmask();
	cpu_leave();
}

static void exit_task_fn(void)
{
	do_exit((current_thread_info()->exit_code & 0xff) << 8);
}

/*
 * SYS_exit of a host task: do_exit() never returns, but its last switch
 * (__switch_to, for a dead task with exit_jb) jumps back here on this
 * thread, with the CPU already handed to the next task.
 */
static void exit_task(long code)
{
	struct thread_info *ti = current_thread_info();
	struct nablux_jmp_buf jb;

	ti->exit_code = code;
	ti->exit_jb = &jb;
	host_ops->jmp_buf_set(&jb, exit_task_fn);
	host_ops->tls_set(task_key, NULL);
}

/* Without a handler to run, an interrupted call starts again. */
static bool restart_nohandler(long *nr, long ret)
{
	switch (ret) {
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
		return true;
	case -ERESTART_RESTARTBLOCK:
		*nr = __NR_restart_syscall;
		return true;
	}
	return false;
}

/*
 * A handler is due: the call's result by x86's restart rules, the frame
 * the caller needs, and the handler's mask set (signal_setup_done).
 */
static long deliver(struct ksignal *ksig, long ret,
		    struct nablux_sigframe *sf)
{
	sf->restart = 0;
	switch (ret) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		ret = -EINTR;
		break;
	case -ERESTARTSYS:
		if (!(ksig->ka.sa.sa_flags & SA_RESTART)) {
			ret = -EINTR;
			break;
		}
		fallthrough;
	case -ERESTARTNOINTR:
		sf->restart = 1;
		break;
	}
	BUILD_BUG_ON(sizeof(sf->info) < sizeof(ksig->info));
	memset(sf->info, 0, sizeof(sf->info));
	memcpy(sf->info, &ksig->info, sizeof(ksig->info));
	sf->handler = (unsigned long)ksig->ka.sa.sa_handler;
	sf->flags = ksig->ka.sa.sa_flags;
	sf->mask = sigmask_to_save()->sig[0];
	sf->signo = ksig->sig;
	signal_setup_done(0, ksig, 0);
	return ret;
}

struct user_call {
	long nr;
	const long *args;
	struct nablux_sigframe *sf;
	long ret;
	bool done;
};

/* On the task's kernel stack, with the CPU held. */
static long user_call(void *p)
{
	struct user_call *c = p;
	struct ksignal ksig;
	long ret;

	for (;;) {
		ret = run_syscall(c->nr, c->args);
		if (signal_pending(current) && get_signal(&ksig))
			return deliver(&ksig, ret, c->sf);
		if (!restart_nohandler(&c->nr, ret))
			return ret;
	}
}

static void child_call_fn(void)
{
	struct thread_info *ti = current_thread_info();
	struct user_call *c = ti->exit_call;

	c->ret = kstack_call(ti->kstack, user_call, c);
	c->done = true;
}

/*
 * A call of a child process's task, which may end it (exit, exit_group, a
 * fatal signal): its last switch (__switch_to, exit_jb) comes back here
 * with the CPU handed on, and the thread runs no task from then on -- or
 * its vfork parent's again. pid 1's process never gets here: its end is
 * the unikernel's.
 */
static long child_call(struct user_call *c)
{
	struct thread_info *ti = current_thread_info();
	struct task_struct *parent = ti->vfork_parent;
	struct nablux_jmp_buf jb;

	ti->exit_jb = &jb;
	ti->exit_call = c;
	host_ops->jmp_buf_set(&jb, child_call_fn);
	if (c->done) {
		ti->exit_jb = NULL;
		syscall_leave();
		return c->ret;
	}
	/* Not a byte of ti from here on: the task is gone. */
	host_ops->tls_set(task_key, parent);
	c->sf->signo = 0;
	c->sf->gone = 1;
	return 0;
}

long nablux_syscall_user(long nr, const long args[6],
			 struct nablux_sigframe *sf)
{
	struct user_call c = { .nr = nr, .args = args, .sf = sf };
	struct thread_info *ti;
	long ret;

	sf->signo = 0;
	sf->gone = 0;
	ret = syscall_enter();
	if (ret)
		return ret;
	ti = current_thread_info();
	if (!ti->kstack)
		ti->kstack = kstack_alloc();
	if (!ti->kstack) {
		syscall_leave();
		return -ENOMEM;
	}
	if (!is_global_init(current))
		return child_call(&c);
	/* Its last switch jumps back to this frame: stay on this stack. */
	if (nr == __NR_exit) {
		exit_task(args[0]);
		return 0;
	}
	ret = kstack_call(ti->kstack, user_call, &c);
	syscall_leave();
	return ret;
}

long nablux_syscall(long nr, const long args[6])
{
	static const long none[6];
	long ret;

	ret = syscall_enter();
	if (ret)
		return ret;
	if (!args)
		args = none;
	if (nr == __NR_exit) {
		exit_task(args[0]);
		return 0;
	}
	ret = run_syscall(nr, args);
	/* No delivery on this path: an interrupted call fails with EINTR. */
	switch (ret) {
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		ret = -EINTR;
	}
	syscall_leave();
	return ret;
}

/* /proc/self/exe: the program's file in the root (there is no exec). */
long nablux_set_exe(const char *path)
{
	struct file *file;
	long ret = syscall_enter();

	if (ret)
		return ret;
	file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
	} else {
		ret = replace_mm_exe_file(current->mm, file);
		fput(file);
	}
	syscall_leave();
	return ret;
}
