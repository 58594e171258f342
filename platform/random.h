/* SPDX-License-Identifier: ISC */
/*
 * random.h: the parts of getrandom (private to the platform).
 *   chacha20.c  the RFC 8439 block function and its self-test
 *   entropy.c   the seed sources: RDSEED, RDRAND, TSC jitter
 *   random.c    the CSPRNG: seeding, fast key erasure, plat_getrandom
 */
#ifndef NABLUX_PLATFORM_RANDOM_H
#define NABLUX_PLATFORM_RANDOM_H

#include <stdbool.h>
#include <stdint.h>

/* One 64-byte ChaCha20 block (RFC 8439 2.3): 256-bit key, 32-bit block
 * counter, 96-bit nonce, all as little-endian words. */
void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], uint8_t out[64]);
/* The RFC 8439 2.3.2 test vector; false if the output differs. */
bool chacha20_selftest(void);

/* A 64-bit word from RDSEED / RDRAND; false if the CPU lacks it or it
 * kept failing. */
bool entropy_rdseed(uint64_t *w);
bool entropy_rdrand(uint64_t *w);

#endif
