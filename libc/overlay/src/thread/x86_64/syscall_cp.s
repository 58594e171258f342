/* SPDX-License-Identifier: MIT */
/* nablux: __syscall_cp_asm(&cancel, n, a, b, c, d, e, f) checks the
 * cancellation flag, then calls the dispatch. The call lies between
 * __cp_begin and __cp_end, so a thread inside a cancellable system call
 * is seen there, as with the syscall instruction. */
.text
.global __cp_begin
.hidden __cp_begin
.global __cp_end
.hidden __cp_end
.global __cp_cancel
.hidden __cp_cancel
.hidden __cancel
.global __syscall_cp_asm
.hidden __syscall_cp_asm
.type __syscall_cp_asm,@function
__syscall_cp_asm:
__cp_begin:
	mov (%rdi),%eax
	test %eax,%eax
	jnz __cp_cancel
	mov %rsi,%rdi
	mov %rdx,%rsi
	mov %rcx,%rdx
	mov %r8,%rcx
	mov %r9,%r8
	mov 8(%rsp),%r9
	mov 16(%rsp),%rax
	push %rax		/* seventh argument; the stack is 16-aligned */
	call __nablux_syscall
	add $8,%rsp
__cp_end:
	ret
__cp_cancel:
	jmp __cancel
.size __syscall_cp_asm,.-__syscall_cp_asm
