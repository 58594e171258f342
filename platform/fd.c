/* SPDX-License-Identifier: ISC */
/*
 * fd.c: the descriptor table and the descriptor calls. Each call checks
 * its arguments, then hands the transfer to the device kind (console.c,
 * block.c, net.c); every read and write goes through an iovec array.
 */
#include "io.h"

static struct fdesc fds[FD_MAX];
static struct dev devs[DEV_MAX];
static unsigned ndevs;

struct fdesc *fd_get(int fd)
{
	if (fd < 0 || fd >= FD_MAX || fds[fd].kind == IO_FREE)
		return NULL;
	return &fds[fd];
}

struct dev *dev_by_handle(solo5_handle_t h)
{
	for (unsigned i = 0; i < ndevs; i++)
		if (devs[i].h == h)
			return &devs[i];
	return NULL;
}

void fd_init(void)
{
	for (int i = 0; i < 3; i++)
		fds[i] = (struct fdesc){ .kind = IO_CONSOLE };
}

/* The device called (name), acquiring it on first use. */
static int dev_find(const char *name, struct dev **out)
{
	size_t len = strlen(name);

	if (len == 0 || len >= DEV_NAME_SIZE)
		return -ENODEV;
	for (unsigned i = 0; i < ndevs; i++)
		if (strcmp(devs[i].name, name) == 0) {
			*out = &devs[i];
			return 0;
		}
	if (ndevs == DEV_MAX)
		return -ENODEV;
	struct dev *d = &devs[ndevs];
	memset(d, 0, sizeof *d);
	if (!block_acquire(d, name) && !net_acquire(d, name))
		return -ENODEV;
	memcpy(d->name, name, len + 1);
	ndevs++;
	*out = d;
	return 0;
}

int plat_device_open(const char *name)
{
	struct dev *d;

	if (name == NULL)
		return -EFAULT;
	int r = dev_find(name, &d);
	if (r < 0)
		return r;
	if (d->kind == IO_NET && (r = net_buffers(d)) < 0)
		return r;
	for (int i = 0; i < FD_MAX; i++)
		if (fds[i].kind == IO_FREE) {
			fds[i] = (struct fdesc){ .kind = d->kind, .dev = d };
			return i;
		}
	return -EMFILE;
}

int plat_close(int fd)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	f->kind = IO_FREE;
	return 0;
}

/* Total length of an iovec array, or a negative errno. */
static long iov_total(const struct plat_iovec *iov, int iovcnt)
{
	size_t total = 0;

	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	if (iov == NULL && iovcnt > 0)
		return -EFAULT;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_base == NULL && iov[i].iov_len > 0)
			return -EFAULT;
		if (iov[i].iov_len > (size_t)INT64_MAX - total)
			return -EINVAL;
		total += iov[i].iov_len;
	}
	return (long)total;
}

/* The one path of all eight transfer calls. (off) < 0: use and advance
 * the file position (read/write), else positioned (pread/pwrite). */
static long fd_io(int fd, const struct plat_iovec *iov, int iovcnt,
		  int64_t off, bool positioned, bool write)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	long total = iov_total(iov, iovcnt);
	if (total < 0)
		return total;
	if (positioned && f->kind != IO_BLOCK)
		return -ESPIPE;
	if (positioned && off < 0)
		return -EINVAL;

	long r;
	switch (f->kind) {
	case IO_CONSOLE:
		r = write ? console_writev(iov, iovcnt)
			  : console_readv(iov, iovcnt);
		break;
	case IO_BLOCK:
		r = block_rw(f->dev, iov, iovcnt,
			     positioned ? (uint64_t)off : f->pos, write);
		if (!positioned && r > 0)
			f->pos += (uint64_t)r;
		break;
	case IO_NET:
		r = write ? net_writev(f->dev, iov, iovcnt)
			  : net_readv(f->dev, iov, iovcnt,
				      f->flags & PLAT_O_NONBLOCK);
		break;
	default:
		r = -EBADF;
	}
	return r;
}

long plat_read(int fd, void *buf, size_t len)
{
	struct plat_iovec v = { buf, len };
	return fd_io(fd, &v, 1, 0, false, false);
}

long plat_readv(int fd, const struct plat_iovec *iov, int iovcnt)
{
	return fd_io(fd, iov, iovcnt, 0, false, false);
}

long plat_pread(int fd, void *buf, size_t len, int64_t off)
{
	struct plat_iovec v = { buf, len };
	return fd_io(fd, &v, 1, off, true, false);
}

long plat_preadv(int fd, const struct plat_iovec *iov, int iovcnt,
		 int64_t off)
{
	return fd_io(fd, iov, iovcnt, off, true, false);
}

long plat_write(int fd, const void *buf, size_t len)
{
	struct plat_iovec v = { (void *)buf, len };
	return fd_io(fd, &v, 1, 0, false, true);
}

long plat_writev(int fd, const struct plat_iovec *iov, int iovcnt)
{
	return fd_io(fd, iov, iovcnt, 0, false, true);
}

long plat_pwrite(int fd, const void *buf, size_t len, int64_t off)
{
	struct plat_iovec v = { (void *)buf, len };
	return fd_io(fd, &v, 1, off, true, true);
}

long plat_pwritev(int fd, const struct plat_iovec *iov, int iovcnt,
		  int64_t off)
{
	return fd_io(fd, iov, iovcnt, off, true, true);
}

int64_t plat_lseek(int fd, int64_t off, int whence)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	if (f->kind != IO_BLOCK)
		return -ESPIPE;
	int64_t cap = (int64_t)f->dev->blk.capacity, base;
	switch (whence) {
	case PLAT_SEEK_SET:
		base = 0;
		break;
	case PLAT_SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case PLAT_SEEK_END:
		base = cap;
		break;
	default:
		return -EINVAL;
	}
	/* As Linux's block devices: nowhere before 0 or past the end. */
	if (off < -base || off > cap - base)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

int plat_fcntl(int fd, int cmd, long arg)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	switch (cmd) {
	case PLAT_F_GETFD:	/* one process, no exec: FD_CLOEXEC is moot */
	case PLAT_F_SETFD:
		return 0;
	case PLAT_F_GETFL:
		return PLAT_O_RDWR | f->flags;
	case PLAT_F_SETFL:
		/* Linux ignores the access mode and the flags it cannot
		 * change; O_NONBLOCK is the only one that means anything
		 * here. */
		f->flags = (int)(arg & PLAT_O_NONBLOCK);
		return 0;
	default:
		return -EINVAL;
	}
}

int plat_fsync(int fd)
{
	/* Solo5 block writes reach the host file before they return; there
	 * is no more durable state to reach from here. */
	return fd_get(fd) == NULL ? -EBADF : 0;
}

int plat_fstat(int fd, struct plat_stat *st)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	if (st == NULL)
		return -EFAULT;
	memset(st, 0, sizeof *st);
	switch (f->kind) {
	case IO_CONSOLE:
		st->mode = PLAT_S_IFCHR | 0620;
		break;
	case IO_BLOCK:
		st->mode = PLAT_S_IFBLK | 0660;
		st->size = f->dev->blk.capacity;
		st->blksize = f->dev->blk.bs;
		break;
	case IO_NET:
		st->mode = PLAT_S_IFSOCK | 0660;
		st->blksize = (uint32_t)f->dev->net.frame_max;
		break;
	default:
		return -EBADF;
	}
	return 0;
}

int plat_net_info(int fd, uint8_t mac[6], unsigned *mtu)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	if (f->kind != IO_NET)
		return -ENODEV;
	if (mac != NULL)
		memcpy(mac, f->dev->net.mac, 6);
	if (mtu != NULL)
		*mtu = f->dev->net.mtu;
	return 0;
}

int plat_net_hdr_size(int fd)
{
	struct fdesc *f = fd_get(fd);

	if (f == NULL)
		return -EBADF;
	if (f->kind != IO_NET)
		return -ENODEV;
	return (int)f->dev->net.hdr;
}
