/* SPDX-License-Identifier: ISC */
/*
 * block.c: byte-granular I/O on Solo5 block devices, whose only unit is
 * one whole block at a block-aligned offset. Whole blocks go straight
 * between the caller's buffer and the device; a partial block at either
 * end is read into a bounce buffer, patched and (for writes) written back.
 */
#include "io.h"

/* One vCPU and Solo5 calls never yield: one bounce buffer is enough. */
static uint8_t bounce[BLOCK_SIZE_MAX] __attribute__((aligned(64)));

bool block_acquire(struct dev *d, const char *name)
{
	struct solo5_block_info bi;
	solo5_handle_t h;

	if (solo5_block_acquire(name, &h, &bi) != SOLO5_R_OK)
		return false;
	/* What the manifest allows; anything else would break the
	 * alignment arithmetic below. */
	if (bi.block_size == 0 || bi.block_size > BLOCK_SIZE_MAX ||
	    (bi.block_size & (bi.block_size - 1)) != 0 ||
	    bi.capacity % bi.block_size != 0 || h >= DEV_MAX)
		plat_panic("block device with an impossible geometry");
	d->kind = IO_BLOCK;
	d->h = h;
	d->blk.capacity = bi.capacity;
	d->blk.bs = (uint32_t)bi.block_size;
	return true;
}

/* (len) bytes at (off), all inside one block. */
static bool block_io1(struct dev *d, uint8_t *buf, size_t len, uint64_t off,
		      bool write)
{
	uint64_t bs = d->blk.bs, start = off & ~(bs - 1);
	solo5_result_t r;

	if (len == bs) {
		if (write)
			r = solo5_block_write(d->h, off, buf, bs);
		else
			r = solo5_block_read(d->h, off, buf, bs);
		return r == SOLO5_R_OK;
	}
	if (solo5_block_read(d->h, start, bounce, bs) != SOLO5_R_OK)
		return false;
	if (!write) {
		memcpy(buf, bounce + (off - start), len);
		return true;
	}
	memcpy(bounce + (off - start), buf, len);
	return solo5_block_write(d->h, start, bounce, bs) == SOLO5_R_OK;
}

long block_rw(struct dev *d, const struct plat_iovec *iov, int iovcnt,
	      uint64_t off, bool write)
{
	uint64_t cap = d->blk.capacity, bs = d->blk.bs;
	long done = 0;

	for (int i = 0; i < iovcnt; i++) {
		uint8_t *buf = iov[i].iov_base;
		size_t len = iov[i].iov_len;

		if (len == 0)
			continue;
		if (off >= cap) {
			/* Linux's block devices: reads see the end,
			 * writes find no space. */
			if (write && done == 0)
				return -ENOSPC;
			break;
		}
		if (len > cap - off)
			len = (size_t)(cap - off);
		for (size_t pos = 0; pos < len;) {
			uint64_t in = (off + pos) & (bs - 1);
			size_t n = (size_t)(bs - in);

			if (n > len - pos)
				n = len - pos;
			if (!block_io1(d, buf + pos, n, off + pos, write))
				return done > 0 ? done : -EIO;
			pos += n;
			done += (long)n;
		}
		off += len;
		if (len < iov[i].iov_len)
			break;
	}
	return done;
}
