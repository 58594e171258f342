/* SPDX-License-Identifier: ISC */
/*
 * tls: per-"thread" TLS blocks, as a green-thread scheduler uses them:
 * each block is set up with solo5_tls_init and switched to with
 * solo5_set_tls_base; __thread variables (initialised and zeroed, of
 * several alignments) are private to each block. Also Solo5's own raw
 * check: with the base at a plain variable, %fs:0 is that variable.
 */
#include "util.h"

__thread int t_init = 1234;		/* .tdata */
__thread long t_zero;			/* .tbss */
__thread char t_bytes[3] = { 'a', 'b', 'c' };
__thread long t_wide __attribute__((aligned(64)));

#define NBLOCKS 3
static char blocks[NBLOCKS][1024] __attribute__((aligned(64)));
volatile long raw_1, raw_2;

static uintptr_t tp_of(int i)
{
	return solo5_tls_tp_offset((uintptr_t)blocks[i]);
}

static uintptr_t read_fs0(void)
{
	uintptr_t v;

	__asm__ __volatile__("mov %%fs:0, %0" : "=r"(v));
	return v;
}

static void store_fs0(long v)
{
	__asm__ __volatile__("mov %0, %%fs:0" : : "r"(v) : "memory");
}

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_banner("tls");
	size_t size = solo5_tls_size();
	t_puts("TLS block size: ");
	t_putu(size);
	t_puts("\n");
	T_CHECK(size >= sizeof(int) + 2 * sizeof(long) + 3 + sizeof(void *));
	T_CHECK(size <= sizeof blocks[0]);
	T_CHECK(solo5_tls_init(0) == SOLO5_R_EINVAL);

	for (int i = 0; i < NBLOCKS; i++) {
		for (size_t j = 0; j < sizeof blocks[i]; j++)
			blocks[i][j] = (char)0xa5;	/* tbss must be zeroed */
		T_CHECK(solo5_tls_init((uintptr_t)blocks[i]) == SOLO5_R_OK);
		T_CHECK(tp_of(i) + sizeof(void *) <=
			(uintptr_t)blocks[i] + size);
	}
	for (int i = 0; i < NBLOCKS; i++) {
		T_CHECK(solo5_set_tls_base(tp_of(i)) == SOLO5_R_OK);
		T_CHECK(read_fs0() == tp_of(i));
		/* Fresh block: the template values and zeroes. */
		T_CHECK(t_init == 1234 && t_zero == 0 && t_wide == 0);
		T_CHECK(t_bytes[0] == 'a' && t_bytes[2] == 'c');
		T_CHECK((uintptr_t)&t_wide % 64 == 0);
		/* Everything lies inside this block. */
		uintptr_t lo = (uintptr_t)blocks[i], hi = lo + size;
		T_CHECK((uintptr_t)&t_init >= lo && (uintptr_t)&t_init < hi);
		T_CHECK((uintptr_t)&t_zero >= lo && (uintptr_t)&t_zero < hi);
		T_CHECK((uintptr_t)&t_wide >= lo && (uintptr_t)&t_wide < hi);
		t_init = 100 + i;
		t_zero = 200 + i;
		t_wide = 300 + i;
		t_bytes[1] = (char)('0' + i);
	}
	/* Switch back and forth: each block kept its own values. */
	for (int round = 0; round < 2; round++) {
		for (int i = NBLOCKS - 1; i >= 0; i--) {
			T_CHECK(solo5_set_tls_base(tp_of(i)) == SOLO5_R_OK);
			T_CHECK(t_init == 100 + i && t_zero == 200 + i);
			T_CHECK(t_wide == 300 + i && t_bytes[1] == '0' + i);
		}
	}

	/* Solo5's test_tls: the base is just an address. */
	T_CHECK(solo5_set_tls_base((uintptr_t)&raw_1) == SOLO5_R_OK);
	store_fs0(-12345);
	T_CHECK(solo5_set_tls_base((uintptr_t)&raw_2) == SOLO5_R_OK);
	store_fs0(56789);
	T_CHECK(raw_1 == -12345 && raw_2 == 56789);

	/* A block on the heap works the same. */
	uintptr_t heap_block = (si->heap_start + 63) & ~(uintptr_t)63;
	T_CHECK(solo5_tls_init(heap_block) == SOLO5_R_OK);
	T_CHECK(solo5_set_tls_base(solo5_tls_tp_offset(heap_block)) ==
		SOLO5_R_OK);
	T_CHECK(t_init == 1234 && t_zero == 0);

	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
