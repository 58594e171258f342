/* SPDX-License-Identifier: ISC */
/*
 * nablux_spt.h: the nablux-only calls of the spt bindings, beside the
 * Solo5 API of solo5.h. They use the extensions of nablux_spt_abi.h; on
 * a tender without them (solo5-spt) they report nothing.
 */
#ifndef NABLUX_SPT_H
#define NABLUX_SPT_H

#include "solo5.h"
#include "nablux_spt_abi.h"

/*
 * Host signals. A guest opts in with NABLUX_SPT_OPT_IN_HOST_SIGNALS at
 * file scope in any one of its objects (the platform layer does): the
 * bindings' "nablux" note then asks the tender for the extension.
 *
 * solo5_yield() also returns when a host signal is pending, possibly with
 * an empty ready set and before its deadline; its handle set is Solo5's,
 * unchanged. After any yield, take the signals with
 * nablux_spt_host_signal() until it returns 0: a guest that opts in must,
 * or every later yield returns at once.
 */
#define NABLUX_SPT_OPT_IN_HOST_SIGNALS                                       \
	__asm__(".globl nablux_spt_opt_host_signals\n\t"                     \
		".set nablux_spt_opt_host_signals, 1")

/* Nonzero when the last yield saw a host signal that has not been taken
 * yet. No host call. */
int nablux_spt_host_signal_pending(void);

/* The next pending host signal (SIGHUP 1, SIGINT 2, SIGQUIT 3, SIGUSR1
 * 10, SIGUSR2 12, SIGTERM 15, SIGWINCH 28), or 0 if none. Never blocks;
 * makes a host call only when a signal may be pending. */
int nablux_spt_host_signal(void);

/*
 * Net offload. A guest opts in with NABLUX_SPT_OPT_IN_NET_OFFLOAD at file
 * scope (the Linux unikernels' host does: its driver knows the header).
 * On a net device the tender granted it for, every frame read and written
 * carries a struct virtio_net_hdr of <linux/virtio_net.h> first and may be
 * up to NABLUX_NET_OFFLOAD_FRAME_MAX bytes after it (nablux_spt_abi.h):
 * read buffers must hold the header and that much. Elsewhere (another
 * tender, --net-offload:NAME=off, no opt-in) frames are Solo5's.
 */
#define NABLUX_SPT_OPT_IN_NET_OFFLOAD                                        \
	__asm__(".globl nablux_spt_opt_net_offload\n\t"                     \
		".set nablux_spt_opt_net_offload, 1")

/*
 * Preemption. A guest opts in with NABLUX_SPT_OPT_IN_PREEMPT(fn) at
 * file scope in any one of its objects (the platform layer does): it
 * defines the struct nablux_preempt_info of nablux_spt_abi.h that the
 * bindings' note points to, nablux_spt_opt_preempt. The guest then sets
 * and clears nablux_spt_opt_preempt.user itself; while it is set, the
 * tender may divert it to fn (an assembly routine: see
 * nablux_spt_abi.h for what it finds and must keep).
 */
#define NABLUX_SPT_OPT_IN_PREEMPT(fn)                                        \
	struct nablux_preempt_info nablux_spt_opt_preempt = {                \
		.entry = (uintptr_t)(fn),                                    \
	}
extern struct nablux_preempt_info nablux_spt_opt_preempt;

/* The header size before each frame of the acquired net device (handle),
 * or 0 when its frames are plain. No host call. */
size_t nablux_spt_net_hdr_size(solo5_handle_t handle);

/*
 * Executable memory. A guest opts in with NABLUX_SPT_OPT_IN_EXEC_HEAP at
 * file scope (the platform layer does) to learn whether the tender made
 * guest memory executable (nablux-spt --x-exec-heap).
 */
#define NABLUX_SPT_OPT_IN_EXEC_HEAP                                          \
	__asm__(".globl nablux_spt_opt_exec_heap\n\t"                       \
		".set nablux_spt_opt_exec_heap, 1")

/* Nonzero when guest memory is executable; 0 without the opt-in, without
 * --x-exec-heap or on another tender (solo5-spt). No host call. */
int nablux_spt_exec_heap(void);

#endif /* NABLUX_SPT_H */
