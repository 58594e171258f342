/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kboot.c: the library kernel on the platform, inside nablux-spt: boot,
 * a few system calls through nablux_syscall (x86_64 numbers), halt.
 * Prints one "ok NAME" line per check, then "SUCCESS" and the timings.
 */
#include <stdint.h>

#include "platform.h"
#include "solo5.h"
#include <nablux/nablux.h>
#include <nablux/setup.h>
#include "../../linux/host/platform_host.h"
#include "ukio.h"

/* x86_64 system call numbers and flags (Linux uapi). */
#define NR_read 0
#define NR_write 1
#define NR_close 3
#define NR_pread64 17
#define NR_getpid 39
#define NR_uname 63
#define NR_getppid 110
#define NR_openat 257
#define AT_FDCWD -100
#define O_RDWR 02
#define O_CREAT 0100

int plat_main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	uint64_t t0 = solo5_clock_monotonic();
	int err = nablux_start_kernel(&nablux_platform_host, "mem=32M quiet");
	uint64_t t1 = solo5_clock_monotonic();
	check("boot", err == 0, err);
	if (err)
		return 1;

	long pid = sc(NR_getpid, 0, 0, 0, 0, 0);
	check("getpid-is-1", pid == 1, pid);

	char uts[6 * 65];
	long r = sc(NR_uname, (long)uts, 0, 0, 0, 0);
	check("uname", r == 0 && uts[0] == 'L' && uts[1] == 'i' &&
	      uts[2] == 'n' && uts[3] == 'u' && uts[4] == 'x' &&
	      uts[2 * 65] == '6' && uts[2 * 65 + 1] == '.' &&
	      uts[2 * 65 + 2] == '1', r);

	long fd = sc(NR_openat, AT_FDCWD, (long)"/kboot.txt", O_RDWR | O_CREAT,
		     0644, 0);
	check("openat-create", fd >= 0, fd);
	static const char msg[] = "written by the library kernel\n";
	r = sc(NR_write, fd, (long)msg, sizeof(msg) - 1, 0, 0);
	check("write", r == sizeof(msg) - 1, r);
	char buf[64] = { 0 };
	r = sc(NR_pread64, fd, (long)buf, sizeof(buf), 0, 0);
	int same = r == sizeof(msg) - 1;
	for (long i = 0; same && i < r; i++)
		same = buf[i] == msg[i];
	check("pread64-back", same, r);
	check("close", sc(NR_close, fd, 0, 0, 0, 0) == 0, 0);

	r = nablux_mount("proc", "/proc", "proc", 0, NULL);
	check("mount-proc", r == 0, r);
	fd = sc(NR_openat, AT_FDCWD, (long)"/proc/version", 0, 0, 0);
	r = fd < 0 ? fd : sc(NR_read, fd, (long)buf, sizeof(buf) - 1, 0, 0);
	check("proc-version", r > 18 && buf[0] == 'L' && buf[14] == '6' &&
	      buf[15] == '.' && buf[16] == '1', r);
	if (fd >= 0)
		sc(NR_close, fd, 0, 0, 0, 0);

	/* The null system call, as a function call. */
	enum { N = 100000 };
	uint64_t s0 = solo5_clock_monotonic();
	for (int i = 0; i < N; i++)
		sc(NR_getppid, 0, 0, 0, 0, 0);
	uint64_t s1 = solo5_clock_monotonic();

	uint64_t h0 = solo5_clock_monotonic();
	long h = nablux_halt();
	uint64_t h1 = solo5_clock_monotonic();
	check("halt", h == 0, h);

	put("boot_us ");
	put_num((long)((t1 - t0) / 1000));
	put("\ngetppid_ns ");
	put_num((long)((s1 - s0) / N));
	put("\nhalt_us ");
	put_num((long)((h1 - h0) / 1000));
	put("\n");
	if (!uk_failed)
		put("SUCCESS\n");
	return uk_failed;
}
