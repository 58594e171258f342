/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_ASM_NABLUX_PTRACE_H
#define _UAPI_ASM_NABLUX_PTRACE_H

/* A library kernel has no user registers to trace. */

#endif
