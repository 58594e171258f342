/* SPDX-License-Identifier: GPL-2.0 */
/* The platform host: the kernel's host operations on nablux's platform
 * layer (green threads, page allocator, Solo5 clocks), for unikernels. */
#ifndef NABLUX_PLATFORM_HOST_H
#define NABLUX_PLATFORM_HOST_H

#include <nablux/host.h>

extern const struct nablux_host nablux_platform_host;

#endif
