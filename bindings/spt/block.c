/* SPDX-License-Identifier: ISC */
/*
 * block.c: block devices: one block per call, at a block-aligned offset
 * inside the device (the seccomp filter enforces the same on pread64/
 * pwrite64, so a bad request must be refused here, not killed there).
 */
#include "bindings.h"

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
				   struct solo5_block_info *info)
{
	if (info == NULL)
		return SOLO5_R_EINVAL;
	const struct mft_entry *e =
		mft_acquire(name, MFT_DEV_BLOCK_BASIC, handle);
	if (e == NULL)
		return SOLO5_R_EINVAL;
	info->capacity = e->u.block_basic.capacity;
	info->block_size = e->u.block_basic.block_size;
	return SOLO5_R_OK;
}

/* The device of the handle if (offset, size) is exactly one whole block
 * inside it. */
static const struct mft_entry *check(solo5_handle_t handle,
				     solo5_off_t offset, size_t size)
{
	const struct mft_entry *e = mft_get(handle, MFT_DEV_BLOCK_BASIC);
	if (e == NULL)
		return NULL;
	uint64_t bs = e->u.block_basic.block_size;
	uint64_t cap = e->u.block_basic.capacity;
	if (bs == 0 || size != bs || offset % bs != 0 || cap < bs ||
	    offset > cap - bs)
		return NULL;
	return e;
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
				uint8_t *buf, size_t size)
{
	const struct mft_entry *e = check(handle, offset, size);
	if (e == NULL || buf == NULL)
		return SOLO5_R_EINVAL;
	long n = sys_pread64(e->b.hostfd, buf, size, offset);
	return n == (long)size ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
				 const uint8_t *buf, size_t size)
{
	const struct mft_entry *e = check(handle, offset, size);
	if (e == NULL || buf == NULL)
		return SOLO5_R_EINVAL;
	long n = sys_pwrite64(e->b.hostfd, buf, size, offset);
	return n == (long)size ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}
