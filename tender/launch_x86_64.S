/* SPDX-License-Identifier: ISC */
/*
 * spt_launch(sp, fn, arg): switch to the guest stack and jump to fn(arg),
 * leaving no tender pointers in registers. rsp = sp is 8 mod 16, as just
 * after a call, so fn sees an ABI-conforming stack.
 */
	.text
	.globl spt_launch
	.type spt_launch, @function
spt_launch:
	movq %rdi, %rsp
	movq %rsi, %rax
	movq %rdx, %rdi
	xorl %esi, %esi
	xorl %edx, %edx
	xorl %ecx, %ecx
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %ebx, %ebx
	xorl %ebp, %ebp
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	jmp *%rax
	.size spt_launch, . - spt_launch
	.section .note.GNU-stack, "", @progbits
