// SPDX-License-Identifier: GPL-2.0
/*
 * The posix host's devices (posix_dev.h): block on a file, net on a tap.
 *
 * Net receive: the kernel arms the device (rx_arm) when it has drained
 * the tap; the device's reader thread then polls the tap fd and, once a
 * frame is there, disarms and raises the receive interrupt. The tap fd is
 * non-blocking, so rx returns -EAGAIN when the kernel has taken all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_tun.h>

#include <nablux/nablux.h>
#include "posix_dev.h"

#define DEV_MAX 8

/* ---- block ------------------------------------------------------------ */

struct blk_file {
	int fd;
};

static struct blk_file blks[DEV_MAX];
static int nblks;

static int blk_read(void *dev, unsigned long long off, void *buf,
		    unsigned long len)
{
	struct blk_file *b = dev;

	while (len) {
		ssize_t n = pread(b->fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {	/* past the end of the file: zeros */
			memset(buf, 0, len);
			return 0;
		}
		buf = (char *)buf + n;
		off += n;
		len -= n;
	}
	return 0;
}

static int blk_write(void *dev, unsigned long long off, const void *buf,
		     unsigned long len)
{
	struct blk_file *b = dev;

	while (len) {
		ssize_t n = pwrite(b->fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf = (const char *)buf + n;
		off += n;
		len -= n;
	}
	return 0;
}

static int blk_flush(void *dev)
{
	struct blk_file *b = dev;

	return fdatasync(b->fd) ? -errno : 0;
}

static const struct nablux_blk_ops blk_file_ops = {
	.read	= blk_read,
	.write	= blk_write,
	.flush	= blk_flush,
};

int nablux_posix_blk_add(const char *path, unsigned int sector_size)
{
	struct blk_file *b;
	struct stat st;
	unsigned long long cap;
	int fd, n;

	if (nblks == DEV_MAX)
		return -ENOSPC;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		n = -errno;
		goto err;
	}
	cap = st.st_size - st.st_size % (sector_size ? sector_size : 1);
	b = &blks[nblks];
	b->fd = fd;
	n = nablux_blk_add(&blk_file_ops, b, cap, sector_size);
	if (n < 0)
		goto err;
	nblks++;
	return n;
err:
	close(fd);
	return n;
}

/* ---- net ---------------------------------------------------------------- */

struct net_tap {
	int fd;
	int stop;		/* eventfd: the reader thread ends */
	int n;			/* the kernel's device number */
	pthread_t reader;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int armed;
	int quit;
};

static struct net_tap taps[DEV_MAX];
static int ntaps;

static int tap_tx(void *dev, const void *frame, unsigned int len)
{
	struct net_tap *t = dev;
	ssize_t n;

	do {
		n = write(t->fd, frame, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? -ENOBUFS : -errno;
	return 0;
}

static int tap_rx(void *dev, void *buf, unsigned int size)
{
	struct net_tap *t = dev;
	ssize_t n;

	do {
		n = read(t->fd, buf, size);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return n;
}

static void tap_rx_arm(void *dev)
{
	struct net_tap *t = dev;

	pthread_mutex_lock(&t->lock);
	t->armed = 1;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

static const struct nablux_net_ops tap_ops = {
	.tx	= tap_tx,
	.rx	= tap_rx,
	.rx_arm	= tap_rx_arm,
};

static void *tap_reader(void *arg)
{
	struct net_tap *t = arg;
	struct pollfd pfd[2] = {
		{ .fd = t->fd, .events = POLLIN },
		{ .fd = t->stop, .events = POLLIN },
	};

	for (;;) {
		pthread_mutex_lock(&t->lock);
		while (!t->armed && !t->quit)
			pthread_cond_wait(&t->cond, &t->lock);
		pthread_mutex_unlock(&t->lock);
		if (t->quit)
			return NULL;
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return NULL;
		if (pfd[1].revents)
			return NULL;
		if (!pfd[0].revents)
			continue;
		pthread_mutex_lock(&t->lock);
		t->armed = 0;
		pthread_mutex_unlock(&t->lock);
		nablux_net_rx_ready(t->n);
	}
}

static int tap_open(const char *ifname, unsigned int *mtu)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd, s, err;

	if (strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	strcpy(ifr.ifr_name, ifname);
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		err = -errno;
		close(fd);
		return err;
	}
	if (!*mtu) {
		s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		*mtu = 1500;
		if (s >= 0 && !ioctl(s, SIOCGIFMTU, &ifr))
			*mtu = ifr.ifr_mtu;
		if (s >= 0)
			close(s);
	}
	return fd;
}

int nablux_posix_net_add(const char *ifname, const unsigned char *mac,
			 unsigned int mtu)
{
	struct net_tap *t;
	unsigned char addr[6];
	int err;

	if (ntaps == DEV_MAX)
		return -ENOSPC;
	t = &taps[ntaps];
	memset(t, 0, sizeof(*t));
	t->fd = tap_open(ifname, &mtu);
	if (t->fd < 0)
		return t->fd;
	if (mac) {
		memcpy(addr, mac, 6);
	} else {
		if (getrandom(addr, 6, 0) != 6)
			memset(addr, 0x42, 6);
		addr[0] = (addr[0] & 0xfe) | 0x02;	/* local, unicast */
	}
	t->stop = eventfd(0, EFD_CLOEXEC);
	if (t->stop < 0) {
		err = -errno;
		goto err_fd;
	}
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	t->n = nablux_net_add(&tap_ops, t, addr, mtu, 0);
	if (t->n < 0) {
		err = t->n;
		goto err_stop;
	}
	err = -pthread_create(&t->reader, NULL, tap_reader, t);
	if (err)
		goto err_stop;	/* the kernel keeps a dead device */
	ntaps++;
	return t->n;

err_stop:
	close(t->stop);
err_fd:
	close(t->fd);
	return err;
}

void nablux_posix_dev_cleanup(void)
{
	unsigned long long one = 1;
	int i;

	for (i = 0; i < ntaps; i++) {
		struct net_tap *t = &taps[i];

		pthread_mutex_lock(&t->lock);
		t->quit = 1;
		pthread_cond_signal(&t->cond);
		pthread_mutex_unlock(&t->lock);
		(void)!write(t->stop, &one, sizeof(one));
		pthread_join(t->reader, NULL);
		close(t->stop);
		close(t->fd);
	}
	ntaps = 0;
	for (i = 0; i < nblks; i++)
		close(blks[i].fd);
	nblks = 0;
}
