// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks are host threads. A task's thread_info holds its host thread and a
 * semaphore; __switch_to hands the CPU to next by raising next's semaphore
 * and parks prev's thread on its own.
 *
 * Kernel threads get a host thread of their own. Application threads
 * become tasks ("host tasks", threads of pid 1) on their first system
 * call: a helper thread of pid 1 clones a task whose host thread is the
 * caller's, and the caller waits until the scheduler switches to it.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/signal.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

extern struct nablux_host_tls *task_key;

struct thread_info *cpu_current_ti = &init_thread_info;
struct thread_info *idle_ti = &init_thread_info;

/* Where a new kernel thread starts. */
struct thread_start {
	struct thread_info *ti;
	int (*fn)(void *);
	void *arg;
};

unsigned long *arch_alloc_thread_stack_node(struct task_struct *tsk, int node)
{
	struct thread_info *ti;

	ti = kzalloc(sizeof(*ti), GFP_KERNEL);
	if (!ti)
		return NULL;
	ti->task = tsk;
	ti->sched_sem = host_ops->sem_alloc(0);
	if (!ti->sched_sem) {
		kfree(ti);
		return NULL;
	}
	return (unsigned long *)ti;
}

/* Ends the host thread of a task that will never run again. */
static void thread_info_kill(struct thread_info *ti)
{
	if (!test_ti_thread_flag(ti, TIF_HOST_TASK) && ti->thread) {
		ti->dead = 1;
		host_ops->sem_up(ti->sched_sem);
		host_ops->thread_join(ti->thread);
		ti->thread = 0;
	}
}

/* Where an application thread (nablux_clone_thread) starts. */
struct user_start {
	struct thread_info *ti;
	void (*fn)(void *);
	void *arg;
	void *stack;
	unsigned long tls;
	bool taken;		/* its host thread exists and owns it */
	bool abandoned;		/* the task was never set up: just end */
};

void arch_free_thread_stack(struct task_struct *tsk)
{
	struct thread_info *ti = task_thread_info(tsk);

	if (ti->user_start) {
		/*
		 * clone failed after its host thread was made: that thread
		 * waits on the semaphore and reads its start record, so both
		 * stay (a rare error path's two small objects) and it ends.
		 */
		ti->user_start->abandoned = true;
		host_ops->sem_up(ti->sched_sem);
		kfree(ti);
		return;
	}
	thread_info_kill(ti);
	kstack_free(ti->kstack);
	host_ops->sem_free(ti->sched_sem);
	kfree(ti);
}

void setup_thread_stack(struct task_struct *p, struct task_struct *org)
{
	struct thread_info *ti = task_thread_info(p);
	struct thread_info *oti = task_thread_info(org);

	ti->flags = oti->flags & ~_TIF_HOST_TASK;
	ti->preempt_count = oti->preempt_count;
}

struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next)
{
	struct thread_info *pti = task_thread_info(prev);
	struct thread_info *nti = task_thread_info(next);
	struct sched_away *away = pti->away;
	/* A host task's last switch: its thread goes back to the caller of
	 * SYS_exit (see exit_task) instead of waiting forever. */
	struct nablux_jmp_buf *exit_jb =
		READ_ONCE(prev->__state) == TASK_DEAD ? pti->exit_jb : NULL;

	/*
	 * All of this happens before next's thread runs: from then on, that
	 * thread owns the CPU and everything shared belongs to it.
	 */
	pti->away = NULL;
	nti->prev_sched = prev;
	cpu_current_ti = nti;
	cpu_set_owner(nti->thread);
	host_ops->sem_up(nti->sched_sem);
	if (away) {
		/* prev's thread is not here to wait: back to schedule_away. */
		host_ops->jmp_buf_longjmp(&away->jb);
	}
	/* Not a byte of prev from here on: next may have freed it. */
	if (exit_jb)
		host_ops->jmp_buf_longjmp(exit_jb);

	host_ops->sem_down(pti->sched_sem);
	if (pti->dead)
		host_ops->thread_exit();
	return pti->prev_sched;
}

static void thread_main(void *arg)
{
	struct thread_start *start = arg;
	struct thread_info *ti = start->ti;
	int (*fn)(void *) = start->fn;
	void *fn_arg = start->arg;
	int ret;

	host_ops->sem_down(ti->sched_sem);
	if (ti->dead)
		return;
	kfree(start);
	schedule_tail(ti->prev_sched);

	ret = fn(fn_arg);
	if (ret == 0 && task_pid_nr(current) == 1) {
		/* kernel_init "returned to user space": the host takes pid 1. */
		init_handoff();
		return;
	}
	do_exit(ret);
}

static int host_task_stub(void *unused)
{
	return 0;
}

/* Marks a clone of an application thread in copy_thread; never runs. */
static int user_thread_stub(void *unused)
{
	return 0;
}

/*
 * An application thread's host thread: waits until the scheduler first
 * switches to its task, then leaves the kernel as that task and runs the
 * application's fn (which ends the task with SYS_exit).
 */
static void user_thread_main(void *arg)
{
	struct user_start *st = arg;
	struct thread_info *ti = st->ti;
	void (*fn)(void *) = st->fn;
	void *fn_arg = st->arg;

	host_ops->sem_down(ti->sched_sem);
	if (st->abandoned)
		host_ops->thread_exit();
	ti->user_start = NULL;
	kfree(st);
	schedule_tail(ti->prev_sched);
	host_ops->tls_set(task_key, current);
	local_irq_enable();
	cpu_leave();
	fn(fn_arg);
	host_printf("nablux: an application thread returned instead of exiting\n");
	host_ops->panic();
}

struct host_task_req {
	struct list_head list;
	struct nablux_host_sem *sem;
	nablux_thread_t thread;
	struct task_struct *task;
	int err;
};

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct thread_info *ti = task_thread_info(p);
	struct thread_start *start;

	if (!args->fn)
		return -EINVAL;	/* a user-space clone: no such thing here */
	if (vfork_copy_thread(p, args))
		return 0;

	if (args->fn == user_thread_stub) {
		struct user_start *st = args->fn_arg;

		/* The creator's signal mask, as generic code copied it. */
		set_ti_thread_flag(ti, TIF_HOST_TASK);
		st->ti = ti;
		ti->thread = host_ops->thread_create_user(user_thread_main, st,
							  st->stack, st->tls);
		if (!ti->thread)
			return -EAGAIN;
		ti->user_start = st;
		st->taken = true;
		return 0;
	}

	if (args->fn == host_task_stub) {
		struct host_task_req *req = args->fn_arg;

		set_ti_thread_flag(ti, TIF_HOST_TASK);
		/*
		 * Not the helper's mask (all blocked): the mask of pid 1's
		 * first thread, the one that booted the kernel, as if it had
		 * created this one (pthread_create passes the creator's).
		 */
		p->blocked = current->group_leader->blocked;
		host_ops->sem_free(ti->sched_sem);
		ti->sched_sem = req->sem;
		ti->thread = req->thread;
		req->task = p;
		return 0;
	}

	start = kmalloc(sizeof(*start), GFP_KERNEL);
	if (!start)
		return -ENOMEM;
	start->ti = ti;
	start->fn = args->fn;
	start->arg = args->fn_arg;
	ti->thread = host_ops->thread_create(thread_main, start);
	if (!ti->thread) {
		kfree(start);
		return -ENOMEM;
	}
	return 0;
}

/* Host tasks are created by a helper thread of pid 1. */
static LIST_HEAD(host_task_reqs);
static struct task_struct *host_helper;

static int host_helper_main(void *unused)
{
	struct host_task_req *req;
	sigset_t all;
	pid_t pid;

	set_task_comm(current, "host-tasks");
	/*
	 * A thread of pid 1 that must never take a signal meant for the
	 * application: with it blocking none, a signal the application
	 * blocks would come here (and for pid 1 be fatal to the group).
	 */
	sigfillset(&all);
	set_current_blocked(&all);
	for (;;) {
		/* SIGKILL cannot be blocked; nothing here acts on it. */
		if (signal_pending(current))
			flush_signals(current);
		set_current_state(TASK_INTERRUPTIBLE);
		if (list_empty(&host_task_reqs)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		req = list_first_entry(&host_task_reqs, struct host_task_req,
				       list);
		list_del(&req->list);
		pid = user_mode_thread(host_task_stub, req, CLONE_VM | CLONE_FS |
				       CLONE_FILES | CLONE_SIGHAND |
				       CLONE_THREAD | CLONE_SYSVSEM);
		if (pid < 0) {
			req->err = pid;
			req->task = NULL;
			host_ops->sem_up(req->sem);
		}
	}
	return 0;
}

/*
 * Makes the calling host thread a task; on success it owns the CPU, runs
 * as the new task and interrupts are enabled.
 */
struct task_struct *host_task_new(void)
{
	struct host_task_req req = {
		.thread = host_ops->thread_self(),
		.err = -ENOMEM,
	};
	struct thread_info *ti;

	req.sem = host_ops->sem_alloc(0);
	if (!req.sem)
		return ERR_PTR(-ENOMEM);

	cpu_acquire();
	if (cpu_is_down || !host_helper) {
		cpu_release();
		host_ops->sem_free(req.sem);
		return ERR_PTR(-ESHUTDOWN);
	}
	list_add_tail(&req.list, &host_task_reqs);
	wake_up_process(host_helper);
	cpu_release();

	host_ops->sem_down(req.sem);
	if (!req.task) {
		host_ops->sem_free(req.sem);
		return ERR_PTR(req.err);
	}
	ti = task_thread_info(req.task);
	if (ti->dead)
		return ERR_PTR(-ESHUTDOWN);
	schedule_tail(ti->prev_sched);
	local_irq_enable();
	return req.task;
}

/* The boot handshake: see setup.c. */
extern struct nablux_host_sem *boot_sem;
extern nablux_thread_t boot_caller;
extern struct task_struct *boot_pid1;
extern nablux_thread_t boot_init_thread;

void init_handoff(void)
{
	struct thread_info *ti = current_thread_info();
	pid_t pid;

	pid = user_mode_thread(host_helper_main, NULL, CLONE_VM | CLONE_FS |
			       CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			       CLONE_SYSVSEM);
	if (pid > 0) {
		rcu_read_lock();
		host_helper = find_task_by_pid_ns(pid, &init_pid_ns);
		rcu_read_unlock();
	}
	if (!host_helper)
		pr_err("nablux: no helper for host tasks: %d\n", pid);

	boot_pid1 = current;
	boot_init_thread = ti->thread;
	ti->thread = boot_caller;
	set_ti_thread_flag(ti, TIF_HOST_TASK);
	__set_current_state(TASK_IDLE);
	cpu_release();
	host_ops->sem_up(boot_sem);
}

int threads_init(void)
{
	struct thread_info *ti = &init_thread_info;

	ti->sched_sem = host_ops->sem_alloc(0);
	if (!ti->sched_sem)
		return -ENOMEM;
	ti->thread = host_ops->thread_self();
	ti->dead = 0;
	ti->prev_sched = NULL;
	cpu_current_ti = ti;
	idle_ti = ti;
	return 0;
}

/*
 * At halt, with the CPU held: every kernel thread sleeps on its semaphore;
 * wake each one to exit and join it. Host tasks' threads belong to the
 * application and are left alone.
 */
void threads_cleanup(void)
{
	struct task_struct *p, *t;

	for_each_process_thread(p, t) {
		struct thread_info *ti = task_thread_info(t);

		if (t != current)
			thread_info_kill(ti);
		host_ops->sem_free(ti->sched_sem);
		ti->sched_sem = NULL;
		kstack_free(ti->kstack);
		ti->kstack = NULL;
	}
	thread_info_kill(idle_ti);
	host_ops->sem_free(idle_ti->sched_sem);
	idle_ti->sched_sem = NULL;
}

long nablux_clone_thread(unsigned long flags, void *stack_top, int *ptid,
			 int *ctid, unsigned long tls, void (*fn)(void *),
			 void *arg)
{
	const unsigned long thread = CLONE_VM | CLONE_FS | CLONE_FILES |
				     CLONE_SIGHAND | CLONE_THREAD;
	struct kernel_clone_args args = {
		.flags = flags & ~(CSIGNAL | CLONE_SETTLS),
		.exit_signal = flags & CSIGNAL,
		.parent_tid = ptid,
		.child_tid = ctid,
		.fn = user_thread_stub,
	};
	struct user_start *st;
	long ret;

	/* Threads only: there is one address space and no fork. */
	if ((flags & thread) != thread || !stack_top || !fn)
		return -EINVAL;
	if (!host_ops || !host_ops->thread_create_user)
		return -ENOSYS;
	ret = syscall_enter();
	if (ret)
		return ret;
	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (st) {
		*st = (struct user_start){ .fn = fn, .arg = arg,
					   .stack = stack_top, .tls = tls };
		args.fn_arg = st;
		ret = kernel_clone(&args);
		/* Not handed to a host thread: ours to free. */
		if (ret < 0 && !st->taken)
			kfree(st);
	} else {
		ret = -ENOMEM;
	}
	syscall_leave();
	return ret;
}

void show_stack(struct task_struct *task, unsigned long *sp,
		const char *loglvl)
{
}
