// SPDX-License-Identifier: GPL-2.0
/*
 * The platform host's devices (platform_dev.h).
 *
 * Block: plat_pread, plat_pwrite and plat_fsync on the device's
 * descriptor; Solo5 block I/O is synchronous.
 *
 * Net: plat_write sends; receiving reads the descriptor non-blocking.
 * When the kernel has drained the device (rx_arm), the scheduler is asked
 * to say when the next frame is ready (plat_net_notify): it calls back
 * from its wake path, with no read and no thread waiting on the device,
 * and the callback posts the receive interrupt (nablux_net_rx_post),
 * which wakes the kernel's idle loop to run it -- no thread of ours runs.
 * Only when the CPU is free with an application task on it must a thread
 * that may run kernel code deliver it: each device has one for that.
 * Threads are cooperative on one vCPU: no locking.
 *
 * Linux unikernels ask the tender for net offload (nablux_spt.h): where
 * it is granted, frames carry a virtio_net_hdr, which the kernel's driver
 * reads and writes, and are up to 64 KiB.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "errors.h"
#include <nablux/nablux.h>

#include "platform_dev.h"
#include "nablux_spt.h"

NABLUX_SPT_OPT_IN_NET_OFFLOAD;

#define DEV_MAX 8

/* ---- block ------------------------------------------------------------ */

struct pblk {
	int fd;
};

static struct pblk pblks[DEV_MAX];
static int npblks;

static int pblk_read(void *dev, unsigned long long off, void *buf,
		     unsigned long len)
{
	struct pblk *b = dev;

	while (len) {
		long n = plat_pread(b->fd, buf, len, (int64_t)off);

		if (n <= 0)
			return n < 0 ? (int)n : -EIO;
		buf = (char *)buf + n;
		off += (unsigned long)n;
		len -= (unsigned long)n;
	}
	return 0;
}

static int pblk_write(void *dev, unsigned long long off, const void *buf,
		      unsigned long len)
{
	struct pblk *b = dev;

	while (len) {
		long n = plat_pwrite(b->fd, buf, len, (int64_t)off);

		if (n <= 0)
			return n < 0 ? (int)n : -EIO;
		buf = (const char *)buf + n;
		off += (unsigned long)n;
		len -= (unsigned long)n;
	}
	return 0;
}

static int pblk_flush(void *dev)
{
	struct pblk *b = dev;

	return plat_fsync(b->fd);
}

static const struct nablux_blk_ops pblk_ops = {
	.read = pblk_read,
	.write = pblk_write,
	.flush = pblk_flush,
};

int nablux_platform_blk_add(const char *name)
{
	struct plat_stat st;
	struct pblk *b;
	int fd, n;

	if (npblks == DEV_MAX)
		return -ENOSPC;
	fd = plat_device_open(name);
	if (fd < 0)
		return fd;
	n = plat_fstat(fd, &st);
	if (n == 0 && (st.mode & 0170000) != PLAT_S_IFBLK)
		n = -ENODEV;
	if (n < 0)
		goto err;
	b = &pblks[npblks];
	b->fd = fd;
	n = nablux_blk_add(&pblk_ops, b, st.size, st.blksize);
	if (n < 0)
		goto err;
	npblks++;
	return n;
err:
	plat_close(fd);
	return n;
}

/* ---- net ---------------------------------------------------------------- */

struct pnet {
	int fd;
	int n;			/* the kernel's device number */
	bool ready;		/* the thread is to deliver the interrupt */
	plat_thread_t *thread;
};

static struct pnet pnets[DEV_MAX];
static int npnets;

static int pnet_tx(void *dev, const void *frame, unsigned int len)
{
	struct pnet *d = dev;
	long n = plat_write(d->fd, frame, len);

	return n < 0 ? (int)n : 0;
}

static int pnet_rx(void *dev, void *buf, unsigned int size)
{
	struct pnet *d = dev;

	return (int)plat_read(d->fd, buf, size);
}

/* From the scheduler's wake path: may not block or switch threads. */
static void pnet_frame_ready(void *dev)
{
	struct pnet *d = dev;

	if (nablux_net_rx_post(d->n) == -EAGAIN) {
		d->ready = true;
		plat_wake(d->thread);
	}
}

static void pnet_rx_arm(void *dev)
{
	struct pnet *d = dev;

	plat_net_notify(d->fd, pnet_frame_ready, d);
}

static const struct nablux_net_ops pnet_ops = {
	.tx = pnet_tx,
	.rx = pnet_rx,
	.rx_arm = pnet_rx_arm,
};

static void pnet_irq_thread(void *arg)
{
	struct pnet *d = arg;

	for (;;) {
		while (!d->ready)
			plat_block(UINT64_MAX);
		d->ready = false;
		nablux_net_rx_ready(d->n);
	}
}

int nablux_platform_net_add(const char *name)
{
	struct plat_thread_attr attr = {
		.stack_size = 32 * 1024,
		.name = "net-irq",
		.flags = PLAT_THREAD_NO_TLS,
	};
	uint8_t mac[6];
	unsigned mtu;
	struct pnet *d;
	int fd, n, hdr = 0;

	if (npnets == DEV_MAX)
		return -ENOSPC;
	fd = plat_device_open(name);
	if (fd < 0)
		return fd;
	n = plat_net_info(fd, mac, &mtu);
	if (n == 0)
		n = hdr = plat_net_hdr_size(fd);
	if (n >= 0)
		n = plat_fcntl(fd, PLAT_F_SETFL, PLAT_O_NONBLOCK);
	if (n < 0)
		goto err;
	d = &pnets[npnets];
	d->fd = fd;
	d->ready = false;
	n = nablux_net_add(&pnet_ops, d, mac, mtu, (unsigned)hdr);
	if (n < 0)
		goto err;
	d->n = n;
	/* The thread comes last, so a failed add leaves no thread behind.
	 * (The kernel has no "remove" before it boots; a caller that fails
	 * here does not boot it.) */
	int rc = plat_thread_create(&d->thread, pnet_irq_thread, d, &attr);
	if (rc < 0) {
		n = rc;
		goto err;
	}
	plat_thread_detach(d->thread);
	npnets++;
	return d->n;
err:
	plat_close(fd);
	return n;
}
