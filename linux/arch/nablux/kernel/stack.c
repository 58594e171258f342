// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel stacks. A system call from an application thread runs the
 * kernel's code on a stack of the task's own, not on the application's
 * (a musl thread stack of 128 KiB, or less, and no guard); interrupts and
 * softirqs run on one interrupt stack (there is one CPU). Each stack has
 * a canary at its bottom, checked when the code on it returns.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <asm/nablux.h>

#define STACK_CANARY	0x6e61626c75787374UL	/* "nabluxst" */

/* Runs fn(arg) with the stack pointer at top (16-byte aligned). */
__attribute__((naked)) static long call_on(long (*fn)(void *), void *arg,
					   void *top)
{
	__asm__ ("push %rbp\n\t"
		 "mov %rsp, %rbp\n\t"
		 "mov %rdx, %rsp\n\t"
		 "mov %rdi, %rax\n\t"
		 "mov %rsi, %rdi\n\t"
		 "call *%rax\n\t"
		 "mov %rbp, %rsp\n\t"
		 "pop %rbp\n\t"
		 "ret");
}

void *kstack_alloc(void)
{
	unsigned long *s = host_ops->page_alloc(KSTACK_SIZE);

	if (s)
		*s = STACK_CANARY;
	return s;
}

void kstack_free(void *stack)
{
	if (stack)
		host_ops->page_free(stack, KSTACK_SIZE);
}

long kstack_call(void *stack, long (*fn)(void *), void *arg)
{
	long ret = call_on(fn, arg, (char *)stack + KSTACK_SIZE);

	if (*(unsigned long *)stack != STACK_CANARY) {
		host_printf("nablux: kernel stack overflow\n");
		host_ops->panic();
	}
	return ret;
}
