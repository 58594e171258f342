/* SPDX-License-Identifier: ISC */
/*
 * blkcheck.c: see blkcheck.h.
 */
#include <stdbool.h>
#include "platform.h"
#include "errors.h"
#include "model.h"
#include "blkcheck.h"

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Three pieces with cuts somewhere inside. */
static int split3(uint8_t *buf, size_t len, struct plat_iovec v[3])
{
	size_t a = len / 3, b = len / 2 + 1;

	if (b > len)
		b = len;
	v[0] = (struct plat_iovec){ buf, a };
	v[1] = (struct plat_iovec){ buf + a, b - a };
	v[2] = (struct plat_iovec){ buf + b, len - b };
	return 3;
}

const char *blkcheck_run(int fd, uint64_t seed, unsigned nops,
			 uint8_t *shadow, uint8_t *buf, uint64_t cap,
			 uint64_t bs, unsigned *at)
{
	uint64_t s = seed;

	for (unsigned i = 0; i < nops; i++) {
		struct mop op;
		struct plat_iovec v[3];
		long r = 0;

		*at = i;
		model_next(&s, cap, bs, &op);
		size_t n = model_span(&op, cap);
		long want = (long)n;
		bool write = mop_is_write(op.kind);

		if (write) {
			for (size_t j = 0; j < op.len; j++)
				buf[j] = model_byte(i, op.off + j);
			if (op.off >= cap && op.len > 0)
				want = -ENOSPC;
		} else {
			memset(buf, 0xa5, op.len);
		}
		if (op.kind == MOP_WRITE || op.kind == MOP_READ) {
			int64_t p = plat_lseek(fd, (int64_t)op.off, PLAT_SEEK_SET);
			if (op.off > cap) {
				if (p != -EINVAL)
					return "lseek past the end not -EINVAL";
				continue;
			}
			if (p != (int64_t)op.off)
				return "lseek SEEK_SET gave the wrong position";
		}
		switch (op.kind) {
		case MOP_PWRITE:
			r = plat_pwrite(fd, buf, op.len, (int64_t)op.off);
			break;
		case MOP_PWRITEV:
			r = plat_pwritev(fd, v, split3(buf, op.len, v),
					 (int64_t)op.off);
			break;
		case MOP_WRITE:
			r = plat_write(fd, buf, op.len);
			break;
		case MOP_PREAD:
			r = plat_pread(fd, buf, op.len, (int64_t)op.off);
			break;
		case MOP_PREADV:
			r = plat_preadv(fd, v, split3(buf, op.len, v),
					(int64_t)op.off);
			break;
		case MOP_READ:
			r = plat_read(fd, buf, op.len);
			break;
		default:
			return "bad operation";
		}
		if (r != want)
			return write ? "write returned the wrong count"
				     : "read returned the wrong count";
		if (op.kind == MOP_WRITE || op.kind == MOP_READ) {
			int64_t p = plat_lseek(fd, 0, PLAT_SEEK_CUR);
			if (p != (int64_t)(op.off + (r > 0 ? (uint64_t)r : 0)))
				return "the file position did not advance by the count";
		}
		if (write && r > 0)
			memcpy(shadow + op.off, buf, n);
		else if (!write && memcmp(buf, shadow + op.off, n) != 0)
			return "read data differs from the model";
		else if (!write && n < op.len && buf[n] != 0xa5)
			return "read wrote past what it returned";
	}
	return NULL;
}

const char *blkcheck_verify(int fd, const uint8_t *shadow, uint8_t *buf,
			    uint64_t cap, uint64_t *at)
{
	static const size_t sizes[] = { 1, 777, 4095, 65536, 513, 8193, 3 };
	uint64_t off = 0;

	for (unsigned k = 0; off < cap; k++) {
		size_t want = sizes[k % 7];
		if (want > cap - off)
			want = (size_t)(cap - off);
		*at = off;
		long r = plat_pread(fd, buf, sizes[k % 7], (int64_t)off);
		if (r != (long)want)
			return "pread returned the wrong count";
		if (memcmp(buf, shadow + off, want) != 0)
			return "device differs from the model";
		off += want;
	}
	*at = cap;
	if (plat_pread(fd, buf, 1, (int64_t)cap) != 0)
		return "pread at the end is not 0";
	return NULL;
}
