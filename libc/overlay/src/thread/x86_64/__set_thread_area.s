/* SPDX-License-Identifier: MIT */
/* nablux: the thread pointer is the platform's (arch_prctl(ARCH_SET_FS)
 * through the dispatch). */
.text
.global __set_thread_area
.hidden __set_thread_area
.type __set_thread_area,@function
__set_thread_area:
	jmp __nablux_set_thread_area
.size __set_thread_area,.-__set_thread_area
