/* SPDX-License-Identifier: GPL-2.0 */
/* The posix host: the kernel's host operations on pthreads and libc. */
#ifndef NABLUX_POSIX_HOST_H
#define NABLUX_POSIX_HOST_H

#include <nablux/host.h>

extern const struct nablux_host nablux_posix_host;

#endif
