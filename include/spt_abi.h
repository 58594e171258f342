/* SPDX-License-Identifier: ISC */
/*
 * spt_abi.h: the contract between nablux-spt and an spt guest (ABI 2).
 *
 * Guest memory is one host mapping starting at SPT_HOST_MEM_BASE, so guest
 * addresses are host addresses. Low memory holds, in order: the boot info
 * at SPT_BOOT_INFO_BASE, the tender's filled-in copy of the manifest, and
 * the command line (at most SPT_CMDLINE_SIZE bytes). The executable is
 * loaded at or above SPT_GUEST_MIN_BASE; the initial stack pointer is
 * mem_size - 8; the entry point is called as _start(struct spt_boot_info *).
 */
#ifndef NABLUX_SPT_ABI_H
#define NABLUX_SPT_ABI_H

#include <stddef.h>
#include <stdint.h>
#include "elf_abi.h"

#define SPT_ABI_VERSION 2
#define SPT_GUEST_MIN_BASE 0x100000
#define SPT_HOST_MEM_BASE 0x10000
#define SPT_BOOT_INFO_BASE (SPT_HOST_MEM_BASE + 0x1000)
#define SPT_CMDLINE_SIZE 8192

struct spt_boot_info {
	uint64_t mem_size;	/* bytes, counted from address 0 */
	uint64_t kernel_end;	/* end of the loaded executable */
	const char *cmdline;
	const void *mft;
	int epollfd;		/* yield waits on this */
	int timerfd;		/* yield arms this for its deadline */
};
_Static_assert(sizeof(struct spt_boot_info) == 40, "spt_boot_info layout");

/* epoll data.u64 of the internal timerfd; net devices use their handle. */
#define SPT_INTERNAL_TIMERFD (~1U)

#endif /* NABLUX_SPT_ABI_H */
