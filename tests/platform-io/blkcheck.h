/* SPDX-License-Identifier: ISC */
/*
 * blkcheck.h: runs model.h's operations through the plat_* block calls
 * against a shadow copy; used by the host unit test and the blkio
 * unikernel alike (freestanding: memcpy/memcmp only).
 */
#ifndef NABLUX_TESTS_PLATFORM_IO_BLKCHECK_H
#define NABLUX_TESTS_PLATFORM_IO_BLKCHECK_H

#include <stdint.h>

#define BLKCHECK_BUF (65536 + 64)	/* scratch the caller provides */

/* (nops) operations from (seed) on descriptor (fd), mirrored in (shadow)
 * (cap bytes, the device's contents before). NULL on success, else what
 * went wrong, with the operation's index in (*at). */
const char *blkcheck_run(int fd, uint64_t seed, unsigned nops,
			 uint8_t *shadow, uint8_t *buf, uint64_t cap,
			 uint64_t bs, unsigned *at);
/* The whole device read back in odd-sized pieces equals (shadow). NULL
 * or what differs, with the offset in (*at). */
const char *blkcheck_verify(int fd, const uint8_t *shadow, uint8_t *buf,
			    uint64_t cap, uint64_t *at);

#endif
