// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU: exactly one host thread runs kernel code at a time, the thread
 * of `current`. It is a baton, not a lock: __switch_to hands it from the
 * thread of prev to the thread of next.
 *
 * When no thread holds it, `current` is "parked": either the idle task,
 * whose thread sleeps in arch_cpu_idle, or an application task between two
 * system calls, whose thread is off running the application. A thread that
 * takes the CPU runs in the parked task's context, like an interrupt, and
 * must let the scheduler move on before it goes (cpu_release): the idle
 * thread is woken to leave its loop itself; an application task is
 * scheduled away on its behalf, a switch that ends in a longjmp back to the
 * caller because the task's own thread is not there to block.
 *
 * Invariant: the CPU is free only when nothing but current is runnable.
 * Whoever lets it go (cpu_release) first runs pending interrupts and
 * switches to any other runnable task, so a task woken by a system call
 * or an interrupt never waits for a CPU nobody will hand it.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/stat.h>
#include <linux/task_work.h>
#include <linux/interrupt.h>
#include <linux/errno.h>
#include <asm/nablux.h>

static struct {
	struct nablux_host_mutex *lock;	/* guards owner and sleepers */
	nablux_thread_t owner;		/* thread running kernel code, or 0 */
	int sleepers;			/* threads waiting in cpu_acquire */
	struct nablux_host_sem *wait;
} cpu;

int cpu_is_down;

static inline void cpu_lock(void)
{
	host_ops->mutex_lock(cpu.lock);
}

static inline void cpu_unlock(void)
{
	host_ops->mutex_unlock(cpu.lock);
}

int cpu_baton_init(void)
{
	cpu.owner = 0;
	cpu.sleepers = 0;
	cpu_is_down = 0;
	cpu.lock = host_ops->mutex_alloc();
	cpu.wait = host_ops->sem_alloc(0);
	if (!cpu.lock || !cpu.wait) {
		cpu_baton_cleanup();
		return -ENOMEM;
	}
	return 0;
}

void cpu_baton_cleanup(void)
{
	if (cpu.wait)
		host_ops->sem_free(cpu.wait);
	if (cpu.lock)
		host_ops->mutex_free(cpu.lock);
	cpu.wait = NULL;
	cpu.lock = NULL;
}

/* Waits until no thread runs kernel code; the caller then does. */
void cpu_acquire(void)
{
	nablux_thread_t self = host_ops->thread_self();

	cpu_lock();
	while (cpu.owner) {
		cpu.sleepers++;
		cpu_unlock();
		host_ops->sem_down(cpu.wait);
		cpu_lock();
	}
	cpu.owner = self;
	cpu_unlock();
}

void cpu_set_owner(nablux_thread_t thread)
{
	cpu_lock();
	cpu.owner = thread;
	cpu_unlock();
}

/* Owner only: nobody runs kernel code until the next cpu_acquire. */
static void cpu_free_locked(void)
{
	cpu.owner = 0;
	if (cpu.sleepers) {
		cpu.sleepers--;
		host_ops->sem_up(cpu.wait);
	}
}

/* Owner only, current is idle and parked: its thread takes the CPU. */
static void cpu_wake_idle_locked(void)
{
	cpu.owner = idle_ti->thread;
	host_ops->sem_up(idle_ti->sched_sem);
}

static void schedule_away_fn(void)
{
	struct thread_info *ti = current_thread_info();
	struct sched_away *away = ti->away;

	schedule();
	/*
	 * Back here only when the scheduler kept current: we still own the
	 * CPU, and current is still the task we came in with.
	 */
	ti->away = NULL;
	away->kept = true;
}

/*
 * Owner only, current is a host task whose thread does not wait in the
 * kernel: parked (its thread is off running the application, and we run
 * on its behalf) or leaving a system call on its own thread. Schedules it
 * away without blocking this thread: __switch_to finds current's `away`,
 * hands the CPU to the next task and jumps back here instead of waiting
 * on current's semaphore. Returns true when the CPU went to another task
 * (this thread no longer owns it), false when the scheduler kept current.
 *
 * Everything that tells the two apart lives on this thread's stack: once
 * the CPU is handed over, another thread may be scheduling away another
 * parked task, so no shared variable may be looked at after the switch.
 */

static bool schedule_away(void)
{
	struct thread_info *ti = current_thread_info();
	struct sched_away away = { .kept = false };

	/* Parked: not running, so the scheduler takes it off the run queue. */
	__set_current_state(TASK_IDLE);
	ti->away = &away;
	host_ops->jmp_buf_set(&away.jb, schedule_away_fn);
	return !away.kept;
}

/* Owner only: does a task other than current want the CPU? */
static bool cpu_others_runnable(void)
{
	if (current_thread_info() == idle_ti)
		return need_resched() || nr_running() > 0;
	/* current, parked, still counts until it is scheduled away. */
	return nr_running() > 1;
}

/*
 * Owner only, leaving kernel code with current parked (the idle task, or a
 * host task whose thread is not in the kernel): runs what interrupts came
 * in meanwhile, and if any other task is runnable lets it run, so that the
 * CPU is never left free while a woken task waits for it. The caller no
 * longer owns the CPU on return.
 */
void cpu_release(void)
{
	for (;;) {
		cpu_lock();
		if (READ_ONCE(irq_pending) && !irqs_disabled()) {
			cpu_unlock();
			irq_run_pending();
			continue;
		}
		if (!cpu_others_runnable()) {
			cpu_free_locked();
			cpu_unlock();
			return;
		}
		if (current_thread_info() == idle_ti) {
			/* Like a real CPU: wake the idle loop to schedule. */
			cpu_wake_idle_locked();
			cpu_unlock();
			return;
		}
		cpu_unlock();
		if (schedule_away())
			return;
	}
}

/*
 * The calling host thread runs as task from now on: it owns the CPU, task
 * is current and interrupts are enabled.
 */
int cpu_enter(struct task_struct *task)
{
	struct thread_info *ti = task_thread_info(task);

	cpu_acquire();
	if (current == task) {
		__set_current_state(TASK_RUNNING);
	} else {
		wake_up_process(task);
		cpu_release();
		host_ops->sem_down(ti->sched_sem);
		if (ti->dead)
			return -ESHUTDOWN;
		schedule_tail(ti->prev_sched);
	}
	local_irq_enable();
	return 0;
}

/* Back to the application: current stays, parked, until someone moves it. */
void cpu_leave(void)
{
	if (test_thread_flag(TIF_NOTIFY_RESUME))
		clear_thread_flag(TIF_NOTIFY_RESUME);
	if (task_work_pending(current))
		task_work_run();
	__set_current_state(TASK_IDLE);
	cpu_release();
}

/* Called by the thread that raised an interrupt, after marking it pending. */
void cpu_deliver_irqs(void)
{
	cpu_lock();
	if (cpu.owner || cpu_is_down) {
		/* The owner runs it when it enables interrupts or leaves. */
		cpu_unlock();
		return;
	}
	if (current_thread_info() == idle_ti) {
		/* Like a real CPU: the interrupt wakes the idle loop. */
		cpu_wake_idle_locked();
		cpu_unlock();
		return;
	}
	cpu.owner = host_ops->thread_self();
	cpu_unlock();
	/* It interrupted the parked task's own code: its user time. */
	irq_run_pending_user();
	cpu_release();
}

/*
 * Like cpu_deliver_irqs, for a caller that may neither block nor run
 * kernel code (the platform host's scheduler, mid-switch). Returns false
 * when the CPU is free with an application task parked on it: then only a
 * thread that may run the interrupt can deliver it. On the platform host
 * taking cpu.lock cannot block here: nothing done under it switches
 * threads, so it is free whenever the host's scheduler runs.
 */
bool cpu_post_irqs(void)
{
	bool posted = true;

	cpu_lock();
	if (!cpu.owner && !cpu_is_down) {
		if (current_thread_info() == idle_ti)
			cpu_wake_idle_locked();
		else
			posted = false;
	}
	cpu_unlock();
	return posted;
}

void arch_cpu_idle(void)
{
	struct thread_info *ti = current_thread_info();

	cpu_lock();
	if (READ_ONCE(irq_pending) || need_resched()) {
		cpu_unlock();
		raw_local_irq_enable();
		return;
	}
	cpu_free_locked();
	cpu_unlock();

	host_ops->sem_down(ti->sched_sem);
	if (ti->dead)
		host_ops->thread_exit();
	raw_local_irq_enable();
}

void cpu_relax(void)
{
	unsigned long flags;

	/* Spinning for something an interrupt does: let pending ones run. */
	local_irq_save(flags);
	local_irq_restore(flags);
}

void cpu_shutdown(void)
{
	cpu_lock();
	cpu_is_down = 1;
	cpu_unlock();
}
