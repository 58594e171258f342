/* SPDX-License-Identifier: MIT */
/* nablux: a signal handler returns here; rt_sigreturn goes through the
 * dispatch with the signal frame's address. */
.text
.global __restore_rt
.hidden __restore_rt
.type __restore_rt,@function
__restore_rt:
	mov %rsp,%rdi
	call __nablux_sigreturn
	hlt
.size __restore_rt,.-__restore_rt
