/* SPDX-License-Identifier: ISC */
/*
 * hostsig.c: signals sent to the tender (kill, a runtime's stop, a
 * terminal), for the next layer: plat_host_signal_handler().
 *
 * Every platform guest opts in to the tender's host-signal extension
 * (include/nablux_spt_abi.h), so these signals wait for us instead of
 * ending the tender, and every solo5_yield() returns when one is pending;
 * the scheduler then calls hostsig_poll(), which takes them from the host
 * at once into a pending set (so that a handler still busy with the last
 * one does not make every yield return at once). With a handler, a
 * thread of ours calls it, where it may block like any thread. Without
 * one, ours is the host's default action: the unikernel ends with status
 * 128 + sig, as a shell reports a process killed by the signal; SIGWINCH
 * is ignored. (The opt-in is decided when the executable is linked, the
 * handler at run time: signals before it is registered get the default
 * action.)
 */
#include "internal.h"
#include "nablux_spt.h"

NABLUX_SPT_OPT_IN_HOST_SIGNALS;

#define SIG_WINCH 28
#define SIG_THREAD_STACK (64 * 1024)

static void (*handler)(int sig);
static uint64_t pending;	/* bit n: signal n, taken from the host */
static plat_thread_t *sig_thread;
/* sig_thread waits in its own loop, not somewhere in the handler, where
 * a plat_wake() would end a plat_block() of the handler's. */
static bool parked;

static void deliver(int sig)
{
	if (handler != NULL)
		handler(sig);
	else if (sig != SIG_WINCH)
		plat_exit(128 + sig);
}

/* Lowest number first, as Linux delivers pending signals. */
static void deliver_pending(void)
{
	while (pending != 0) {
		int sig = __builtin_ctzll(pending);

		pending &= pending - 1;
		deliver(sig);
	}
}

static void sig_main(void *arg)
{
	(void)arg;
	for (;;) {
		deliver_pending();
		parked = true;
		while (parked)
			plat_block(UINT64_MAX);
	}
}

void hostsig_poll(void)
{
	int sig;

	if (!nablux_spt_host_signal_pending())
		return;
	while ((sig = nablux_spt_host_signal()) != 0)
		if (sig > 0 && sig < 64)
			pending |= 1ULL << sig;
	if (sig_thread == NULL) {
		deliver_pending();
	} else if (parked && pending != 0) {
		parked = false;
		plat_wake(sig_thread);
	}
}

bool hostsig_can_wake(void)
{
	return handler != NULL;
}

void plat_host_signal_handler(void (*fn)(int sig))
{
	handler = fn;
	if (fn == NULL || sig_thread != NULL)
		return;
	struct plat_thread_attr attr = {
		.stack_size = SIG_THREAD_STACK,
		.name = "host-signals",
	};
	if (plat_thread_create(&sig_thread, sig_main, NULL, &attr) != 0)
		plat_panic("plat_host_signal_handler: cannot create its thread");
	sched_daemon(sig_thread);
}
