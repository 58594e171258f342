/* SPDX-License-Identifier: ISC */
/*
 * start.c: the entry point, _start(struct spt_boot_info *).
 *
 * The tender jumps here with rsp = mem_size - 8, i.e. aligned as just
 * after a call, so this can be an ordinary C function. It sets the stack
 * canary and hands over to boot_main(); this file is built with
 * -fno-stack-protector because the canary changes under its feet.
 */
#include "bindings.h"

extern uintptr_t __stack_chk_guard;
void boot_main(struct spt_boot_info *bi) __attribute__((noreturn));
void _start(struct spt_boot_info *bi) __attribute__((noreturn));

static inline bool cpu_has_rdrand(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 30) & 1;
}

static inline uint64_t cpu_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t canary_value(void)
{
	if (cpu_has_rdrand()) {
		/* RDRAND may transiently fail (CF=0): retry a few times. */
		for (int i = 0; i < 16; i++) {
			uint64_t v;
			uint8_t ok;
			__asm__ __volatile__("rdrand %0; setc %1"
					     : "=r"(v), "=qm"(ok));
			if (ok)
				return v;
		}
	}
	/* No entropy source: at least make it differ from run to run. */
	uint64_t t = cpu_rdtsc();
	return t ^ (cpu_rdtsc() << 29) ^ ((uint64_t)(uintptr_t)&t << 17);
}

void _start(struct spt_boot_info *bi)
{
	/* A zero low byte stops string overflows from copying the canary
	 * out or in (as glibc does). */
	__stack_chk_guard = canary_value() & ~(uintptr_t)0xff;
	boot_main(bi);
}
