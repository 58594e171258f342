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

#include "platform.h"
#include <nablux/app.h>

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
	return __libc_start_main(main, argc, (char **)vec);
}

/* A C program's output is its own: the Solo5 bindings print only errors
 * unless --solo5:info (or debug) is on the command line. */
const int nablux_solo5_log_level = 0;	/* bindings' LOG_ERROR */
