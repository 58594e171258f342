/* SPDX-License-Identifier: ISC */
/*
 * preempt_x86_64.S: where the tender diverts an application thread
 * (include/nablux_spt_abi.h, platform/preempt.c). On entry the
 * interrupted %rip is at (%rsp), below the interrupted code's red zone,
 * and every register and flag is the interrupted code's; %rsp may have
 * any alignment. Unlike a call, nothing is the caller's to lose: keep
 * all of it, general registers, flags and the whole XSAVE state (the
 * application may use AVX; other threads will run and use the vector
 * registers), call preempt_tick(pc), put everything back, and return
 * with `user' set again and %rsp as interrupted.
 *
 * The saved x87 registers are still loaded: emms empties them, as the
 * ABI wants at a call, for the C code and the threads that run next
 * (a switch keeps only the control words).
 *
 * Frame, from %rbx up: r15 ... rax (15 registers), rflags, pc. Below it,
 * 64-aligned, the XSAVE (or FXSAVE) area.
 */
#define USER nablux_spt_opt_preempt+8	/* nablux_preempt_info.user */

	.text
	.globl	preempt_entry
	.type	preempt_entry, @function
	.p2align 4
preempt_entry:
	pushfq
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rbx
	pushq	%rbp
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rbx
	cld				/* the ABI's, for C */
	movl	preempt_xsave_size(%rip), %eax
	testl	%eax, %eax
	jz	1f
	subq	%rax, %rsp
	andq	$-64, %rsp
	/* XSAVE writes only XSTATE_BV of the header; XRSTOR wants the
	 * rest zero. */
	xorl	%eax, %eax
	movq	%rax, 512(%rsp)
	movq	%rax, 520(%rsp)
	movq	%rax, 528(%rsp)
	movq	%rax, 536(%rsp)
	movq	%rax, 544(%rsp)
	movq	%rax, 552(%rsp)
	movq	%rax, 560(%rsp)
	movq	%rax, 568(%rsp)
	movl	$-1, %eax
	movl	$-1, %edx
	xsave64	(%rsp)
	emms				/* below */
	movq	128(%rbx), %rdi
	call	preempt_tick
	movl	$-1, %eax
	movl	$-1, %edx
	xrstor64 (%rsp)
	jmp	2f
1:
	subq	$512, %rsp
	andq	$-64, %rsp
	fxsave64 (%rsp)
	emms
	movq	128(%rbx), %rdi
	call	preempt_tick
	fxrstor64 (%rsp)
2:
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rbp
	popq	%rbx
	popq	%rdx
	popq	%rcx
	popq	%rax
	popfq
	/* Diverted again between here and ret: it comes back to the ret.
	 * The tender skipped the red zone: ret pops it too. */
	movl	$1, USER(%rip)
	ret	$128
	.size	preempt_entry, . - preempt_entry

	.section .note.GNU-stack, "", @progbits
