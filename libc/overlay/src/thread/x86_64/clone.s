/* SPDX-License-Identifier: MIT */
/* nablux: __clone(fn, stack, flags, arg, ptid, tls, ctid) is the
 * dispatch's (same arguments, same convention). */
.text
.global __clone
.hidden __clone
.type __clone,@function
__clone:
	jmp __nablux_clone
.size __clone,.-__clone
