/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_PTRACE_H
#define _ASM_NABLUX_PTRACE_H

#include <uapi/asm/ptrace.h>

/*
 * System calls are function calls: there are no saved user registers.
 * An interrupt only records whether it came while the application's own
 * code ran (irq.c), which the tick charges as user time.
 */
struct pt_regs {
	unsigned long user;
};

#define user_mode(regs)			((regs)->user)
#define instruction_pointer(regs)	0
#define profile_pc(regs)		0
#define user_stack_pointer(regs)	0
#define current_user_stack_pointer()	0

#endif /* _ASM_NABLUX_PTRACE_H */
