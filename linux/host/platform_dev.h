/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host devices for the platform host (unikernels): the kernel's block and
 * network devices over the platform's Solo5 devices, opened by manifest
 * name. Call them before nablux_start_kernel; each returns the kernel's
 * device number (vda = 0, eth0 = 0) or a negative errno.
 */
#ifndef NABLUX_PLATFORM_DEV_H
#define NABLUX_PLATFORM_DEV_H

/* /dev/vdX on the Solo5 block device (name); sector size and capacity
 * from the manifest. */
int nablux_platform_blk_add(const char *name);

/* ethX on the Solo5 net device (name); MAC and MTU from the manifest. The
 * scheduler says when a frame is ready, which raises the receive
 * interrupt. */
int nablux_platform_net_add(const char *name);

#endif
