/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_THREAD_INFO_H
#define _ASM_NABLUX_THREAD_INFO_H

/*
 * Every task runs on a host thread with a host stack, so a task has no
 * kernel stack: task->stack points to its thread_info only.
 */
#define THREAD_SIZE_ORDER	0
#define THREAD_SIZE		4096

#ifndef __ASSEMBLY__

#include <asm/types.h>
#include <nablux/host.h>

struct task_struct;
struct sched_away;
struct user_start;

struct thread_info {
	unsigned long		flags;		/* TIF_* below */
	int			preempt_count;
	struct task_struct	*task;
	/* The host side of the task. */
	struct nablux_host_sem	*sched_sem;	/* up: run, you own the CPU */
	nablux_thread_t		thread;		/* host thread running it */
	struct task_struct	*prev_sched;	/* switched from, to get here */
	int			dead;		/* host thread must exit */
	struct sched_away	*away;		/* switch away without waiting */
	struct user_start	*user_start;	/* thread not started yet */
	void			*kstack;	/* host task's kernel stack */
	/* SYS_exit of a host task: where its thread resumes once dead. */
	struct nablux_jmp_buf	*exit_jb;
	int			exit_code;
	void			*exit_call;	/* a child's call, run under exit_jb */
	/* A vfork child runs on its parent's thread, which goes back to it. */
	struct task_struct	*vfork_parent;
	unsigned long		stack_end;	/* STACK_END_MAGIC */
};

#define INIT_THREAD_INFO(tsk)				\
{							\
	.flags		= 0,				\
	.preempt_count	= INIT_PREEMPT_COUNT,		\
	.task		= &tsk,				\
}

/* The running task; changed only by __switch_to. */
extern struct thread_info *cpu_current_ti;

static inline struct thread_info *current_thread_info(void)
{
	return cpu_current_ti;
}

#define __HAVE_THREAD_FUNCTIONS
#define task_thread_info(task)	((struct thread_info *)(task)->stack)
#define task_stack_page(task)	((void *)(task)->stack)
#define end_of_stack(task)	(&task_thread_info(task)->stack_end)
void setup_thread_stack(struct task_struct *p, struct task_struct *org);

unsigned long *arch_alloc_thread_stack_node(struct task_struct *tsk, int node);
void arch_free_thread_stack(struct task_struct *tsk);

#endif /* __ASSEMBLY__ */

#define TIF_SYSCALL_TRACE	0
#define TIF_NOTIFY_RESUME	1
#define TIF_SIGPENDING		2
#define TIF_NEED_RESCHED	3
#define TIF_RESTORE_SIGMASK	4
#define TIF_MEMDIE		5
#define TIF_NOTIFY_SIGNAL	6
#define TIF_HOST_TASK		8	/* runs on an application thread */

#define _TIF_SYSCALL_TRACE	(1 << TIF_SYSCALL_TRACE)
#define _TIF_NOTIFY_RESUME	(1 << TIF_NOTIFY_RESUME)
#define _TIF_SIGPENDING		(1 << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1 << TIF_NEED_RESCHED)
#define _TIF_NOTIFY_SIGNAL	(1 << TIF_NOTIFY_SIGNAL)
#define _TIF_HOST_TASK		(1 << TIF_HOST_TASK)

#endif /* _ASM_NABLUX_THREAD_INFO_H */
