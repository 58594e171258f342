/* SPDX-License-Identifier: MIT */
/* nablux: __unmapself(base, size) frees a detached thread's stack and
 * ends the thread; the dispatch does both without touching the stack
 * after it is freed. */
.text
.global __unmapself
.type __unmapself,@function
__unmapself:
	jmp __nablux_unmapself
.size __unmapself,.-__unmapself
