/* SPDX-License-Identifier: ISC */
/*
 * switch_x86_64.S: the green-thread context switch.
 *
 * A switch is a function call, so the caller has already saved whatever
 * the SysV ABI lets a callee clobber. What is left to keep is the
 * callee-saved set: rbx, rbp, r12-r15, the stack pointer, and the control
 * bits of MXCSR and the x87 control word (the ABI makes those
 * callee-saved too). Everything sits on the old stack; the thread struct
 * keeps only the stack pointer.
 *
 * Frame, from the saved rsp up:
 *	+0  MXCSR (4 bytes), x87 CW (2 bytes), 2 bytes unused
 *	+8  r15  +16 r14  +24 r13  +32 r12  +40 rbx  +48 rbp
 *	+56 return address
 * sched.c builds the same frame for a new thread, with sched_trampoline
 * as the return address and the thread in r12.
 */

	.text

/* void sched_switch(void **save_sp, void *next_sp) */
	.globl	sched_switch
	.type	sched_switch, @function
	.p2align 4
sched_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)

	movq	%rsi, %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	sched_switch, . - sched_switch

/* First code of a new thread: rsp is 16-byte aligned here, so the call
 * below enters C with the alignment the ABI expects. */
	.globl	sched_trampoline
	.type	sched_trampoline, @function
	.p2align 4
sched_trampoline:
	movq	%r12, %rdi
	call	sched_thread_start@PLT
	ud2
	.size	sched_trampoline, . - sched_trampoline

	.section .note.GNU-stack, "", @progbits
