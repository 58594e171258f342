/* SPDX-License-Identifier: ISC */
/*
 * bench_io.c: block throughput through the platform: the whole device
 * "storage" written, then read, sequentially in 1 MiB plat_pwrite /
 * plat_pread calls (each split into sector-sized Solo5 calls). Prints
 * the geometry, then "pwrite_1mib_mibs N" and "pread_1mib_mibs N".
 */
#include "tio.h"

#define MIB (1U << 20)

static uint8_t buf[MIB] __attribute__((aligned(4096)));

int plat_main(int argc, char **argv, char **envp)
{
	struct plat_stat st;

	(void)argc;
	(void)argv;
	(void)envp;
	int fd = plat_device_open("storage");
	if (fd < 0 || plat_fstat(fd, &st) != 0 || st.size < MIB) {
		t_printf("bench_io: no device storage of 1 MiB or more\n");
		return 1;
	}
	uint64_t n = st.size / MIB;
	t_printf("bench_io: device %lu MiB, sector %u\n", n, st.blksize);
	for (size_t i = 0; i < MIB; i++)
		buf[i] = (uint8_t)(i * 13);

	uint64_t t0 = t_mono();
	for (uint64_t i = 0; i < n; i++)
		if (plat_pwrite(fd, buf, MIB, (int64_t)(i * MIB)) != MIB)
			return 2;
	uint64_t t1 = t_mono();
	for (uint64_t i = 0; i < n; i++)
		if (plat_pread(fd, buf, MIB, (int64_t)(i * MIB)) != MIB)
			return 3;
	uint64_t t2 = t_mono();
	/* MiB/s = MiB * 1e9 / ns */
	t_printf("pwrite_1mib_mibs %lu\n", n * 1000000000UL / (t1 - t0 + 1));
	t_printf("pread_1mib_mibs %lu\n", n * 1000000000UL / (t2 - t1 + 1));
	return 0;
}
