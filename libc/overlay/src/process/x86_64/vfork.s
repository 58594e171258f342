/* SPDX-License-Identifier: MIT */
/* nablux: vfork's system call is a call into the dispatch
 * (__nablux_vfork, libc/exec.c), which returns twice as the system call
 * does: 0 in the child at once, the child's pid in the parent once the
 * child has exec'd or ended. The return address stays in %rdx, off the
 * stack the child goes on using; the dispatch keeps %rdx for the parent. */
.global vfork
.type vfork,@function
vfork:
	pop %rdx
	call __nablux_vfork
	push %rdx
	mov %rax,%rdi
	.hidden __syscall_ret
	jmp __syscall_ret
