/* SPDX-License-Identifier: ISC */
/*
 * bench_blk.c: sequential block write then read of the whole "storage"
 * device, one block per call (the Solo5 API's unit), in MiB/s.
 */
#include "guest_util.h"

static uint8_t buf[32768] __attribute__((aligned(4096)));

int solo5_app_main(const struct solo5_start_info *si)
{
	struct solo5_block_info bi;
	solo5_handle_t h;

	(void)si;
	if (solo5_block_acquire("storage", &h, &bi) != SOLO5_R_OK)
		return 1;
	for (size_t i = 0; i < bi.block_size; i++)
		buf[i] = (uint8_t)i;
	uint64_t n = bi.capacity / bi.block_size;
	solo5_time_t t0 = solo5_clock_monotonic();
	for (uint64_t b = 0; b < n; b++)
		if (solo5_block_write(h, b * bi.block_size, buf,
				      bi.block_size) != SOLO5_R_OK)
			return 2;
	solo5_time_t t1 = solo5_clock_monotonic();
	for (uint64_t b = 0; b < n; b++)
		if (solo5_block_read(h, b * bi.block_size, buf,
				     bi.block_size) != SOLO5_R_OK)
			return 3;
	solo5_time_t t2 = solo5_clock_monotonic();
	/* MiB/s = bytes * 1e9 / ns / 2^20, kept in integers. */
	figure("write_mibs", bi.capacity * 1000000000ULL / 1048576 / (t1 - t0));
	figure("read_mibs", bi.capacity * 1000000000ULL / 1048576 / (t2 - t1));
	return 0;
}
