/* SPDX-License-Identifier: ISC */
/*
 * hostsig.c: host signals through plat_host_signal_handler(). run.sh
 * waits for "ready", sends signals to the tender and checks the lines.
 *   handler  print "got signal N" for each; SIGUSR2 makes the handler
 *            sleep 500 ms first (signals sent meanwhile wait for it);
 *            SIGTERM wakes main, which exits 0. Main blocks without a
 *            deadline meanwhile: the only wake-up is a host signal.
 *   default  no handler: sleep "forever"; the platform's default action
 *            ends the unikernel (SIGTERM 143, SIGWINCH ignored).
 *   daemon   register, then the main thread exits: the handler's thread
 *            must not keep the unikernel alive (exit 0 at once).
 */
#include "tio.h"

#define SIG_USR2 12
#define SIG_TERM 15

static plat_thread_t *main_thread;
static volatile bool done;

static void handler(int sig)
{
	if (sig == SIG_USR2) {
		t_printf("handler sleeps\n");
		plat_sleep_until(t_mono() + 500000000ULL);
	}
	t_printf("got signal %d\n", sig);
	if (sig == SIG_TERM) {
		done = true;
		plat_wake(main_thread);
	}
}

int plat_main(int argc, char **argv, char **envp)
{
	(void)envp;
	const char *mode = argc > 0 ? argv[0] : "";

	main_thread = plat_thread_self();
	if (t_startswith(mode, "handler")) {
		plat_host_signal_handler(handler);
		t_printf("ready\n");
		while (!done)
			plat_block(UINT64_MAX);
		t_printf("SUCCESS\n");
		return 0;
	}
	if (t_startswith(mode, "default")) {
		t_printf("ready\n");
		plat_sleep_until(UINT64_MAX);
		t_die("woke from a sleep forever");
	}
	if (t_startswith(mode, "daemon")) {
		plat_host_signal_handler(handler);
		t_printf("ready\n");
		plat_thread_exit();
	}
	t_die("usage: hostsig handler|default|daemon");
}
