// SPDX-License-Identifier: GPL-2.0
/*
 * System calls are function calls: the calling host thread takes the CPU
 * as its task, runs the handler and parks the task again.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <asm/unistd.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

typedef long (*syscall_fn_t)(long, long, long, long, long, long);
extern const syscall_fn_t syscall_table[__NR_syscalls];

extern struct nablux_host_tls *task_key;

long run_syscall(long nr, const long *a)
{
	long ret;

	if ((unsigned long)nr >= __NR_syscalls)
		return -ENOSYS;
	ret = syscall_table[nr](a[0], a[1], a[2], a[3], a[4], a[5]);
	/* No signal frames here: an interrupted call fails with EINTR. */
	switch (ret) {
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		ret = -EINTR;
	}
	return ret;
}

long nablux_syscall(long nr, const long args[6])
{
	static const long none[6];
	struct task_struct *task;
	long ret;

	if (!host_ops || cpu_is_down)
		return -ENODEV;
	if (!args)
		args = none;
	task = host_ops->tls_get(task_key);
	if (!task) {
		task = host_task_new();
		if (IS_ERR(task))
			return PTR_ERR(task);
		host_ops->tls_set(task_key, task);
	} else {
		ret = cpu_enter(task);
		if (ret)
			return ret;
	}
	ret = run_syscall(nr, args);
	cpu_leave();
	return ret;
}
