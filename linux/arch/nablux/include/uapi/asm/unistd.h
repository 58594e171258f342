/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_ASM_NABLUX_UNISTD_H
#define _UAPI_ASM_NABLUX_UNISTD_H

/* Generated from arch/x86/entry/syscalls/syscall_64.tbl (common, 64). */
#include <asm/unistd_64.h>

#endif
