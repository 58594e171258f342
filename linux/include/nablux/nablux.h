/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nablux kernel's API for the layers above it. These are the only
 * global symbols of the kernel object (build/lib/nablux-linux.o).
 */
#ifndef NABLUX_H
#define NABLUX_H

#include <nablux/host.h>

/*
 * Boots the kernel with the given command line ("mem=64M quiet ...").
 * Returns 0 once the kernel is up; the calling thread is then pid 1.
 * Other host threads become threads of pid 1 on their first system call.
 */
int nablux_start_kernel(const struct nablux_host *host, const char *cmdline);

/*
 * A system call with x86_64 numbering and layouts; returns the result or
 * a negative errno, as the kernel does.
 */
long nablux_syscall(long nr, const long args[6]);

/* Interrupts for host devices: allocate a number, trigger it from any thread. */
int nablux_irq_alloc(const char *name);
int nablux_irq_trigger(int irq);

/*
 * Syncs the file systems, shuts the kernel down, ends its threads and
 * gives its memory back. Called by the thread that started the kernel.
 */
long nablux_halt(void);

#endif /* NABLUX_H */
