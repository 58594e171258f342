/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_UACCESS_H
#define _ASM_NABLUX_UACCESS_H

/*
 * One address space, but not all of it is the application's: a user
 * pointer must lie in [user_lo, user_hi), the memory the host says the
 * application has (host op user_range), so that NULL and wild pointers
 * give EFAULT instead of a fault of the whole process.
 */
extern unsigned long user_lo, user_hi;

#define TASK_SIZE_MAX	user_hi

static inline int __access_ok(const void __user *ptr, unsigned long size)
{
	unsigned long a = (unsigned long)ptr;

	/* Nothing to touch is fine anywhere, as on Linux (musl's writev
	 * passes a NULL base with length 0). */
	return !size || (a >= user_lo && a <= user_hi && size <= user_hi - a);
}
#define __access_ok __access_ok

#include <asm-generic/uaccess.h>

#endif /* _ASM_NABLUX_UACCESS_H */
