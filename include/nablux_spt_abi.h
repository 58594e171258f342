/* SPDX-License-Identifier: ISC */
/*
 * nablux_spt_abi.h: nablux-only extensions of the spt ABI (version 2),
 * between nablux-spt and the nablux bindings. Each is opt-in: a Solo5
 * guest never sees one, and a nablux guest runs on solo5-spt without them.
 *
 * Opting in: the "nablux" ELF note
 *
 *   An ELF note named "nablux" of type 'NXE1' whose descriptor is struct
 *   nablux_ext_info, first in a PT_NOTE of its own (spt.lds puts it after
 *   the manifest's). Solo5's tenders look only at notes named "Solo5" and
 *   ignore it. nablux-spt reads it with the rules of the Solo5 notes
 *   (tender/README.md): a missing note means no extension, a malformed or
 *   duplicated one is refused. Each extension has one 64-bit word in the
 *   descriptor; nonzero opts in; a word past the end of a shorter
 *   descriptor is zero, and words nablux-spt does not know are ignored.
 *
 *   The nablux bindings always carry the note. Each word is the value of
 *   a weak symbol (NABLUX_SPT_OPT_IN_* in nablux_spt.h), so the guest
 *   opts in at link time by defining it; the platform layer does, for
 *   host signals.
 *
 * Host signals (word host_signals)
 *
 *   Before the guest runs, the tender blocks SIGHUP, SIGINT, SIGQUIT,
 *   SIGUSR1, SIGUSR2, SIGTERM and SIGWINCH (less any its parent left
 *   ignored: nohup, a background job) and opens a non-blocking signalfd
 *   for them. Sent to the tender (kill, a runtime's stop, a terminal),
 *   they no longer end it but wait there for the guest. SIGKILL, SIGSTOP
 *   and the others are as before.
 *
 *   The signalfd is in the epoll set of the boot info, with event data
 *   NABLUX_SPT_SIGNALFD_EVENT(fd): a yield returns when a signal is
 *   pending, and the guest learns the descriptor from the event. The guest
 *   may read it with exactly NABLUX_SPT_SIGNAL_READ bytes: up to
 *   NABLUX_SPT_SIGNAL_BATCH records of struct nablux_spt_siginfo (Linux's
 *   struct signalfd_siginfo), -EAGAIN when none is pending. A signal sent
 *   again before the guest reads it is merged, as Linux merges pending
 *   standard signals. The seccomp filter allows read(fd, *, size ==
 *   NABLUX_SPT_SIGNAL_READ) on that descriptor and nothing else new.
 *
 * Preemption (word preempt)
 *
 *   The word is the guest address of a struct nablux_preempt_info in a
 *   loaded segment with file bytes that is readable and writable, 8-byte
 *   aligned; its entry, as loaded, must lie in an executable segment. A
 *   bad one is refused before the guest runs. The tender reads entry
 *   once, at load time: changing it later changes nothing.
 *
 *   Before the guest runs, the tender arms ITIMER_VIRTUAL every
 *   NABLUX_SPT_PREEMPT_NS of the process's user CPU time (an idle guest,
 *   asleep in epoll_pwait, gets no tick) and handles SIGVTALRM on a stack
 *   of its own. At each tick, if the word user is nonzero and the
 *   interrupted stack pointer minus NABLUX_SPT_PREEMPT_PUSH lies in guest
 *   memory, the tender sets user to 0, skips the 128-byte red zone below
 *   the interrupted %rsp, pushes the interrupted %rip there, and resumes
 *   the guest at entry, every other register and flag as interrupted:
 *   entry runs as if the interrupted code had called it (but with %rsp
 *   anywhere, not 16-aligned, and nothing clobbered) and returns to it
 *   with ret $128 (the %rip, then the red zone). Otherwise the tick
 *   changes nothing. The guest sets user only where being diverted
 *   is safe (its application's own code); entry must keep every
 *   register, the flags and the FPU/vector state, and sets user again,
 *   if it wants, before returning.
 *
 *   The filter allows rt_sigreturn, which takes no argument: the one
 *   call a signal handler's return needs, so an unchecked one.
 *
 * Executable memory (word exec_heap)
 *
 *   Guest memory is executable only under the tender's --x-exec-heap. A
 *   guest that asks learns whether it is, so that it can refuse to make
 *   code (mmap or mprotect with PROT_EXEC) instead of faulting when it
 *   runs it. When it is, the tender puts NABLUX_EXEC_HEAP_MAGIC, a
 *   uint32_t, right after struct spt_boot_info, and the manifest copy
 *   after that (the boot info's mft says where). Anything else there (no
 *   --x-exec-heap, another tender: the manifest's version) means no.
 *   Nothing new in the filter.
 */
#ifndef NABLUX_SPT_EXT_ABI_H
#define NABLUX_SPT_EXT_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "mft_abi.h"

#define NABLUX_NOTE_NAME "nablux"
#define NABLUX_EXT_NOTE_TYPE 0x3145584eu	/* "NXE1" little-endian */

struct nablux_ext_info {
	uint64_t host_signals;
	uint64_t net_offload;
	uint64_t preempt;	/* address of a struct nablux_preempt_info */
	uint64_t exec_heap;
} __attribute__((packed, aligned(4)));

/* The note header: an Elf64_Nhdr with "nablux\0" padded to 8 bytes. The
 * descriptor follows at byte 20, 4-aligned (ELF notes are). */
struct nablux_ext_note {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
	char n_name[8];
	struct nablux_ext_info i;
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct nablux_ext_note) == 52, "nablux note layout");

/* Preemption (see above): where the guest is diverted, and whether it
 * may be now. */
struct nablux_preempt_info {
	uint64_t entry;		/* guest address of the code to divert to */
	uint32_t user;		/* nonzero: the guest may be diverted */
	uint32_t reserved;	/* 0 */
};
_Static_assert(sizeof(struct nablux_preempt_info) == 16, "preempt layout");
#define NABLUX_SPT_PREEMPT_NS 10000000	/* 10 ms of user CPU time */
/* The red zone and the pushed %rip. */
#define NABLUX_SPT_PREEMPT_PUSH (128 + 8)

#define NABLUX_EXT_NOTE_ALIGN 4
/* Room for extensions to come; a larger descriptor is refused. */
#define NABLUX_EXT_NOTE_MAX_SIZE 64

/* Event data of the signalfd in the epoll set: a tag in the high half
 * (never a net handle or SPT_INTERNAL_TIMERFD), the descriptor below. */
#define NABLUX_SPT_SIGNALFD_TAG 0x4e58534700000000ULL	/* "NXSG" */
#define NABLUX_SPT_SIGNALFD_TAG_MASK 0xffffffff00000000ULL
#define NABLUX_SPT_SIGNALFD_EVENT(fd) \
	(NABLUX_SPT_SIGNALFD_TAG | (uint32_t)(fd))

/* struct signalfd_siginfo: the fields a guest may use, padded to 128. */
struct nablux_spt_siginfo {
	uint32_t signo;		/* the host's (x86_64 Linux) number */
	int32_t err;
	int32_t code;
	uint32_t pid;		/* sender, in the host's pid namespace */
	uint32_t uid;
	uint8_t pad[108];
};
_Static_assert(sizeof(struct nablux_spt_siginfo) == 128, "signalfd_siginfo");

#define NABLUX_SPT_SIGNAL_BATCH 8
#define NABLUX_SPT_SIGNAL_READ \
	(NABLUX_SPT_SIGNAL_BATCH * sizeof(struct nablux_spt_siginfo))

/* The answer to exec_heap: guest memory is executable. */
#define NABLUX_EXEC_HEAP_MAGIC 0x5848584eu	/* "NXHX" little-endian */

/* The net device's answer, inside its manifest entry (see above). */
struct nablux_net_offload {
	uint32_t magic;		/* NABLUX_NET_OFFLOAD_MAGIC: granted */
	uint16_t hdr_size;	/* bytes of header before each frame */
	uint16_t reserved;	/* 0 */
};
#define NABLUX_NET_OFFLOAD_MAGIC 0x4f56584eu	/* "NXVO" little-endian */
/* Where it lies, from the start of a struct mft_entry. */
#define NABLUX_NET_OFFLOAD_AT \
	(offsetof(struct mft_entry, u) + sizeof(struct mft_net_basic))
_Static_assert(NABLUX_NET_OFFLOAD_AT + sizeof(struct nablux_net_offload) <=
	       offsetof(struct mft_entry, b), "inside mft_entry.u");
_Static_assert(NABLUX_NET_OFFLOAD_AT % 4 == 0, "aligned");
/* The largest Ethernet frame after the header: an IP datagram of
 * 65535 bytes behind an Ethernet header with a VLAN tag. */
#define NABLUX_NET_OFFLOAD_FRAME_MAX (65535 + 18)

#endif /* NABLUX_SPT_EXT_ABI_H */
