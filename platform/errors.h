/* SPDX-License-Identifier: ISC */
/*
 * errors.h: the Linux errno values the platform returns (negated), and
 * the Linux flag values its callers pass. Guarded, so host tests may also
 * include the C library's headers.
 */
#ifndef NABLUX_PLATFORM_ERRORS_H
#define NABLUX_PLATFORM_ERRORS_H

#ifndef EIO
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define ENODEV 19
#define EMFILE 24
#define EINVAL 22
#define ENOSPC 28
#define ESPIPE 29
#define EMSGSIZE 90
#endif

/* fcntl */
#define PLAT_F_GETFD 1
#define PLAT_F_SETFD 2
#define PLAT_F_GETFL 3
#define PLAT_F_SETFL 4
#define PLAT_O_RDWR 02
#define PLAT_O_NONBLOCK 04000

/* lseek */
#define PLAT_SEEK_SET 0
#define PLAT_SEEK_CUR 1
#define PLAT_SEEK_END 2

/* poll */
#define PLAT_POLLIN 0x001
#define PLAT_POLLOUT 0x004
#define PLAT_POLLERR 0x008
#define PLAT_POLLNVAL 0x020
#define PLAT_POLLRDNORM 0x040
#define PLAT_POLLWRNORM 0x100

/* stat */
#define PLAT_S_IFSOCK 0140000
#define PLAT_S_IFBLK 0060000
#define PLAT_S_IFCHR 0020000

/* clocks */
#define PLAT_CLOCK_REALTIME 0
#define PLAT_CLOCK_MONOTONIC 1
#define PLAT_TIMER_ABSTIME 1

#endif
