/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Setting up a running library kernel for an application, through its own
 * system calls (x86_64 numbers and layouts): file systems, the root, and
 * network interfaces. Every call returns 0 or a negative errno. Plain C,
 * no libc: used by test programs on the posix host and by unikernels.
 */
#ifndef NABLUX_SETUP_H
#define NABLUX_SETUP_H

#include <stdint.h>

/* mkdir (dir) if missing, then mount(2) (ENOENT: missing on a read-only
 * file system). */
long nablux_mount(const char *source, const char *dir, const char *fstype,
		  unsigned long flags, const char *data);

/* /dev (devtmpfs, with /dev/shm, /dev/fd and /dev/std{in,out,err}), /proc
 * and /tmp (tmpfs) in the current root (no /sys: CONFIG_SYSFS is off). */
long nablux_mount_system(void);

/* Mount (dev) of (fstype) at /root and make it the root: chdir, chroot,
 * chdir "/"; then what nablux_mount_system() mounts but /tmp, which stays
 * the root's own directory (made if missing), as in a container, and
 * /dev/shm, a link to it (both on disk: ENOSPC when full, never a kernel
 * out of memory; a read-only root without /tmp gets none). */
long nablux_mount_root(const char *dev, const char *fstype,
		       unsigned long flags, const char *data);

/* Bring (ifname) up; with addr != 0, give it addr/prefix (IPv4, host
 * byte order). */
long nablux_if_up(const char *ifname, uint32_t addr, unsigned prefix);

/* Default IPv4 route through (gw), host byte order. */
long nablux_route_default(uint32_t gw);

/* "a.b.c.d" or "a.b.c.d/prefix" to host byte order; -EINVAL if not. */
long nablux_parse_ipv4(const char *s, uint32_t *addr, unsigned *prefix);

#endif /* NABLUX_SETUP_H */
