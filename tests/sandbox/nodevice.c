/* SPDX-License-Identifier: ISC */
/*
 * nodevice: with an empty manifest every device call is refused with
 * SOLO5_R_EINVAL, never a crash: unknown names, empty/over-long names,
 * and handles that were never acquired (0, 1, 63, 64, ~0).
 */
#include "util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_banner("nodevice");
	solo5_handle_t h = 12345;
	struct solo5_block_info bi;
	struct solo5_net_info ni;
	static char longname[200];
	uint8_t buf[4096];
	size_t n;

	for (size_t i = 0; i < sizeof longname - 1; i++)
		longname[i] = 'a';
	T_CHECK(solo5_block_acquire("rootfs", &h, &bi) == SOLO5_R_EINVAL);
	T_CHECK(solo5_net_acquire("service0", &h, &ni) == SOLO5_R_EINVAL);
	T_CHECK(solo5_block_acquire("", &h, &bi) == SOLO5_R_EINVAL);
	T_CHECK(solo5_net_acquire(longname, &h, &ni) == SOLO5_R_EINVAL);
	T_CHECK(h == 12345);

	const solo5_handle_t bad[] = { 0, 1, 63, 64, ~0ULL };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		T_CHECK(solo5_block_read(bad[i], 0, buf, 512) ==
			SOLO5_R_EINVAL);
		T_CHECK(solo5_block_write(bad[i], 0, buf, 512) ==
			SOLO5_R_EINVAL);
		T_CHECK(solo5_net_read(bad[i], buf, sizeof buf, &n) ==
			SOLO5_R_EINVAL);
		T_CHECK(solo5_net_write(bad[i], buf, 60) == SOLO5_R_EINVAL);
	}
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
