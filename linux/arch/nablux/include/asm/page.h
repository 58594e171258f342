/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_PAGE_H
#define _ASM_NABLUX_PAGE_H

/*
 * RAM is one region the host gives us at boot; kernel addresses are host
 * addresses. Page frame numbers start at the region's first page.
 */
#define ARCH_PFN_OFFSET		(memory_start >> PAGE_SHIFT)

#include <asm-generic/page.h>

#endif /* _ASM_NABLUX_PAGE_H */
