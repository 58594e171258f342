/* SPDX-License-Identifier: ISC */
/*
 * preempt.c: preemption of the application's own code.
 *
 * Threads are cooperative, so a thread that computes without a system
 * call (a pure loop in an interpreter) would keep every other thread,
 * the kernel's timers and the network from running, for ever. Every
 * platform unikernel asks the tender for its preemption extension
 * (include/nablux_spt_abi.h): every 10 ms of CPU time, if the word
 * `user' of our descriptor is set, the tender diverts the running thread
 * to preempt_entry (preempt_x86_64.S), which saves every register and
 * the whole extended FPU state, calls preempt_tick() -- a yield behind
 * whatever came due meanwhile, then the next layer's hook -- and resumes
 * where the thread was.
 *
 * `user' says "the current thread runs the application's own code",
 * where being diverted at any instruction is as safe as an interrupt in
 * a Linux process: the next layer sets it on every way into that code
 * and clears it on every way out (plat_app_code()); the tender clears it
 * when it diverts. The platform, the kernel and their threads never run
 * with it set, so the scheduler and the kernel stay non-preemptive; one
 * word serves every thread because only one runs and every switch
 * happens with it clear (sched.c checks).
 *
 * On a tender without the extension (solo5-spt) the word is set and
 * cleared for nothing, and a loop without system calls keeps the CPU.
 */
#include "internal.h"
#include "nablux_spt.h"

void preempt_entry(void);

NABLUX_SPT_OPT_IN_PREEMPT(preempt_entry);

/* Bytes of the XSAVE area for the features the host enabled (XCR0);
 * 0: no XSAVE, preempt_entry uses FXSAVE. */
uint32_t preempt_xsave_size;

static void (*hook)(void *pc);

void preempt_init(void)
{
	unsigned a, b, c, d;

	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 27)))		/* OSXSAVE */
		return;
	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(0));
	preempt_xsave_size = b;		/* for the features XCR0 enables */
}

int plat_app_code(int on)
{
	int was = (int)__atomic_load_n(&nablux_spt_opt_preempt.user,
				       __ATOMIC_RELAXED);

	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&nablux_spt_opt_preempt.user, (uint32_t)!!on,
			 __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return was;
}

bool preempt_user(void)
{
	return __atomic_load_n(&nablux_spt_opt_preempt.user, __ATOMIC_RELAXED);
}

void plat_preempt_hook(void (*fn)(void *pc))
{
	hook = fn;
}

/* From preempt_entry, on the diverted thread's stack, `user' clear. */
void preempt_tick(void *pc)
{
	plat_stack_check();
	sched_preempted();
	if (hook != NULL)
		hook(pc);
}
