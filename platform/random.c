/* SPDX-License-Identifier: ISC */
/*
 * random.c: getrandom's CSPRNG. A ChaCha20 key is seeded at start-up by
 * absorbing every source entropy.c has (RDSEED, RDRAND, TSC jitter,
 * the clocks); each request then runs ChaCha20 under
 * the key from counter 0, takes the first 32 bytes of keystream as the
 * next key and returns the rest ("fast key erasure": the state after a
 * request says nothing about what it returned).
 */
#include "internal.h"
#include "errors.h"
#include "random.h"

#define GETRANDOM_MAX 33554431UL	/* Linux's per-call cap */
#define GRND_FLAGS 7UL			/* NONBLOCK | RANDOM | INSECURE */

static uint32_t key[8];
static bool seeded;

/* Wipe that the compiler cannot drop as a dead store. */
static void wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Mix 48 bytes into the key: they perturb the key (32) and the counter
 * and nonce (16) of one ChaCha20 block, whose first half is the new key.
 * The block function is a PRF under its key, so the result depends on
 * every bit absorbed so far. */
static void absorb48(const uint8_t in[48])
{
	uint32_t k[8], nonce[3];
	uint8_t out[64];

	for (int i = 0; i < 8; i++)
		k[i] = key[i] ^ le32(in + 4 * i);
	for (int i = 0; i < 3; i++)
		nonce[i] = le32(in + 36 + 4 * i);
	chacha20_block(k, le32(in + 32), nonce, out);
	for (int i = 0; i < 8; i++)
		key[i] = le32(out + 4 * i);
	wipe(k, sizeof k);
	wipe(out, sizeof out);
}

/* Buffered absorption of 64-bit words. */
static uint64_t acc[6];
static unsigned nacc;

static void absorb_word(uint64_t w)
{
	acc[nacc++] = w;
	if (nacc == 6) {
		absorb48((const uint8_t *)acc);
		nacc = 0;
	}
}

void random_init(void)
{
	uint64_t w;

	if (!chacha20_selftest())
		plat_panic("ChaCha20 self-test failed");
	absorb_word(plat_tsc());
	absorb_word(solo5_clock_wall());
	absorb_word(solo5_clock_monotonic());
	absorb_word((uintptr_t)&w);	/* differs if the layout does */
	for (int i = 0; i < 8; i++)
		if (entropy_rdseed(&w))
			absorb_word(w);
	for (int i = 0; i < 8; i++)
		if (entropy_rdrand(&w))
			absorb_word(w);
	/* Timing jitter, from the TSC alone (a clock read may be a host
	 * call): the counter after each word absorbed, every sixth of which
	 * runs a ChaCha20 block, whose cycles vary with caches, interrupts
	 * and the host. The whole counter is absorbed, so no bit of it needs
	 * to be unpredictable on its own. */
	for (int i = 0; i < 512; i++)
		absorb_word(plat_tsc());
	while (nacc != 0)
		absorb_word(0);	/* flush the partial buffer */
	wipe(acc, sizeof acc);
	seeded = true;
}

long plat_getrandom(void *buf, size_t len, unsigned flags)
{
	static const uint32_t nonce[3];
	uint8_t block[64];
	uint8_t *p = buf;

	if (flags & ~GRND_FLAGS)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (buf == NULL)
		return -EFAULT;
	if (!seeded)
		random_init();
	if (len > GETRANDOM_MAX)
		len = GETRANDOM_MAX;

	/* Block 0: the next key, then up to 32 bytes of output. */
	chacha20_block(key, 0, nonce, block);
	size_t n = len < 32 ? len : 32;
	memcpy(p, block + 32, n);
	uint32_t ctr = 1;
	for (size_t done = n; done < len; done += n, ctr++) {
		uint8_t out[64];
		n = len - done < 64 ? len - done : 64;
		chacha20_block(key, ctr, nonce, out);
		memcpy(p + done, out, n);
		wipe(out, sizeof out);
	}
	for (int i = 0; i < 8; i++)
		key[i] = le32(block + 4 * i);
	wipe(block, sizeof block);
	return (long)len;
}
