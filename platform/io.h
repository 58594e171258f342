/* SPDX-License-Identifier: ISC */
/*
 * io.h: the descriptor table and the device kinds behind it, shared by
 * fd.c (the table and the plat_* calls), console.c, block.c, net.c and
 * poll.c. Private to the platform.
 */
#ifndef NABLUX_PLATFORM_IO_H
#define NABLUX_PLATFORM_IO_H

#include <stdbool.h>
#include "internal.h"
#include "errors.h"

enum io_kind { IO_FREE, IO_CONSOLE, IO_BLOCK, IO_NET };

#define DEV_NAME_SIZE 68	/* the manifest's, NUL included */
#define DEV_MAX 64		/* Solo5 handles are manifest indices < 64 */
#define BLOCK_SIZE_MAX 32768U	/* the manifest's block_size is 16 bits */
#define FD_MAX 256
#define IOV_MAX 1024

/* An acquired Solo5 device. Solo5 cannot release one, so it stays here
 * after its descriptors are closed, and opening it again reuses it. */
struct dev {
	enum io_kind kind;
	solo5_handle_t h;
	char name[DEV_NAME_SIZE];
	union {
		struct {
			uint64_t capacity;
			uint32_t bs;
		} blk;
		struct {
			uint8_t mac[6];
			unsigned mtu;
			unsigned hdr;		/* offload header, or 0 */
			size_t frame_max;	/* largest read or write */
			/* A frame read ahead (to learn whether one is
			 * pending, for poll) and a buffer to gather a
			 * frame written from several iovecs. */
			uint8_t *rx, *tx;
			size_t rx_len;
			bool rx_full;
			uint64_t dropped;	/* frames nobody read in time */
		} net;
	};
};

struct fdesc {
	enum io_kind kind;
	int flags;		/* PLAT_O_NONBLOCK */
	uint64_t pos;		/* block: file position for read/write */
	struct dev *dev;	/* NULL for the console */
};

/* The open descriptor (fd), or NULL. */
struct fdesc *fd_get(int fd);
/* The acquired device with Solo5 handle (h), or NULL. */
struct dev *dev_by_handle(solo5_handle_t h);
/* Descriptors 0, 1, 2 as the console; called at start-up. */
void fd_init(void);

long console_readv(const struct plat_iovec *iov, int iovcnt);
long console_writev(const struct plat_iovec *iov, int iovcnt);

/* Transfer at byte offset (off) of a block device; clamps at capacity. */
long block_rw(struct dev *d, const struct plat_iovec *iov, int iovcnt,
	      uint64_t off, bool write);
/* Fill in a struct dev for a block device; false if it is not one. */
bool block_acquire(struct dev *d, const char *name);

bool net_acquire(struct dev *d, const char *name);
/* -ENOMEM if the frame buffers cannot be allocated. */
int net_buffers(struct dev *d);
long net_readv(struct dev *d, const struct plat_iovec *iov, int iovcnt,
	       bool nonblock);
long net_writev(struct dev *d, const struct plat_iovec *iov, int iovcnt);
/* 1 if a frame is pending (read ahead into d->net.rx), 0 if none, or a
 * negative errno. Never blocks. */
int net_pending(struct dev *d);

/* Monotonic ns plus (ms), saturating; UINT64_MAX stays "no deadline". */
uint64_t time_deadline_ms(int timeout_ms);

#endif
