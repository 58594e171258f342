/* SPDX-License-Identifier: ISC */
/*
 * maxdevices.c: a manifest with the maximum of 63 devices (block devices
 * storage0 … storage62). Acquires every one, checks that the handles are
 * distinct manifest indices, writes each device's name into its first
 * block, then reads every first block back, so that each handle is shown
 * to reach its own backing file. Prints SUCCESS and exits 0.
 */
#include "tlib.h"

#define NDEV 63
#define MAX_BLOCK_SIZE 32768U

static uint8_t buf[MAX_BLOCK_SIZE];
static solo5_handle_t handles[NDEV];
static struct solo5_block_info infos[NDEV];

static void name_of(unsigned i, char out[16])
{
	char *p = out;
	const char *s = "storage";

	while (*s)
		*p++ = *s++;
	if (i >= 10)
		*p++ = (char)('0' + i / 10);
	*p++ = (char)('0' + i % 10);
	*p = '\0';
}

/* The first block of device i: "nablux maxdevices storageI\n", then
 * bytes that depend on i. */
static void fill(unsigned i, uint64_t bs)
{
	char name[16];
	const char *tag = "nablux maxdevices ";
	size_t n = 0;

	name_of(i, name);
	for (uint64_t j = 0; j < bs; j++)
		buf[j] = (uint8_t)(i * 7 + j);
	for (const char *s = tag; *s; s++)
		buf[n++] = (uint8_t)*s;
	for (const char *s = name; *s; s++)
		buf[n++] = (uint8_t)*s;
	buf[n] = '\n';
}

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	uint64_t seen = 0;

	t_puts("\n**** nablux device test: maxdevices ****\n\n");

	for (unsigned i = 0; i < NDEV; i++) {
		char name[16];
		name_of(i, name);
		solo5_result_t r =
			solo5_block_acquire(name, &handles[i], &infos[i]);
		if (r != SOLO5_R_OK)
			t_die("could not acquire %s: %s", name,
			      t_result_name(r));
		solo5_handle_t h = handles[i];
		if (h == 0 || h > 63)
			t_die("%s: handle %lu is not a manifest index", name, h);
		if (seen & (1ULL << h))
			t_die("%s: handle %lu given twice", name, h);
		seen |= 1ULL << h;
		uint64_t bs = infos[i].block_size;
		if (bs < 512 || bs > MAX_BLOCK_SIZE || (bs & (bs - 1)) ||
		    infos[i].capacity < bs || infos[i].capacity % bs)
			t_die("%s: capacity %lu block size %lu", name,
			      infos[i].capacity, bs);
	}
	t_printf("maxdevices: acquired %u block devices\n", NDEV);

	for (unsigned i = 0; i < NDEV; i++) {
		fill(i, infos[i].block_size);
		solo5_result_t r = solo5_block_write(handles[i], 0, buf,
						     infos[i].block_size);
		if (r != SOLO5_R_OK)
			t_die("write to storage%u gave %s", i,
			      t_result_name(r));
	}
	for (unsigned i = 0; i < NDEV; i++) {
		static uint8_t got[MAX_BLOCK_SIZE];
		uint64_t bs = infos[i].block_size;

		solo5_result_t r = solo5_block_read(handles[i], 0, got, bs);
		if (r != SOLO5_R_OK)
			t_die("read from storage%u gave %s", i,
			      t_result_name(r));
		fill(i, bs);
		if (memcmp(got, buf, bs) != 0)
			t_die("storage%u does not hold what was written to it",
			      i);
	}
	t_printf("maxdevices: every device holds its own data\n");
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
