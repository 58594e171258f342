/* SPDX-License-Identifier: ISC */
/*
 * net.c: one Ethernet frame per read or write on Solo5 net devices.
 *
 * Solo5 can only say whether a frame is pending by reading it, so poll
 * reads one frame ahead into the device's rx buffer and the next read
 * takes it from there. A blocking read with nothing pending waits for the
 * handle in the scheduler (sched_wait_handles), so other threads run. A
 * driver reading non-blocking until -EAGAIN has the scheduler call it
 * instead (plat_net_notify), without a read ahead.
 */
#include "io.h"
#include "nablux_spt.h"
#include "nablux_spt_abi.h"

bool net_acquire(struct dev *d, const char *name)
{
	struct solo5_net_info ni;
	solo5_handle_t h;

	if (solo5_net_acquire(name, &h, &ni) != SOLO5_R_OK)
		return false;
	if (h >= DEV_MAX)
		plat_panic("net device handle out of range");
	d->kind = IO_NET;
	d->h = h;
	memcpy(d->net.mac, ni.mac_address, 6);
	d->net.mtu = (unsigned)ni.mtu;
	/* With offload (a guest that asked, a tender that granted), each
	 * frame has a header and may be a 64 KiB super-frame. */
	d->net.hdr = (unsigned)nablux_spt_net_hdr_size(h);
	d->net.frame_max = d->net.hdr
		? d->net.hdr + NABLUX_NET_OFFLOAD_FRAME_MAX
		: ni.mtu + SOLO5_NET_HLEN;
	return true;
}

int net_buffers(struct dev *d)
{
	if (d->net.rx != NULL)
		return 0;
	size_t n = (2 * d->net.frame_max + PLAT_PAGE_SIZE - 1) / PLAT_PAGE_SIZE;
	uint8_t *p = plat_pages_alloc(n);
	if (p == NULL)
		return -ENOMEM;
	d->net.rx = p;
	d->net.tx = p + d->net.frame_max;
	return 0;
}

int net_pending(struct dev *d)
{
	if (d->net.rx_full)
		return 1;
	solo5_result_t r = solo5_net_read(d->h, d->net.rx, d->net.frame_max,
					  &d->net.rx_len);
	if (r == SOLO5_R_AGAIN)
		return 0;
	if (r != SOLO5_R_OK)
		return -EIO;
	d->net.rx_full = true;
	/* A reader blocked on the handle would wait for the host to report
	 * a frame it no longer has. */
	sched_wake_handles(1ULL << d->h);
	return 1;
}

void net_absorb(solo5_handle_set_t set)
{
	for (solo5_handle_t h = 0; h < DEV_MAX; h++) {
		struct dev *d = (set >> h) & 1 ? dev_by_handle(h) : NULL;
		size_t n;

		if (d == NULL || d->kind != IO_NET || d->net.rx == NULL)
			continue;
		if (!d->net.rx_full) {
			(void)net_pending(d);
		} else if (solo5_net_read(d->h, d->net.tx, d->net.frame_max,
					  &n) == SOLO5_R_OK) {
			d->net.dropped++;
		}
	}
}

int plat_net_notify(int fd, void (*fn)(void *), void *arg)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	if (f->kind != IO_NET)
		return -EINVAL;
	sched_net_notify(f->dev->h, fn, arg);
	/* The host will not report a frame already read ahead. */
	if (fn != NULL && f->dev->net.rx_full)
		sched_wake_handles(1ULL << f->dev->h);
	return 0;
}

/* Copy the read-ahead frame out; a short buffer truncates it, as a
 * packet socket does. */
static long scatter(struct dev *d, const struct plat_iovec *iov, int iovcnt)
{
	size_t pos = 0;

	for (int i = 0; i < iovcnt && pos < d->net.rx_len; i++) {
		size_t n = d->net.rx_len - pos;
		if (n > iov[i].iov_len)
			n = iov[i].iov_len;
		memcpy(iov[i].iov_base, d->net.rx + pos, n);
		pos += n;
	}
	d->net.rx_full = false;
	return (long)pos;
}

long net_readv(struct dev *d, const struct plat_iovec *iov, int iovcnt,
	       bool nonblock)
{
	size_t want = 0;

	for (int i = 0; i < iovcnt; i++)
		want += iov[i].iov_len;	/* fd.c bounded the sum */
	/* As a socket does: a zero-length read returns 0 and keeps the
	 * frame. */
	if (want == 0)
		return 0;
	for (;;) {
		if (d->net.rx_full)
			return scatter(d, iov, iovcnt);
		/* The common case needs no copy: one buffer a whole frame
		 * fits in. */
		if (iovcnt == 1 && iov[0].iov_len >= d->net.frame_max) {
			size_t n;
			solo5_result_t r = solo5_net_read(
				d->h, iov[0].iov_base, d->net.frame_max, &n);
			if (r == SOLO5_R_OK)
				return (long)n;
			if (r != SOLO5_R_AGAIN)
				return -EIO;
		} else {
			int p = net_pending(d);
			if (p < 0)
				return p;
			if (p > 0)
				continue;
		}
		if (nonblock)
			return -EAGAIN;
		(void)sched_wait_handles(1ULL << d->h, UINT64_MAX);
	}
}

long net_writev(struct dev *d, const struct plat_iovec *iov, int iovcnt)
{
	const uint8_t *frame;
	size_t len = 0;

	for (int i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;	/* fd.c bounded the sum */
	if (len > d->net.frame_max)
		return -EMSGSIZE;
	if (len == 0)
		return 0;
	if (iovcnt == 1) {
		frame = iov[0].iov_base;
	} else {
		size_t pos = 0;
		for (int i = 0; i < iovcnt; i++) {
			memcpy(d->net.tx + pos, iov[i].iov_base,
			       iov[i].iov_len);
			pos += iov[i].iov_len;
		}
		frame = d->net.tx;
	}
	if (solo5_net_write(d->h, frame, len) != SOLO5_R_OK)
		return -EIO;
	return (long)len;
}
