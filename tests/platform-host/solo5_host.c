/* SPDX-License-Identifier: ISC */
/*
 * solo5_host.c: the Solo5 API on POSIX for host unit tests of the
 * platform. Argument checks mirror the spt bindings, so code that passes
 * here makes the same calls it will make in the sandbox.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nablux_spt.h"
#include "solo5_host.h"

#define MAX_DEV 64
#define TLS_SIZE 256

struct dev {
	char name[68];
	int is_net;
	int fd;
	int acquired;
	uint64_t capacity, block_size;
	unsigned mtu;
	uint8_t mac[6];
};

static struct dev devs[MAX_DEV];
static unsigned ndev = 1;	/* handle 0 is never a device, as in spt */
static uintptr_t tls_base;
static unsigned long tls_switches, yields;
static solo5_time_t last_deadline;
static int sigq[64];		/* raised host signals, not yet taken */
static unsigned sigq_n;

static struct dev *add(const char *name)
{
	if (ndev == MAX_DEV) {
		fprintf(stderr, "solo5_host: too many devices\n");
		abort();
	}
	struct dev *d = &devs[ndev++];
	snprintf(d->name, sizeof(d->name), "%s", name);
	return d;
}

void solo5_host_add_block(const char *name, int fd, uint64_t block_size)
{
	struct stat st;
	struct dev *d = add(name);

	if (fstat(fd, &st) < 0)
		abort();
	d->fd = fd;
	d->capacity = (uint64_t)st.st_size;
	d->block_size = block_size;
}

void solo5_host_add_net(const char *name, int fd, unsigned mtu,
			const uint8_t mac[6])
{
	struct dev *d = add(name);

	d->is_net = 1;
	d->fd = fd;
	d->mtu = mtu;
	memcpy(d->mac, mac, 6);
}

uintptr_t solo5_host_tls_base(void) { return tls_base; }
unsigned long solo5_host_tls_switches(void) { return tls_switches; }
unsigned long solo5_host_yields(void) { return yields; }
solo5_time_t solo5_host_last_deadline(void) { return last_deadline; }

void solo5_exit(int status)
{
	exit(status & 0xff);
}

void solo5_abort(void)
{
	fprintf(stderr, "solo5_host: solo5_abort() called\n");
	abort();
}

size_t solo5_tls_size(void) { return TLS_SIZE; }

uintptr_t solo5_tls_tp_offset(uintptr_t tls)
{
	return tls + TLS_SIZE - sizeof(uintptr_t);
}

solo5_result_t solo5_tls_init(uintptr_t tls)
{
	memset((void *)tls, 0, TLS_SIZE);
	/* Variant II: the word at the TP points to itself. */
	*(uintptr_t *)solo5_tls_tp_offset(tls) = solo5_tls_tp_offset(tls);
	return SOLO5_R_OK;
}

solo5_result_t solo5_set_tls_base(uintptr_t base)
{
	tls_base = base;
	tls_switches++;
	return SOLO5_R_OK;
}

static solo5_time_t clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (solo5_time_t)ts.tv_sec * 1000000000ULL + (solo5_time_t)ts.tv_nsec;
}

solo5_time_t solo5_clock_monotonic(void) { return clock_ns(CLOCK_MONOTONIC); }
solo5_time_t solo5_clock_wall(void) { return clock_ns(CLOCK_REALTIME); }

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
	struct pollfd pfd[MAX_DEV];
	unsigned handle[MAX_DEV], n = 0;
	solo5_time_t now = solo5_clock_monotonic();
	solo5_handle_set_t ready = 0;

	yields++;
	last_deadline = deadline;
	for (unsigned h = 1; h < ndev; h++) {
		if (devs[h].is_net && devs[h].acquired) {
			pfd[n] = (struct pollfd){ .fd = devs[h].fd,
						  .events = POLLIN };
			handle[n++] = h;
		}
	}
	/* An hour stands in for "no deadline": a test never waits that
	 * long, and a stuck one is killed by its runner. */
	solo5_time_t wait = deadline > now && sigq_n == 0 ? deadline - now : 0;
	if (wait > 3600ULL * 1000000000ULL)
		wait = 3600ULL * 1000000000ULL;
	struct timespec ts = { (time_t)(wait / 1000000000ULL),
			       (long)(wait % 1000000000ULL) };
	int rc;
	do {
		rc = ppoll(pfd, n, &ts, NULL);
	} while (rc < 0 && errno == EINTR);
	for (unsigned i = 0; rc > 0 && i < n; i++)
		if (pfd[i].revents & POLLIN)
			ready |= 1ULL << handle[i];
	if (ready_set)
		*ready_set = ready;
}

void solo5_host_raise_signal(int sig)
{
	if (sigq_n == sizeof(sigq) / sizeof(sigq[0]))
		abort();
	sigq[sigq_n++] = sig;
}

int nablux_spt_host_signal_pending(void)
{
	return sigq_n > 0;
}

int nablux_spt_host_signal(void)
{
	if (sigq_n == 0)
		return 0;
	int sig = sigq[0];
	memmove(sigq, sigq + 1, --sigq_n * sizeof(sigq[0]));
	return sig;
}

/* The fake net devices have plain frames, as on a Solo5 tender. */
size_t nablux_spt_net_hdr_size(solo5_handle_t handle)
{
	(void)handle;
	return 0;
}

void solo5_console_write(const char *buf, size_t size)
{
	while (size > 0) {
		ssize_t n = write(1, buf, size);
		if (n <= 0)
			return;
		buf += n;
		size -= (size_t)n;
	}
}

static struct dev *acquire(const char *name, int is_net, solo5_handle_t *h)
{
	for (unsigned i = 1; i < ndev; i++) {
		if (strcmp(devs[i].name, name) == 0 &&
		    devs[i].is_net == is_net && !devs[i].acquired) {
			devs[i].acquired = 1;
			*h = i;
			return &devs[i];
		}
	}
	return NULL;
}

static struct dev *get(solo5_handle_t h, int is_net)
{
	if (h == 0 || h >= ndev || devs[h].is_net != is_net ||
	    !devs[h].acquired)
		return NULL;
	return &devs[h];
}

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *h,
				 struct solo5_net_info *info)
{
	struct dev *d = acquire(name, 1, h);

	if (d == NULL)
		return SOLO5_R_EINVAL;
	memcpy(info->mac_address, d->mac, 6);
	info->mtu = d->mtu;
	return SOLO5_R_OK;
}

solo5_result_t solo5_net_write(solo5_handle_t h, const uint8_t *buf,
			       size_t size)
{
	struct dev *d = get(h, 1);

	if (d == NULL || size > d->mtu + SOLO5_NET_HLEN)
		return SOLO5_R_EINVAL;
	return write(d->fd, buf, size) == (ssize_t)size ? SOLO5_R_OK
							: SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_net_read(solo5_handle_t h, uint8_t *buf, size_t size,
			      size_t *read_size)
{
	struct dev *d = get(h, 1);

	if (d == NULL || size < d->mtu + SOLO5_NET_HLEN)
		return SOLO5_R_EINVAL;
	struct pollfd p = { .fd = d->fd, .events = POLLIN };
	if (poll(&p, 1, 0) != 1)
		return SOLO5_R_AGAIN;
	ssize_t n = read(d->fd, buf, size);
	if (n < 0)
		return errno == EAGAIN ? SOLO5_R_AGAIN : SOLO5_R_EUNSPEC;
	*read_size = (size_t)n;
	return SOLO5_R_OK;
}

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *h,
				   struct solo5_block_info *info)
{
	struct dev *d = acquire(name, 0, h);

	if (d == NULL)
		return SOLO5_R_EINVAL;
	info->capacity = d->capacity;
	info->block_size = d->block_size;
	return SOLO5_R_OK;
}

static struct dev *block_check(solo5_handle_t h, solo5_off_t off, size_t size)
{
	struct dev *d = get(h, 0);

	if (d == NULL || size != d->block_size || off % d->block_size ||
	    off >= d->capacity || d->capacity - off < size)
		return NULL;
	return d;
}

solo5_result_t solo5_block_write(solo5_handle_t h, solo5_off_t off,
				 const uint8_t *buf, size_t size)
{
	struct dev *d = block_check(h, off, size);

	if (d == NULL)
		return SOLO5_R_EINVAL;
	return pwrite(d->fd, buf, size, (off_t)off) == (ssize_t)size
		       ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}

solo5_result_t solo5_block_read(solo5_handle_t h, solo5_off_t off,
				uint8_t *buf, size_t size)
{
	struct dev *d = block_check(h, off, size);

	if (d == NULL)
		return SOLO5_R_EINVAL;
	return pread(d->fd, buf, size, (off_t)off) == (ssize_t)size
		       ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
}
