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

/*
 * The application's system calls: like nablux_syscall, and signals are
 * delivered on the way out, as Linux does on return to user space (the
 * default actions taken, restarts done). When a handler must run, sf
 * says which, and the kernel has set the handler's signal mask; the
 * caller, back in the application, calls handler(signo) or, with
 * SA_SIGINFO, handler(signo, info, ucontext), then sets the mask back to
 * sf->mask (rt_sigprocmask, as sigreturn would) and, if sf->restart,
 * makes the same call again. SYS_exit ends the calling thread's task and
 * returns 0: the caller then ends its host thread.
 *
 * A task of a child process (nablux_vfork) may end in any call (exit,
 * exit_group, a fatal signal): then sf->gone is set, and the host thread
 * runs no task any more -- or, if the task was a vfork child still on its
 * parent's thread, the parent again.
 */
struct nablux_sigframe {
	int signo;		/* 0: no handler to run */
	int restart;		/* make the call again after the handler */
	int gone;		/* the calling task has ended */
	unsigned long handler;	/* sa_handler or sa_sigaction */
	unsigned long flags;	/* sa_flags */
	unsigned long mask;	/* signal mask to restore after the handler */
	unsigned char info[128];	/* siginfo_t, x86_64 layout */
};
long nablux_syscall_user(long nr, const long args[6],
			 struct nablux_sigframe *sf);

/*
 * clone(2) of an application thread (musl's __clone): flags must make a
 * thread (CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD);
 * CLONE_PARENT_SETTID/CHILD_CLEARTID/CHILD_SETTID work as on Linux; the
 * new thread (host op thread_create_user) runs fn(arg) on the stack below
 * stack_top with thread pointer tls, in a new task with the caller's
 * signal mask, and ends with SYS_exit. Returns its tid or -errno.
 */
long nablux_clone_thread(unsigned long flags, void *stack_top, int *ptid,
			 int *ctid, unsigned long tls, void (*fn)(void *),
			 void *arg);

/*
 * vfork(2) on the calling host thread (a libc's vfork, and its
 * clone(CLONE_VM|CLONE_VFORK)): makes a child process of the caller's
 * (a new pid; a copy of its file table, working directory and signal
 * handlers; the same memory), and from now on the calling host thread
 * runs as that child while the caller's task waits. Returns the child's
 * pid, or a negative errno (the thread is then still the parent). The
 * thread is the parent's again once the child ends (sf->gone above) or
 * execs (nablux_vfork_exec). The parent gets SIGCHLD and wait4 as usual.
 */
long nablux_vfork(void);

/*
 * execve(2) of a program linked into the unikernel, by a vfork child on
 * its parent's thread: closes its close-on-exec descriptors, resets its
 * handled signals to SIG_DFL, names it (comm) name, and hands the child
 * to a new host thread that runs fn(arg) with thread pointer tls on the
 * stack below stack_top (which must not return: it ends with exit_group
 * or SYS_exit). The calling thread is then the parent again. 0, or a
 * negative errno with nothing changed (-EINVAL: not a vfork child, or
 * one with other threads).
 */
long nablux_vfork_exec(const char *name, void (*fn)(void *), void *arg,
		       void *stack_top, unsigned long tls);

/* Interrupts for host devices: allocate a number, trigger it from any thread. */
int nablux_irq_alloc(const char *name);
int nablux_irq_trigger(int irq);
/*
 * Trigger from where the caller may neither block nor run kernel code (a
 * cooperative host's scheduler): the interrupt is marked pending and,
 * if the CPU idles, the idle task woken to run it. -EAGAIN when nobody
 * will run it unprompted (the CPU is free, with an application task on
 * it): the host then calls nablux_irq_trigger from a thread that may.
 */
int nablux_irq_post(int irq);

/*
 * Makes the file at path (in the calling task's root) what /proc/self/exe
 * of pid 1's process names, as exec would have; it cannot be opened for
 * writing while the program runs (ETXTBSY). 0 or a negative errno.
 */
long nablux_set_exe(const char *path);

/*
 * A signal from outside (the host's SIGTERM, SIGINT, ...) for pid 1, from
 * any host thread once the kernel is up; pid 1's rules apply (dropped at
 * SIG_DFL). 0 or a negative errno.
 */
int nablux_host_signal(int sig);

/*
 * Syncs the file systems, shuts the kernel down, ends its threads and
 * gives its memory back. Called by a thread of pid 1 (the one that
 * started the kernel, or another thread of the application).
 */
long nablux_halt(void);

/*
 * Host devices (operations in host.h), added before the kernel starts;
 * -EBUSY afterwards.
 *
 * A block device of capacity bytes in sectors of sector_size (512 to
 * 4096, a power of two) becomes /dev/vda, vdb, ... in the order added;
 * returns its number (0 for vda) or a negative errno.
 *
 * A network device with the given MAC address and MTU (without the
 * 14-byte Ethernet header; 0 means 1500) becomes eth0, eth1, ...; with
 * hdr_size sizeof(struct virtio_net_hdr) (10) instead of 0, every frame
 * of tx and rx carries that header of <linux/virtio_net.h> first, as on a
 * tap with IFF_VNET_HDR and TUN_F_CSUM|TSO4|TSO6|TSO_ECN, and may be up
 * to 64 KiB + 18 bytes after it (rx's size is then that); returns
 * its number (0 for eth0) or a negative errno. The host calls
 * nablux_net_rx_ready with that number, from any thread, to raise the
 * device's receive interrupt (see struct nablux_net_ops), or
 * nablux_net_rx_post where it may neither block nor run kernel code (as
 * nablux_irq_post, -EAGAIN included).
 */
int nablux_blk_add(const struct nablux_blk_ops *ops, void *dev,
		   unsigned long long capacity, unsigned int sector_size);
int nablux_net_add(const struct nablux_net_ops *ops, void *dev,
		   const unsigned char mac[6], unsigned int mtu,
		   unsigned int hdr_size);
int nablux_net_rx_ready(int n);
int nablux_net_rx_post(int n);

#endif /* NABLUX_H */
