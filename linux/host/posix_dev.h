/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host devices for the posix host: a block device on a file and a network
 * device on a tap interface. Call them before nablux_start_kernel; each
 * returns the kernel's device number (vda = 0, eth0 = 0) or a negative
 * errno.
 */
#ifndef NABLUX_POSIX_DEV_H
#define NABLUX_POSIX_DEV_H

/* /dev/vdX on the file at path (its size, rounded down to sector_size:
 * 512 to 4096); writes go through pwrite, flushes through fsync. */
int nablux_posix_blk_add(const char *path, unsigned int sector_size);

/* ethX on the existing tap interface ifname (opened through
 * /dev/net/tun); mac NULL for a random locally administered one, mtu 0
 * for the interface's. A reader thread raises the receive interrupt. */
int nablux_posix_net_add(const char *ifname, const unsigned char *mac,
			 unsigned int mtu);

/* After nablux_halt: stop reader threads, close files. */
void nablux_posix_dev_cleanup(void);

#endif
