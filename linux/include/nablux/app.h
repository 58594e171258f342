/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A Linux unikernel's start-up (linux/app/start.c): the platform calls
 * plat_main(); it boots the library kernel, sets up the root file system
 * and the network from the command line, calls the application's
 * nablux_main() as pid 1, then syncs and halts the kernel and exits with
 * nablux_main()'s status.
 *
 * Command line (after the platform has taken its NAME=VALUE environment
 * words): leading words "nablux.KEY=VALUE" configure the start-up and are
 * not passed on:
 *   nablux.mem=MiB       kernel RAM (default 64)
 *   nablux.root=NAME     block device of the root file system (default
 *                        "rootfs" when the manifest has one; "none": stay
 *                        on the kernel's initial RAM root)
 *   nablux.fstype=TYPE   root file system type (default ext4)
 *   nablux.ip=A.B.C.D/P  address of eth0 (default: eth0 not configured)
 *   nablux.gw=A.B.C.D    default route
 *   nablux.debug=1       kernel messages on the console
 * The remaining words are the application's argv.
 */
#ifndef NABLUX_APP_H
#define NABLUX_APP_H

int nablux_main(int argc, char **argv, char **envp);

#endif /* NABLUX_APP_H */
