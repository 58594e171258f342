/* SPDX-License-Identifier: ISC */
/*
 * preempt.c: the preemption extension (include/nablux_spt_abi.h), for a
 * guest whose "nablux" note asks for it. The guest's threads are
 * cooperative: one that computes without a host call would keep the one
 * CPU for ever. A timer on the process's user CPU time diverts it, where
 * the guest says it may be, to the guest's own code, which lets its other
 * threads run. An idle guest uses no CPU time, so it gets no tick.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>

#include "elf.h"
#include "nablux_spt_abi.h"
#include "spt.h"

/* Set before the guest runs; the handler only reads them. */
static uint32_t *user;			/* the guest's word, host address */
static uint64_t entry;			/* host address */
static uint64_t rsp_lo, rsp_hi;		/* where a push stays in guest memory */

/*
 * The tick. It runs on the guest's %fs (no TLS, errno, stack protector
 * or sanitizer runtime here) and writes only the guest's word and the
 * guest's stack, inside guest memory. SA_RESTART and ITIMER_VIRTUAL (it
 * fires in user mode) keep the guest's host calls from seeing EINTR;
 * epoll_pwait, which ignores SA_RESTART, is retried by the bindings.
 */
__attribute__((no_sanitize("address", "undefined"), no_stack_protector))
static void tick(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	uint64_t rsp = (uint64_t)g[REG_RSP];

	(void)sig;
	(void)si;
	if (__atomic_load_n(user, __ATOMIC_RELAXED) == 0 || rsp < rsp_lo ||
	    rsp > rsp_hi)
		return;
	__atomic_store_n(user, 0, __ATOMIC_RELAXED);
	rsp -= NABLUX_SPT_PREEMPT_PUSH;
	*(uint64_t *)rsp = (uint64_t)g[REG_RIP];
	g[REG_RSP] = (greg_t)rsp;
	g[REG_RIP] = (greg_t)entry;
}

void preempt_setup(struct spt *spt, int fd, uint64_t desc, const char *file)
{
	const size_t dsize = sizeof(struct nablux_preempt_info);
	char why[WHY_SIZE];
	int flags;

	/* Loaded data we may write, holding an entry in loaded code. */
	flags = elf_segment_flags(fd, desc, dsize, why);
	if (flags < 0)
		die("%s: %s", file, why);
	if (desc % 8 != 0 || (flags & (PF_R | PF_W)) != (PF_R | PF_W))
		die("%s: the preemption descriptor at %#llx is not aligned "
		    "in a loaded, writable segment", file,
		    (unsigned long long)desc);
	struct nablux_preempt_info *pi = (void *)(spt->mem + desc);
	flags = elf_segment_flags(fd, pi->entry, 1, why);
	if (flags < 0)
		die("%s: %s", file, why);
	if (!(flags & PF_X))
		die("%s: the preemption entry %#llx is not in an executable "
		    "segment", file, (unsigned long long)pi->entry);
	user = &pi->user;
	entry = spt->mem + pi->entry;
	rsp_lo = spt->mem + SPT_HOST_MEM_BASE + NABLUX_SPT_PREEMPT_PUSH;
	rsp_hi = spt->mem + spt->mem_size;

	/* A stack of our own: the guest's %rsp may be anywhere, and the
	 * frame with the extended FPU state takes kilobytes. */
	size_t size = (64 << 10) + getauxval(AT_MINSIGSTKSZ);
	void *ss = mmap(NULL, size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ss == MAP_FAILED)
		die("preemption: mmap: %s", strerror(errno));
	stack_t st = { .ss_sp = ss, .ss_size = size };
	if (sigaltstack(&st, NULL) < 0)
		die("preemption: sigaltstack: %s", strerror(errno));
	struct sigaction sa = {
		.sa_sigaction = tick,
		.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART,
	};
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGVTALRM, &sa, NULL) < 0)
		die("preemption: sigaction: %s", strerror(errno));
	struct timeval tv = { 0, NABLUX_SPT_PREEMPT_NS / 1000 };
	struct itimerval it = { .it_interval = tv, .it_value = tv };
	if (setitimer(ITIMER_VIRTUAL, &it, NULL) < 0)
		die("preemption: setitimer: %s", strerror(errno));
	/* The handler's return: no argument to check. */
	seccomp_check(seccomp_rule_add(spt->sc_ctx, SCMP_ACT_ALLOW,
				       SCMP_SYS(rt_sigreturn), 0),
		      "rt_sigreturn");
}
