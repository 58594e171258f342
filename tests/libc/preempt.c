/*
 * Preemption of code that makes no system call (the platform's, through
 * the tender's extension): on the one cooperative CPU such a loop kept
 * every other thread, and the kernel's timers, from running for ever.
 *
 *   preempt sleep        a thread spins on a counter; main sleeps 20 ms
 *                        at a time and gets the CPU back within 200 ms
 *   preempt fp           two threads hold integer, x87, SSE (and AVX)
 *                        registers through loops long enough to be
 *                        preempted many times, and find them intact;
 *                        main, woken between them, finds the x87
 *                        registers free
 *   preempt alarm        SIGALRM reaches a loop without system calls
 *   preempt cputime      the loop's CPU time is counted: SIGVTALRM
 *                        (ITIMER_VIRTUAL) and SIGPROF (ITIMER_PROF)
 *                        arrive, not before as much real time has
 *                        passed, and getrusage reports the user time
 *   preempt busy SECS    main spins for SECS seconds (by the TSC)
 *   preempt idle SECS    main sleeps for SECS seconds
 */
#include <cpuid.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#include "check.h"

static volatile unsigned long spins;
static volatile int stop;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *spin(void *p)
{
	(void)p;
	while (!stop)
		spins++;
	return NULL;
}

static void sleep_case(void)
{
	pthread_t t;
	uint64_t worst = 0;

	CHECK("spinner-created", pthread_create(&t, NULL, spin, NULL) == 0);
	for (int i = 0; i < 25; i++) {
		struct timespec d = { 0, 20000000 };
		uint64_t t0 = now_ns();

		nanosleep(&d, NULL);
		uint64_t late = now_ns() - t0 - 20000000;
		if (late > worst)
			worst = late;
	}
	unsigned long seen = spins;
	stop = 1;
	pthread_join(t, NULL);
	printf("sleep 20 ms x 25 beside a spinning thread: worst %.1f ms "
	       "late\n", worst / 1e6);
	check("sleeper-gets-cpu", worst < 200000000, "worst %.1f ms late",
	      worst / 1e6);
	check("spinner-ran", seen > 0, "spins %lu", seen);
}

/*
 * Sets r8-r11, xmm0-15 (every lane: pattern ^ register number) and x87
 * st0-st1, sets DF, spins `iters' times without touching them, then
 * checks them all and clears DF. Returns 0 if all held.
 */
static int hold_sse(uint64_t p, unsigned long iters)
{
	uint64_t bad;

	__asm__ __volatile__(
		"fldpi\n\t"
		"fld1\n\t"
		"mov %[p], %%r8\n\t"
		"lea 1(%[p]), %%r9\n\t"
		"lea 2(%[p]), %%r10\n\t"
		"lea 3(%[p]), %%r11\n\t"
#define SET(n) "mov %[p], %%rax\n\txor $" #n ", %%rax\n\t" \
	"movq %%rax, %%xmm" #n "\n\tpunpcklqdq %%xmm" #n ", %%xmm" #n "\n\t"
		SET(0) SET(1) SET(2) SET(3) SET(4) SET(5) SET(6) SET(7)
		SET(8) SET(9) SET(10) SET(11) SET(12) SET(13) SET(14) SET(15)
		"std\n\t"
		"mov %[n], %%rcx\n"
		"1:\n\t"
		"dec %%rcx\n\t"
		"jnz 1b\n\t"
		"lea -128(%%rsp), %%rsp\n\t"	/* past the red zone */
		"pushfq\n\t"
		"pop %%rax\n\t"
		"lea 128(%%rsp), %%rsp\n\t"
		"cld\n\t"
		"xor %[bad], %[bad]\n\t"
		"test $0x400, %%eax\n\t"
		"jnz 2f\n\t"
		"or $1, %[bad]\n"
		"2:\n\t"
		"cmp %[p], %%r8\n\tjne 3f\n\t"
		"lea 1(%[p]), %%rax\n\tcmp %%rax, %%r9\n\tjne 3f\n\t"
		"lea 2(%[p]), %%rax\n\tcmp %%rax, %%r10\n\tjne 3f\n\t"
		"lea 3(%[p]), %%rax\n\tcmp %%rax, %%r11\n\tjne 3f\n\t"
#define CHK(n) "mov %[p], %%rdx\n\txor $" #n ", %%rdx\n\t" \
	"movq %%xmm" #n ", %%rax\n\tcmp %%rdx, %%rax\n\tjne 3f\n\t" \
	"pshufd $0x4e, %%xmm" #n ", %%xmm" #n "\n\t" \
	"movq %%xmm" #n ", %%rax\n\tcmp %%rdx, %%rax\n\tjne 3f\n\t"
		CHK(0) CHK(1) CHK(2) CHK(3) CHK(4) CHK(5) CHK(6) CHK(7)
		CHK(8) CHK(9) CHK(10) CHK(11) CHK(12) CHK(13) CHK(14) CHK(15)
		"fld1\n\t"
		"fucomip %%st(1), %%st\n\t"
		"jne 3f\n\t"
		"jp 3f\n\t"
		"fstp %%st(0)\n\t"
		"fldpi\n\t"
		"fucomip %%st(1), %%st\n\t"
		"jne 4f\n\t"
		"jp 4f\n\t"
		"fstp %%st(0)\n\t"
		"jmp 5f\n"
		"3:\n\t"
		"or $2, %[bad]\n\t"
		"fninit\n\t"
		"jmp 5f\n"
		"4:\n\t"
		"or $4, %[bad]\n\t"
		"fninit\n"
		"5:\n"
		: [bad] "=&r"(bad)
		: [p] "r"(p), [n] "r"(iters)
		: "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "xmm0", "xmm1",
		  "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
		  "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
		  "st", "st(1)", "cc", "memory");
	return (int)bad;
#undef SET
#undef CHK
}

/* The upper halves of ymm0-15: pattern ^ (register number + 16). */
__attribute__((target("avx"))) static int hold_avx(uint64_t p,
						   unsigned long iters)
{
	uint64_t bad;

	__asm__ __volatile__(
#define SET(n) "mov %[p], %%rax\n\txor $" #n "+16, %%rax\n\t" \
	"vmovq %%rax, %%xmm" #n "\n\tvpunpcklqdq %%xmm" #n ", %%xmm" #n \
	", %%xmm" #n "\n\tvinsertf128 $1, %%xmm" #n ", %%ymm" #n ", %%ymm" #n "\n\t"
		SET(0) SET(1) SET(2) SET(3) SET(4) SET(5) SET(6) SET(7)
		SET(8) SET(9) SET(10) SET(11) SET(12) SET(13) SET(14) SET(15)
		"mov %[n], %%rcx\n"
		"1:\n\t"
		"dec %%rcx\n\t"
		"jnz 1b\n\t"
		"xor %[bad], %[bad]\n\t"
#define CHK(n) "mov %[p], %%rdx\n\txor $" #n "+16, %%rdx\n\t" \
	"vextractf128 $1, %%ymm" #n ", %%xmm" #n "\n\t" \
	"vmovq %%xmm" #n ", %%rax\n\tcmp %%rdx, %%rax\n\tjne 3f\n\t"
		CHK(0) CHK(1) CHK(2) CHK(3) CHK(4) CHK(5) CHK(6) CHK(7)
		CHK(8) CHK(9) CHK(10) CHK(11) CHK(12) CHK(13) CHK(14) CHK(15)
		"jmp 5f\n"
		"3:\n\t"
		"mov $8, %[bad]\n"
		"5:\n\t"
		"vzeroupper\n\t"
		: [bad] "=&r"(bad)
		: [p] "r"(p), [n] "r"(iters)
		: "rax", "rcx", "rdx", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
		  "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
		  "xmm12", "xmm13", "xmm14", "xmm15", "cc", "memory");
	return (int)bad;
#undef SET
#undef CHK
}

static int have_avx;

/* Eight x87 registers are free, as the ABI says they are after a call,
 * also when the thread that ran last was preempted holding some. */
static int x87_free(void)
{
	uint16_t sw;

	__asm__ __volatile__(
		"fnclex\n\t"
		"fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\t"
		"fnstsw %0\n\t"
		"fstp %%st(0)\n\tfstp %%st(0)\n\tfstp %%st(0)\n\tfstp %%st(0)\n\t"
		"fstp %%st(0)\n\tfstp %%st(0)\n\tfstp %%st(0)\n\tfstp %%st(0)\n\t"
		"fnclex"
		: "=m"(sw)
		:
		: "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)",
		  "st(7)");
	return !(sw & 0x41);	/* no stack fault, no invalid operation */
}

struct holder {
	uint64_t pattern;
	int rounds, bad;
};

static void *hold(void *p)
{
	struct holder *h = p;

	while (!stop) {
		h->bad |= hold_sse(h->pattern, 100000000);
		if (have_avx)
			h->bad |= hold_avx(h->pattern, 100000000);
		h->rounds++;
	}
	return NULL;
}

static void fp_case(void)
{
	unsigned a, b, c, d;
	struct holder h[2] = { { 0x0123456789abcdefULL, 0, 0 },
			       { 0xfedcba9876543210ULL, 0, 0 } };
	pthread_t t[2];

	/* AVX usable: the CPU has it and the OS saves it (OSXSAVE). */
	have_avx = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_AVX) &&
		   (c & bit_OSXSAVE);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, hold, &h[i]);
	int x87_full = 0;
	for (int i = 0; i < 30; i++) {
		struct timespec s = { 0, 50000000 };

		nanosleep(&s, NULL);
		x87_full += !x87_free();
	}
	stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("registers held: %d and %d rounds, avx %s\n", h[0].rounds,
	       h[1].rounds, have_avx ? "yes" : "no");
	check("registers-held", h[0].bad == 0 && h[1].bad == 0,
	      "bad %#x %#x", h[0].bad, h[1].bad);
	check("both-ran", h[0].rounds > 0 && h[1].rounds > 0, "rounds %d %d",
	      h[0].rounds, h[1].rounds);
	check("main-x87-free", x87_full == 0, "%d of 30 wake-ups found x87 "
	      "registers in use", x87_full);
}

static volatile sig_atomic_t alarms;
static uint64_t alarm_at;

static void on_alarm(int sig)
{
	(void)sig;
	if (!alarms++)
		alarm_at = now_ns();
}

static void alarm_case(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };

	signal(SIGALRM, on_alarm);
	uint64_t t0 = now_ns();
	setitimer(ITIMER_REAL, &it, NULL);
	while (!alarms)
		spins++;
	printf("SIGALRM after 50 ms came %.1f ms late\n",
	       (alarm_at - t0 - 50000000) / 1e6);
	check("alarm-reaches-loop", alarms == 1, "alarms %d", (int)alarms);
}

static uint64_t tsc(void)
{
	return __builtin_ia32_rdtsc();
}

static volatile sig_atomic_t vtalrms, profs;
static uint64_t vtalrm_at;

static void on_cpu_timer(int sig)
{
	if (sig == SIGVTALRM && !vtalrms++)
		vtalrm_at = now_ns();
	if (sig == SIGPROF)
		profs++;
}

static void cputime_case(void)
{
	struct itimerval vt = { { 0, 0 }, { 0, 100000 } };
	struct itimerval prof = { { 0, 50000 }, { 0, 50000 } };
	struct rusage ru;

	signal(SIGVTALRM, on_cpu_timer);
	signal(SIGPROF, on_cpu_timer);
	uint64_t t0 = now_ns(), c0 = tsc();
	setitimer(ITIMER_VIRTUAL, &vt, NULL);
	setitimer(ITIMER_PROF, &prof, NULL);
	/* Without system calls, for at most ~3 s of a >= 1 GHz TSC. */
	while ((!vtalrms || profs < 3) && tsc() - c0 < 3000000000ULL)
		spins++;
	getrusage(RUSAGE_SELF, &ru);
	double late = vtalrms ? (vtalrm_at - t0) / 1e6 : -1;
	double user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
	struct timespec cpu;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	printf("SIGVTALRM after 100 ms of CPU: %.1f ms real; SIGPROF %d; user %.3f s sys %.3f cpu %.3f\n",
	       late, (int)profs, user, ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, cpu.tv_sec + cpu.tv_nsec/1e9);
	check("vtalrm-arrives", vtalrms == 1, "SIGVTALRM %d", (int)vtalrms);
	check("vtalrm-not-early", late >= 95, "after %.1f ms", late);
	check("prof-arrives", profs >= 3, "SIGPROF %d", (int)profs);
	check("rusage-user-time", user >= 0.09, "user %.3f s", user);
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";
	long secs = argc > 2 ? atol(argv[2]) : 1;

	if (!strcmp(how, "sleep")) {
		sleep_case();
	} else if (!strcmp(how, "fp")) {
		fp_case();
	} else if (!strcmp(how, "alarm")) {
		alarm_case();
	} else if (!strcmp(how, "cputime")) {
		cputime_case();
	} else if (!strcmp(how, "busy")) {
		/* TSC ticks per second, measured over 100 ms of sleep. */
		uint64_t c0 = tsc(), t0 = now_ns();
		struct timespec d = { 0, 100000000 };

		nanosleep(&d, NULL);
		uint64_t hz = (tsc() - c0) * 1000000000 / (now_ns() - t0);
		uint64_t end = tsc() + hz * (uint64_t)secs;
		while (tsc() < end)
			spins++;
		CHECK("busy", spins > 0);
	} else if (!strcmp(how, "idle")) {
		struct timespec d = { secs, 0 };

		nanosleep(&d, NULL);
		CHECK("idle", 1);
	} else {
		fprintf(stderr, "usage: preempt sleep|fp|alarm|cputime|busy S|idle S\n");
		return 2;
	}
	return check_summary();
}
