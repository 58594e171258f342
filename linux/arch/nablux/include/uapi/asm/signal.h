/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_ASM_NABLUX_SIGNAL_H
#define _UAPI_ASM_NABLUX_SIGNAL_H

/*
 * x86_64's signals are the generic ones plus SA_RESTORER, which puts
 * sa_restorer between sa_flags and sa_mask in struct sigaction.
 */
#define SA_RESTORER	0x04000000

#include <asm-generic/signal.h>

#endif
