/* SPDX-License-Identifier: ISC */
/*
 * blkio.c: unaligned multi-sector block I/O through the plat_* calls on
 * the device "storage" (a zeroed image), checked against a shadow copy
 * and read back byte-exact; run.sh then compares the image with what
 * blkmodel predicts. Arguments: seed=N ops=N bs=N (the expected sector
 * size) cap=N (the expected capacity, at most 8 MiB).
 */
#include "tio.h"
#include "errors.h"
#include "blkcheck.h"

#define CAP_MAX (8U << 20)

static uint8_t shadow[CAP_MAX];
static uint8_t buf[BLKCHECK_BUF];

int plat_main(int argc, char **argv, char **envp)
{
	struct plat_stat st;

	(void)envp;
	uint64_t seed = t_arg_u64(argc, argv, "seed", 1);
	uint64_t ops = t_arg_u64(argc, argv, "ops", 3000);
	uint64_t bs = t_arg_u64(argc, argv, "bs", 0);
	uint64_t cap = t_arg_u64(argc, argv, "cap", 0);

	int fd = plat_device_open("storage");
	T_CHECK(fd == 3, "open storage gave %d", fd);
	T_CHECK(plat_fstat(fd, &st) == 0, "fstat");
	t_printf("blkio: storage capacity %lu sector %u\n", st.size, st.blksize);
	T_CHECK(st.size == cap && st.blksize == bs, "expected cap %lu bs %lu", cap, bs);
	T_CHECK(cap <= CAP_MAX, "image larger than %u", CAP_MAX);

	unsigned at;
	const char *err = blkcheck_run(fd, seed, (unsigned)ops, shadow, buf, cap,
				       bs, &at);
	T_CHECK(err == NULL, "operation %u: %s", at, err);
	uint64_t off;
	err = blkcheck_verify(fd, shadow, buf, cap, &off);
	T_CHECK(err == NULL, "read back at %lu: %s", off, err);
	t_printf("blkio: %lu operations, read back byte-exact\n", ops);

	T_CHECK(plat_lseek(fd, 0, PLAT_SEEK_END) == (int64_t)cap, "SEEK_END");
	T_CHECK(plat_write(fd, buf, 1) == -ENOSPC, "write at the end");
	T_CHECK(plat_read(fd, buf, 1) == 0, "read at the end");
	T_CHECK(plat_fsync(fd) == 0 && plat_close(fd) == 0, "fsync, close");
	T_CHECK(plat_device_open("storage") == 3, "reopen");
	t_printf("SUCCESS\n");
	return 0;
}
