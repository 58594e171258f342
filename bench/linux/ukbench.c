/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ukbench.c: the Linux unikernel benchmarks, a nablux_main program on the
 * Linux unikernel start-up (linux/app/start.c). Linked three times, with
 * no device (ukboot.spt), with the net device "tap" (uknet.spt) and with
 * the block device "rootfs" (ukdisk.spt).
 *
 *   exit              exits at once (plat_exit): a run is exec -> main
 *   idle SECONDS      "ready", then sleeps in the kernel
 *   boot              first line "main_ns T plat_main_ns T kstart_ns T
 *                     kready_ns T" (host CLOCK_MONOTONIC: nablux_main
 *                     entered, plat_main entered, nablux_start_kernel
 *                     called and returned), then "getppid_ns N": the null
 *                     system call, median of 5 batches of 100 000
 *   tcp PORT CONNS    the TCP benchmark server (tcp_server.h); "ready"
 *   disk write MIB    /bench.dat: MIB MiB in 1 MiB writes, then fsync:
 *                     "write_ns N fsync_ns N"
 *   disk read MIB     read /bench.dat three times: as booted (nothing
 *                     cached in the kernel), again (kernel page cache),
 *                     after fadvise(DONTNEED) (block device again):
 *                     "read_cold_ns N read_warm_ns N read_dropped_ns N"
 *
 * The stamps of plat_main and nablux_start_kernel come from the linker's
 * --wrap: the start-up is not changed for the benchmark.
 */
#include <stdint.h>

#include "platform.h"
#include <nablux/app.h>
#include <nablux/nablux.h>
#include "../../tests/ukernel-suite/ukt.h"

/* ---- boot stamps (ld --wrap=plat_main --wrap=nablux_start_kernel) ------- */

static uint64_t t_plat_main, t_kstart, t_kready;

int __real_plat_main(int argc, char **argv, char **envp);
int __wrap_plat_main(int argc, char **argv, char **envp)
{
	t_plat_main = u_now_ns();
	return __real_plat_main(argc, argv, envp);
}

int __real_nablux_start_kernel(const struct nablux_host *host, const char *cmdline);
int __wrap_nablux_start_kernel(const struct nablux_host *host, const char *cmdline)
{
	int r;

	t_kstart = u_now_ns();
	r = __real_nablux_start_kernel(host, cmdline);
	t_kready = u_now_ns();
	return r;
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static int boot(void)
{
	enum { BATCHES = 5, CALLS = 100000 };
	uint64_t t_main = u_now_ns(), b[BATCHES];

	u_printf("main_ns %lu plat_main_ns %lu kstart_ns %lu kready_ns %lu\n",
		 (unsigned long)t_main, (unsigned long)t_plat_main,
		 (unsigned long)t_kstart, (unsigned long)t_kready);
	for (int i = 0; i < BATCHES; i++) {
		uint64_t t0 = u_now_ns();

		for (int k = 0; k < CALLS; k++)
			SC0(NR_getppid);
		b[i] = u_now_ns() - t0;
	}
	sort(b, BATCHES);
	/* In tenths of a ns. */
	u_printf("getppid_dns %lu\n", (unsigned long)(b[BATCHES / 2] * 10 / CALLS));
	return 0;
}

/* ---- TCP server ------------------------------------------------------------ */

static long bs_sys(long nr, long a, long b, long c, long d, long e)
{
	return sc6(nr, a, b, c, d, e, 0);
}
#define BS_SYS bs_sys

static void bs_ready(void)
{
	u_printf("ready\n");
}

#include "tcp_server.h"

/* ---- ext4 --------------------------------------------------------------------- */

#define CHUNK (1 << 20)
#define POSIX_FADV_DONTNEED 4
static char chunk[CHUNK];

static long read_all(long mib, uint64_t *ns)
{
	long fd = SC3(NR_open, "/bench.dat", O_RDONLY, 0), r, total = 0;
	uint64_t t0 = u_now_ns();

	if (fd < 0)
		return fd;
	while ((r = SC3(NR_read, fd, chunk, CHUNK)) > 0)
		total += r;
	*ns = u_now_ns() - t0;
	SC1(NR_close, fd);
	if (r < 0)
		return r;
	return total == mib * CHUNK ? 0 : -EINVAL;
}

static int disk(const char *what, long mib)
{
	uint64_t t0, t1, t2, cold, warm, dropped;
	long fd, r;

	if (!u_strcmp(what, "write")) {
		for (long i = 0; i < CHUNK; i++)
			chunk[i] = (char)(i * 13 + 7);
		fd = SC3(NR_open, "/bench.dat", O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (fd < 0) {
			u_printf("FAIL open /bench.dat: %ld\n", fd);
			return 1;
		}
		t0 = u_now_ns();
		for (long i = 0; i < mib; i++)
			if ((r = SC3(NR_write, fd, chunk, CHUNK)) != CHUNK) {
				u_printf("FAIL write: %ld\n", r);
				return 1;
			}
		t1 = u_now_ns();
		if ((r = SC1(NR_fsync, fd)) < 0) {
			u_printf("FAIL fsync: %ld\n", r);
			return 1;
		}
		t2 = u_now_ns();
		SC1(NR_close, fd);
		u_printf("write_ns %lu fsync_ns %lu\n", (unsigned long)(t1 - t0),
			 (unsigned long)(t2 - t1));
		return 0;
	}
	if ((r = read_all(mib, &cold)) < 0 || (r = read_all(mib, &warm)) < 0) {
		u_printf("FAIL read: %ld\n", r);
		return 1;
	}
	fd = SC3(NR_open, "/bench.dat", O_RDONLY, 0);
	r = SC4(NR_fadvise64, fd, 0, 0, POSIX_FADV_DONTNEED);
	SC1(NR_close, fd);
	if (r < 0 || (r = read_all(mib, &dropped)) < 0) {
		u_printf("FAIL fadvise/read: %ld\n", r);
		return 1;
	}
	u_printf("read_cold_ns %lu read_warm_ns %lu read_dropped_ns %lu\n",
		 (unsigned long)cold, (unsigned long)warm, (unsigned long)dropped);
	return 0;
}

int nablux_main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc >= 1 && !u_strcmp(argv[0], "exit"))
		plat_exit(0);	/* no halt: what the boot alone costs */
	if (argc >= 2 && !u_strcmp(argv[0], "idle")) {
		u_printf("ready\n");
		u_msleep(u_atol(argv[1]) * 1000);
		return 0;
	}
	if (argc >= 1 && !u_strcmp(argv[0], "boot"))
		return boot();
	if (argc >= 3 && !u_strcmp(argv[0], "tcp")) {
		long r = bs_serve((unsigned)u_atol(argv[1]), u_atol(argv[2]));

		if (r < 0)
			u_printf("FAIL tcp server: %ld\n", r);
		return r < 0;
	}
	if (argc >= 3 && !u_strcmp(argv[0], "disk"))
		return disk(argv[1], u_atol(argv[2]));
	u_printf("usage: ukbench exit | idle SECONDS | boot | tcp PORT CONNS | "
		 "disk write|read MIB\n");
	return 2;
}
