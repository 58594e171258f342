/* SPDX-License-Identifier: MIT */
/*
 * A C program's start: the Linux unikernel start-up (linux/app) calls
 * nablux_main() as pid 1 once the kernel is up; we lay out what a Linux
 * process finds on its initial stack (argv, envp, auxv) and enter musl's
 * __libc_start_main(), which runs the constructors and main() and ends
 * in exit() -> exit_group -> the start-up's shutdown.
 */
#include <stddef.h>
#include <stdint.h>
#include <cpuid.h>

#include <linux/auxvec.h>
#include <linux/elf.h>
#include <linux/mman.h>

#include "platform.h"
#include <nablux/app.h>

#include "nablux_libc.h"

int main(int argc, char **argv, char **envp);
int __libc_start_main(int (*main)(int, char **, char **), int argc,
		      char **argv);

/* TLS geometry from the linker script (bindings/spt/spt.lds). */
extern const char __nablux_tdata_start[], __nablux_tdata_size[],
	__nablux_tls_size[], __nablux_tls_align[];

/*
 * The program headers are not loaded with the image, but musl finds its
 * TLS template through AT_PHDR: give it a PT_TLS header of its own.
 */
static Elf64_Phdr tls_phdr;

/*
 * main() runs on an 8 MiB stack, what Linux gives a process (RLIMIT_STACK)
 * and deep recursions (an interpreter's) expect; the initial one is 1 MiB.
 * spt cannot protect pages, so below it lies a 1 MiB gap nothing uses,
 * with the overflow canary on top: the platform checks it at every thread
 * switch, the dispatch every 64 system calls, and an overflow of less
 * than the gap is found before it has corrupted anything.
 */
#define MAIN_STACK (8UL << 20)
#define STACK_GAP (1UL << 20)

static int start_argc;
static char **start_argv;

/* From here on the thread runs the program: preemptible. */
static void start_libc(void)
{
	__nablux_preempt_init();
	plat_app_code(1);
	__libc_start_main(main, start_argc, start_argv);
	__builtin_unreachable();
}

static int run_on_main_stack(void)
{
	char *base = plat_mmap(NULL, STACK_GAP + MAIN_STACK,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if ((uintptr_t)base > (uintptr_t)-4096)
		return 1;
	/* Recorded only (as /proc/self/maps shows it): nothing enforces it. */
	plat_mprotect(base, STACK_GAP, PROT_NONE);
	plat_thread_set_stack(base + STACK_GAP);
	/* The old stack is never returned to: no frame on it unwinds. */
	__asm__ __volatile__("mov %0, %%rsp\n\t"
			     "xor %%ebp, %%ebp\n\t"
			     "call *%1\n\t"
			     "ud2"
			     :
			     : "r"(base + STACK_GAP + MAIN_STACK),
			       "r"(start_libc)
			     : "memory");
	__builtin_unreachable();
}

int nablux_main(int argc, char **argv, char **envp)
{
	static unsigned char at_random[16];
	unsigned a, b, c, hwcap = 0;
	int nenv = 0;

	while (envp[nenv])
		nenv++;
	if (__get_cpuid(1, &a, &b, &c, &hwcap) == 0)
		hwcap = 0;
	if (plat_getrandom(at_random, sizeof(at_random), 0) != 16)
		return 1;
	tls_phdr = (Elf64_Phdr){
		.p_type = PT_TLS,
		.p_flags = PF_R,
		.p_vaddr = (uintptr_t)__nablux_tdata_start,
		.p_filesz = (uintptr_t)__nablux_tdata_size,
		.p_memsz = (uintptr_t)__nablux_tls_size,
		.p_align = (uintptr_t)__nablux_tls_align,
	};

	const unsigned long aux[] = {
		AT_PHDR, (uintptr_t)&tls_phdr,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, 1,
		AT_PAGESZ, PLAT_PAGE_SIZE,
		AT_CLKTCK, 100,
		AT_HWCAP, hwcap,
		AT_HWCAP2, 0,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
		AT_SECURE, 0,
		AT_RANDOM, (uintptr_t)at_random,
		AT_EXECFN, (uintptr_t)(argc > 0 ? argv[0] : ""),
		AT_NULL, 0,
	};
	size_t naux = sizeof(aux) / sizeof(aux[0]);
	/* argv, NULL, envp, NULL, auxv: contiguous, as on a process stack;
	 * __libc_start_main never returns, so this frame lives for good. */
	unsigned long vec[argc + 1 + nenv + 1 + naux];
	size_t i = 0;

	for (int k = 0; k < argc; k++)
		vec[i++] = (uintptr_t)argv[k];
	vec[i++] = 0;
	for (int k = 0; k < nenv; k++)
		vec[i++] = (uintptr_t)envp[k];
	vec[i++] = 0;
	for (size_t k = 0; k < naux; k++)
		vec[i++] = aux[k];
	start_argc = argc;
	start_argv = (char **)vec;
	return run_on_main_stack();
}

/* A C program's output is its own: the Solo5 bindings print only errors
 * unless --solo5:info (or debug) is on the command line. */
const int nablux_solo5_log_level = 0;	/* bindings' LOG_ERROR */
