/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_PROCESSOR_H
#define _ASM_NABLUX_PROCESSOR_H

struct task_struct;

/* Spinning waits for something an interrupt will do: let pending ones run. */
void cpu_relax(void);

struct thread_struct { };
#define INIT_THREAD { }

/* No separate user address space. */
#define TASK_SIZE		(~0UL)
#define TASK_UNMAPPED_BASE	0
#define STACK_TOP		TASK_SIZE
#define STACK_TOP_MAX		TASK_SIZE

#define task_pt_regs(tsk)	((struct pt_regs *)NULL)
#define KSTK_EIP(tsk)		(0)
#define KSTK_ESP(tsk)		(0)

static inline unsigned long __get_wchan(struct task_struct *p)
{
	return 0;
}

static inline void flush_thread(void)
{
}

static inline void prepare_to_copy(struct task_struct *tsk)
{
}

#endif /* _ASM_NABLUX_PROCESSOR_H */
