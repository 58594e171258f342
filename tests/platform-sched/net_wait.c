/* SPDX-License-Identifier: ISC */
/*
 * net_wait.c: a thread blocked in sched_wait_handles() on the net device
 * "service0" wakes when a frame arrives, with the vCPU idle in
 * solo5_yield() meanwhile ("idle"), or with another thread always
 * runnable ("busy"). Prints READY once it waits, so the runner knows
 * when to send; "busy" gives up after 8 s, "idle" waits for ever.
 */
#include "internal.h"

static solo5_handle_t h;
static solo5_handle_set_t got;
static volatile bool stop;
static unsigned long busy_yields;

static void out(const char *s)
{
	solo5_console_write(s, strlen(s));
}

static void out_u(uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out(buf + i);
}

static void waiter(void *p)
{
	(void)p;
	out("READY\n");
	/* Idle waits with no deadline at all (solo5_yield gets UINT64_MAX,
	 * which the timerfd must take); busy with one 8 s away. */
	got = sched_wait_handles(1ULL << h, p != NULL ? UINT64_MAX :
				 solo5_clock_monotonic() + 8000000000ULL);
	stop = true;
}

static void busy(void *p)
{
	(void)p;
	while (!stop) {
		busy_yields++;
		plat_yield();
	}
}

int plat_main(int argc, char **argv, char **envp)
{
	struct solo5_net_info info;
	plat_thread_t *w, *b = NULL;
	static uint8_t frame[9216 + 14];
	size_t n = 0;

	(void)envp;
	if (solo5_net_acquire("service0", &h, &info) != SOLO5_R_OK) {
		out("FAIL cannot acquire service0\n");
		return 1;
	}
	bool want_busy = argc > 1 && strcmp(argv[1], "busy") == 0;
	if (plat_thread_create(&w, waiter, want_busy ? NULL : &h, NULL) != 0 ||
	    (want_busy && plat_thread_create(&b, busy, NULL, NULL) != 0)) {
		out("FAIL thread create\n");
		return 1;
	}
	plat_thread_join(w);
	if (b != NULL)
		plat_thread_join(b);
	if (got != 1ULL << h) {
		out("FAIL no frame within 8 s\n");
		return 1;
	}
	if (solo5_net_read(h, frame, sizeof(frame), &n) != SOLO5_R_OK ||
	    n < 14) {
		out("FAIL woken but no frame to read\n");
		return 1;
	}
	out("PASS woke on a frame of ");
	out_u(n);
	out(" bytes, ethertype 0x");
	static const char hex[] = "0123456789abcdef";
	char et[5] = { hex[frame[12] >> 4], hex[frame[12] & 15],
		       hex[frame[13] >> 4], hex[frame[13] & 15], 0 };
	out(et);
	if (want_busy) {
		out(", busy thread yielded ");
		out_u(busy_yields);
		out(" times");
	}
	out("\n");
	return 0;
}
