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
 *   nablux.mem=MiB       kernel RAM (default: an eighth of the guest's
 *                        memory, 32 MiB to 1 GiB)
 *   nablux.root=NAME     block device of the root file system (default
 *                        "rootfs" when the manifest has one; "none": stay
 *                        on the kernel's initial RAM root)
 *   nablux.fstype=TYPE   root file system type (default ext4)
 *   nablux.ip=A.B.C.D/P  address of eth0 (default: eth0 not configured)
 *   nablux.gw=A.B.C.D    default route
 *   nablux.hostname=H    uname's node name (default: argv[0]'s last part)
 *   nablux.cwd=DIR       working directory (default /)
 *   nablux.ro=1          the root read-only (its device too, so ext4
 *                        writes nothing: an image whose journal needs
 *                        recovery is refused); it must have /dev and
 *                        /proc to mount on; /tmp may be missing
 *   nablux.debug=1       kernel messages on the console
 * The remaining words are the application's argv. nablux_main() starts
 * with fd 0 open on /dev/null and fds 1 and 2 on /dev/console (the host
 * console, a tty). Host signals (SIGTERM, SIGINT, SIGHUP, SIGQUIT,
 * SIGUSR1/2, SIGWINCH sent to the tender) go to pid 1, under pid 1's
 * rules: a handler runs; at SIG_DFL they are ignored, as for the first
 * process of a container without --init (SIGKILL still kills).
 */
#ifndef NABLUX_APP_H
#define NABLUX_APP_H

int nablux_main(int argc, char **argv, char **envp);

/* Ends the unikernel with (status & 0xff): closes pid 1's descriptors,
 * syncs, remounts the root read-only, halts the kernel, exits. The
 * start-up calls it with nablux_main()'s status; libc's exit_group too. */
void nablux_app_exit(int status) __attribute__((noreturn));

#endif /* NABLUX_APP_H */
