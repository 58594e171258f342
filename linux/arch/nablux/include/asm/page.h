/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_PAGE_H
#define _ASM_NABLUX_PAGE_H

/*
 * RAM is one region the host gives us at boot, at a host address only
 * known then (memory_start). Its "physical" address is a small constant
 * instead, so that page frame numbers are small: generic code walks the
 * frames from 0 to the first one of RAM. Kernel addresses stay host
 * addresses: virtual = physical + PAGE_OFFSET.
 */
#define NABLUX_PHYS_BASE	(4UL << 20)
#define ARCH_PFN_OFFSET		(NABLUX_PHYS_BASE >> PAGE_SHIFT)

#include <asm-generic/page.h>

#undef PAGE_OFFSET
#undef __va
#undef __pa

#define PAGE_OFFSET		(memory_start - NABLUX_PHYS_BASE)
#define __va(x)			((void *)((unsigned long)(x) + PAGE_OFFSET))
#define __pa(x)			((unsigned long)(x) - PAGE_OFFSET)

#endif /* _ASM_NABLUX_PAGE_H */
