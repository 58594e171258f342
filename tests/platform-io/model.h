/* SPDX-License-Identifier: ISC */
/*
 * model.h: a deterministic sequence of block I/O operations at random
 * unaligned offsets and lengths, shared by the host unit test, the blkio
 * test unikernel and the host tool that predicts the image it leaves.
 * Data written by operation (i) at device byte (b) is model_byte(i, b),
 * so anyone can replay the writes from the seed alone.
 */
#ifndef NABLUX_TESTS_PLATFORM_IO_MODEL_H
#define NABLUX_TESTS_PLATFORM_IO_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum mop_kind {
	MOP_PWRITE, MOP_PWRITEV, MOP_WRITE,	/* WRITE: lseek + write */
	MOP_PREAD, MOP_PREADV, MOP_READ,	/* READ: lseek + read */
	MOP_KINDS
};

struct mop {
	enum mop_kind kind;
	uint64_t off;	/* may lie past the end (the calls clamp) */
	size_t len;
};

static inline int mop_is_write(enum mop_kind k)
{
	return k <= MOP_WRITE;
}

/* splitmix64 */
static inline uint64_t model_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint8_t model_byte(uint64_t op, uint64_t b)
{
	uint64_t x = op * 0x9e3779b97f4a7c15ULL ^ b * 0xff51afd7ed558ccdULL;
	return (uint8_t)((x >> 29) ^ (x >> 47) ^ b);
}

/* The next operation on a device of (cap) bytes with (bs) byte blocks:
 * lengths from 1 byte to 64 KiB, mostly around a few blocks; offsets
 * anywhere, often aligned or near the end. */
static inline void model_next(uint64_t *s, uint64_t cap, uint64_t bs,
			      struct mop *op)
{
	uint64_t r = model_rand(s);

	op->kind = (enum mop_kind)(r % MOP_KINDS);
	switch ((r >> 8) % 10) {
	case 0: case 1: case 2: case 3:
		op->len = 1 + (size_t)(model_rand(s) % bs);
		break;
	case 4: case 5: case 6: case 7:
		op->len = (size_t)(model_rand(s) % (8 * bs + 1));
		break;
	default:
		op->len = 1 + (size_t)(model_rand(s) % 65536);
	}
	if (op->len > 65536)	/* the callers' buffers (32 KiB blocks) */
		op->len = 65536;
	switch ((r >> 16) % 10) {
	case 0: case 1:		/* block-aligned */
		op->off = model_rand(s) % (cap / bs) * bs;
		break;
	case 2:			/* around the end, inside and past it */
		op->off = cap - 2 * bs + model_rand(s) % (4 * bs);
		break;
	default:
		op->off = model_rand(s) % cap;
	}
}

/* What a write of (op) changes: the bytes [off, off + n) with n clamped
 * at the capacity (0 past the end). */
static inline size_t model_span(const struct mop *op, uint64_t cap)
{
	if (op->off >= cap)
		return 0;
	return op->len < cap - op->off ? op->len : (size_t)(cap - op->off);
}

#endif
