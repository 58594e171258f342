/* SPDX-License-Identifier: GPL-2.0 */
/* Private to arch/nablux: the host table and the CPU, thread and IRQ glue. */
#ifndef _ASM_NABLUX_NABLUX_H
#define _ASM_NABLUX_NABLUX_H

#include <linux/types.h>
#include <nablux/host.h>

struct task_struct;
struct thread_info;

extern const struct nablux_host *host_ops;
extern struct thread_info *idle_ti;

/* cpu.c: one thread at a time runs kernel code. */
int cpu_baton_init(void);
void cpu_baton_cleanup(void);
void cpu_acquire(void);
void cpu_release(void);
void cpu_set_owner(nablux_thread_t thread);
int cpu_enter(struct task_struct *task);
void cpu_leave(void);
void cpu_shutdown(void);
void cpu_deliver_irqs(void);
bool cpu_post_irqs(void);
extern int cpu_is_down;

/* threads.c */
int threads_init(void);
void threads_cleanup(void);
struct task_struct *host_task_new(void);
void init_handoff(void);

/* process.c */
struct kernel_clone_args;
bool vfork_copy_thread(struct task_struct *p,
		       const struct kernel_clone_args *args);

/*
 * A switch away from a task whose host thread must not wait in
 * __switch_to (see schedule_away in cpu.c): on this thread's stack.
 */
struct sched_away {
	struct nablux_jmp_buf jb;
	bool kept;		/* the scheduler kept the task: no switch */
};

/* irq.c */
int irq_alloc(const char *name);
void irq_mark_pending(int irq);
/* Pending interrupts that came while the application's code ran. */
void irq_run_pending_user(void);
void irq_cleanup(void);

/* time.c */
void time_boot(void);
void time_cleanup(void);

/* mem.c */
void bootmem_init(void);
void bootmem_cleanup(void);

/* console.c */
void console_setup(void);
void host_printf(const char *fmt, ...);

/* stack.c: kernel and interrupt stacks of KSTACK_SIZE bytes. */
#define KSTACK_SIZE	(32 * 1024)
void *kstack_alloc(void);
void kstack_free(void *stack);
long kstack_call(void *stack, long (*fn)(void *), void *arg);

/* syscalls.c */
long run_syscall(long nr, const long *args);
long syscall_enter(void);
void syscall_leave(void);

#endif /* _ASM_NABLUX_NABLUX_H */
