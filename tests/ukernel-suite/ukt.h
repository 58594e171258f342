/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ukt.h: freestanding helpers for Linux unikernel tests (no libc):
 * x86_64 system call numbers and layouts, a system call wrapper, a small
 * formatter (%d %ld %u %lu %x %lx %o %s %c %%) and "ok NAME" /
 * "FAIL NAME: why" lines on the console.
 */
#ifndef UKT_H
#define UKT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include <nablux/nablux.h>

/* ---- x86_64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl) */
#define NR_read 0
#define NR_write 1
#define NR_open 2
#define NR_close 3
#define NR_stat 4
#define NR_fstat 5
#define NR_poll 7
#define NR_lseek 8
#define NR_rt_sigreturn 15
#define NR_pread64 17
#define NR_pipe 22
#define NR_dup 32
#define NR_nanosleep 35
#define NR_getpid 39
#define NR_socket 41
#define NR_connect 42
#define NR_accept 43
#define NR_sendto 44
#define NR_recvfrom 45
#define NR_sendmsg 46
#define NR_recvmsg 47
#define NR_shutdown 48
#define NR_bind 49
#define NR_listen 50
#define NR_getsockname 51
#define NR_getpeername 52
#define NR_socketpair 53
#define NR_setsockopt 54
#define NR_getsockopt 55
#define NR_clone 56
#define NR_fork 57
#define NR_vfork 58
#define NR_execve 59
#define NR_uname 63
#define NR_fcntl 72
#define NR_fsync 74
#define NR_fdatasync 75
#define NR_ftruncate 77
#define NR_rename 82
#define NR_mkdir 83
#define NR_rmdir 84
#define NR_unlink 87
#define NR_getuid 102
#define NR_getgid 104
#define NR_getppid 110
#define NR_statfs 137
#define NR_modify_ldt 154
#define NR_arch_prctl 158
#define NR_sync 162
#define NR_mount 165
#define NR_iopl 172
#define NR_ioperm 173
#define NR_gettid 186
#define NR_futex 202
#define NR_getdents64 217
#define NR_fadvise64 221
#define NR_clock_gettime 228
#define NR_clock_nanosleep 230
#define NR_epoll_wait 232
#define NR_epoll_ctl 233
#define NR_openat 257
#define NR_mkdirat 258
#define NR_newfstatat 262
#define NR_ppoll 271
#define NR_epoll_pwait 281
#define NR_timerfd_create 283
#define NR_timerfd_settime 286
#define NR_timerfd_gettime 287
#define NR_accept4 288
#define NR_eventfd2 290
#define NR_epoll_create1 291
#define NR_pipe2 293
#define NR_getrandom 318
#define NR_execveat 322
#define NR_clone3 435

/* ---- flags, constants ---------------------------------------------------- */
#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DIRECTORY 0200000
#define O_CLOEXEC 02000000
#define SEEK_SET 0
#define SEEK_END 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETPIPE_SZ 1032
#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define DT_DIR 4
#define DT_REG 8

#define EPERM 1
#define ENOENT 2
#define EBADF 9
#define EAGAIN 11
#define EFAULT 14
#define EEXIST 17
#define ENOTDIR 20
#define EINVAL 22
#define EPIPE 32
#define ENOSYS 38
#define ENOTEMPTY 39
#define ETIMEDOUT 110
#define ECONNREFUSED 111

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

#define EPOLLIN 0x001
#define EPOLLOUT 0x004
#define EPOLLHUP 0x010
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define POLLIN 0x001
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK O_NONBLOCK
#define TFD_NONBLOCK O_NONBLOCK

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128

#define AF_UNIX 1
#define AF_INET 2
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_NONBLOCK O_NONBLOCK
#define SOL_SOCKET 1
#define SO_REUSEADDR 2
#define SO_ERROR 4
#define SCM_RIGHTS 1
#define IPPROTO_TCP 6
#define TCP_NODELAY 1
#define SHUT_WR 1
#define MSG_DONTWAIT 0x40

#define TMPFS_MAGIC 0x01021994
#define RAMFS_MAGIC 0x858458f6

/* ---- x86_64 layouts ------------------------------------------------------- */
struct k_timespec {
	long tv_sec, tv_nsec;
};
struct k_itimerspec {
	struct k_timespec it_interval, it_value;
};
struct k_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));
struct k_pollfd {
	int fd;
	short events, revents;
};
struct k_sockaddr_in {
	uint16_t family;
	uint16_t port;		/* network byte order */
	uint32_t addr;		/* network byte order */
	uint8_t zero[8];
};
struct k_iovec {
	void *base;
	size_t len;
};
struct k_msghdr {
	void *name;
	int namelen;
	struct k_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};
struct k_cmsghdr {
	size_t len;
	int level, type;
};

/* ---- system calls ---------------------------------------------------------- */
static inline long sc6(long nr, long a, long b, long c, long d, long e, long f)
{
	long args[6] = { a, b, c, d, e, f };

	return nablux_syscall(nr, args);
}
#define SC0(n) sc6(n, 0, 0, 0, 0, 0, 0)
#define SC1(n, a) sc6(n, (long)(a), 0, 0, 0, 0, 0)
#define SC2(n, a, b) sc6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define SC3(n, a, b, c) sc6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SC4(n, a, b, c, d) sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SC5(n, a, b, c, d, e) \
	sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define SC6(n, a, b, c, d, e, f) \
	sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* ---- strings, memory ------------------------------------------------------- */
static inline size_t u_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static inline int u_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

static inline int u_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

static inline void u_memset(void *p, int c, size_t n)
{
	unsigned char *d = p;

	while (n--)
		*d++ = (unsigned char)c;
}

static inline int u_prefix(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

/* Substring search. */
static inline int u_contains(const char *s, const char *sub)
{
	for (; *s; s++)
		if (u_prefix(s, sub))
			return 1;
	return 0;
}

static inline long u_atol(const char *s)
{
	long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

/* ---- formatting -------------------------------------------------------------- */
struct u_out {
	char *p;
	size_t n, cap;
};

static inline void u_putc(struct u_out *o, char c)
{
	if (o->n + 1 < o->cap)
		o->p[o->n++] = c;
}

static inline void u_putu(struct u_out *o, unsigned long v, unsigned base)
{
	char d[24];
	int i = 0;

	do {
		d[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		u_putc(o, d[--i]);
}

static inline size_t u_vfmt(char *buf, size_t cap, const char *f, va_list ap)
{
	struct u_out o = { buf, 0, cap };

	for (; *f; f++) {
		int lng = 0;

		if (*f != '%') {
			u_putc(&o, *f);
			continue;
		}
		f++;
		while (*f == 'l')
			lng = 1, f++;
		switch (*f) {
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);

			if (v < 0) {
				u_putc(&o, '-');
				u_putu(&o, -(unsigned long)v, 10);
			} else {
				u_putu(&o, (unsigned long)v, 10);
			}
			break;
		}
		case 'u':
		case 'x':
		case 'o': {
			unsigned long v = lng ? va_arg(ap, unsigned long)
					      : va_arg(ap, unsigned int);

			u_putu(&o, v, *f == 'u' ? 10 : *f == 'x' ? 16 : 8);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (s && *s)
				u_putc(&o, *s++);
			break;
		}
		case 'c':
			u_putc(&o, (char)va_arg(ap, int));
			break;
		case '%':
			u_putc(&o, '%');
			break;
		default:
			u_putc(&o, '?');
			break;
		}
		if (!*f)
			break;
	}
	if (cap)
		buf[o.n] = 0;
	return o.n;
}

static inline size_t u_fmt(char *buf, size_t cap, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = u_vfmt(buf, cap, f, ap);
	va_end(ap);
	return n;
}

static inline void u_printf(const char *f, ...)
{
	char buf[512];
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = u_vfmt(buf, sizeof(buf), f, ap);
	va_end(ap);
	plat_write(1, buf, n);
}

/* ---- time --------------------------------------------------------------------- */
static inline uint64_t u_now_ns(void)
{
	struct plat_timespec ts;

	plat_clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Sleep in the kernel (nanosleep), so that other threads run. */
static inline void u_msleep(long ms)
{
	struct k_timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	SC2(NR_nanosleep, &ts, 0);
}

static inline uint16_t u_htons(uint16_t v)
{
	return __builtin_bswap16(v);
}

static inline uint32_t u_htonl(uint32_t v)
{
	return __builtin_bswap32(v);
}

#endif /* UKT_H */
