/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Jump buffers for the platform host (no libc underneath):
 *   int  host_setjmp(unsigned long buf[8])   0 now, 1 via host_longjmp
 *   void host_longjmp(unsigned long buf[8])
 * Only what a call preserves is kept: rbx, rbp, r12-r15, rsp, rip.
 */
	.text
	.globl	host_setjmp
	.type	host_setjmp, @function
host_setjmp:
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rdx		/* rsp after our return */
	movq	%rdx, 48(%rdi)
	movq	(%rsp), %rdx		/* our return address */
	movq	%rdx, 56(%rdi)
	xorl	%eax, %eax
	ret
	.size	host_setjmp, . - host_setjmp

	.globl	host_longjmp
	.type	host_longjmp, @function
host_longjmp:
	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	movl	$1, %eax
	jmpq	*56(%rdi)
	.size	host_longjmp, . - host_longjmp
	.section .note.GNU-stack, "", @progbits
