/* SPDX-License-Identifier: ISC */
/*
 * entropy.c: where the CSPRNG's seed comes from: the CPU's RDSEED and
 * RDRAND (after CPUID says they exist) and the time-stamp counter, whose
 * low bits jitter. Both instructions may fail transiently (CF=0) when
 * the hardware's pool is drained; they are retried a bounded number of
 * times.
 */
#include "internal.h"
#include "random.h"

static int have_rdrand = -1, have_rdseed = -1;

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(sub));
}

static void probe(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	uint32_t max = r[0];
	cpuid(1, 0, r);
	have_rdrand = (r[2] >> 30) & 1;
	have_rdseed = 0;
	if (max >= 7) {
		cpuid(7, 0, r);
		have_rdseed = (r[1] >> 18) & 1;
	}
}

bool entropy_rdseed(uint64_t *w)
{
	if (have_rdseed < 0)
		probe();
	if (!have_rdseed)
		return false;
	/* RDSEED runs dry more easily than RDRAND: retry longer, pausing. */
	for (int i = 0; i < 1000; i++) {
		uint8_t ok;
		__asm__ __volatile__("rdseed %0; setc %1" : "=r"(*w), "=qm"(ok));
		if (ok)
			return true;
		__asm__ __volatile__("pause");
	}
	return false;
}

bool entropy_rdrand(uint64_t *w)
{
	if (have_rdrand < 0)
		probe();
	if (!have_rdrand)
		return false;
	for (int i = 0; i < 16; i++) {
		uint8_t ok;
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*w), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}
