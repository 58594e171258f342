/* SPDX-License-Identifier: ISC */
/*
 * core.c: guest memory, boot info, the core seccomp rules, and the jump
 * into the guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <time.h>
#include <unistd.h>
#include <asm/prctl.h>

#include "nablux_spt_abi.h"
#include "spt.h"

static void vmsg(const char *fmt, va_list ap)
{
	fputs("nablux-spt: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(1);
}

void warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void seccomp_check(int rc, const char *rule)
{
	if (rc != 0)
		die("seccomp rule %s: %s", rule, strerror(-rc));
}

static int exec_heap;
static bool exec_heap_asked;

void exec_heap_request(bool wanted)
{
	exec_heap_asked = wanted;
}

struct spt *spt_init(uint64_t mem_size)
{
	struct spt *spt = calloc(1, sizeof(*spt));
	int prot = PROT_READ | PROT_WRITE | (exec_heap ? PROT_EXEC : 0);
	void *p;

	if (spt == NULL)
		die("out of memory");
	/* With READ_IMPLIES_EXEC every readable page would be executable. */
	int persona = personality(0xffffffff);
	if (persona < 0 || (persona & READ_IMPLIES_EXEC))
		die("personality: refusing to run with READ_IMPLIES_EXEC set");
	/* Low memory below SPT_HOST_MEM_BASE cannot be mapped
	 * (vm.mmap_min_addr) and stays unmapped, so null accesses fault.
	 * NOREPLACE: guest memory must never silently cover the tender. */
	p = mmap((void *)SPT_HOST_MEM_BASE, mem_size - SPT_HOST_MEM_BASE, prot,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE,
		 -1, 0);
	if (p == MAP_FAILED)
		die("--mem=%llu: cannot map guest memory: %s",
		    (unsigned long long)(mem_size >> 20), strerror(errno));
	if (p != (void *)SPT_HOST_MEM_BASE)
		die("--mem=%llu: guest memory would overlap the tender",
		    (unsigned long long)(mem_size >> 20));
	/* Guest addresses are host addresses: guest 0 is host 0. */
	spt->mem = 0;
	spt->mem_size = mem_size;

	spt->epollfd = epoll_create1(EPOLL_CLOEXEC);
	if (spt->epollfd < 0)
		die("epoll_create1: %s", strerror(errno));
	spt->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (spt->timerfd < 0)
		die("timerfd_create: %s", strerror(errno));
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.u64 = SPT_INTERNAL_TIMERFD };
	if (epoll_ctl(spt->epollfd, EPOLL_CTL_ADD, spt->timerfd, &ev) < 0)
		die("epoll_ctl(timerfd): %s", strerror(errno));

	spt->sc_ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (spt->sc_ctx == NULL)
		die("seccomp_init failed");
	return spt;
}

void spt_boot_info_init(struct spt *spt, uint64_t kernel_end, int argc,
			char **argv, const struct mft *mft, size_t mft_size)
{
	uint64_t at = SPT_BOOT_INFO_BASE;
	struct spt_boot_info *bi = (void *)(spt->mem + at);

	at += sizeof(*bi);
	if (exec_heap && exec_heap_asked) {
		const uint32_t yes = NABLUX_EXEC_HEAP_MAGIC;

		memcpy((void *)(spt->mem + at), &yes, sizeof(yes));
		at += sizeof(yes);
	}
	/* Keep the manifest copy 8-aligned, as its entries hold pointers. */
	at = (at + 7) & ~7ULL;
	memcpy((void *)(spt->mem + at), mft, mft_size);
	bi->mft = (const void *)(uintptr_t)at;
	at += mft_size;

	char *cmdline = (char *)(spt->mem + at);
	size_t used = 0;
	cmdline[0] = 0;
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + (i + 1 < argc);

		if (len >= SPT_CMDLINE_SIZE - used)
			die("guest command line too long (at most %d bytes)",
			    SPT_CMDLINE_SIZE - 1);
		used += (size_t)snprintf(cmdline + used, SPT_CMDLINE_SIZE - used,
					 "%s%s", argv[i],
					 i + 1 < argc ? " " : "");
	}
	bi->cmdline = cmdline;
	bi->mem_size = spt->mem_size;
	bi->kernel_end = kernel_end;
	bi->epollfd = spt->epollfd;
	bi->timerfd = spt->timerfd;
}

extern void spt_launch(uint64_t sp, uint64_t fn, void *arg)
	__attribute__((noreturn));

/* The filter as BPF, in memory that is never freed: once it is
 * installed, any heap activity (free() trimming the heap with brk) would
 * be killed, so nothing may run between installing it and the jump. */
static struct sock_fprog export_filter(void *ctx)
{
	int fd = memfd_create("nablux-spt-filter", MFD_CLOEXEC);
	struct stat st;

	if (fd < 0)
		die("memfd_create: %s", strerror(errno));
	int rc = seccomp_export_bpf(ctx, fd);
	if (rc != 0)
		die("seccomp_export_bpf: %s", strerror(-rc));
	if (fstat(fd, &st) < 0 || st.st_size == 0 ||
	    st.st_size % sizeof(struct sock_filter) ||
	    st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS)
		die("seccomp filter: bad exported size");
	struct sock_filter *insns = malloc((size_t)st.st_size);
	if (insns == NULL || pread(fd, insns, (size_t)st.st_size, 0) !=
	    st.st_size)
		die("seccomp filter: cannot read it back");
	close(fd);
	seccomp_release(ctx);
	return (struct sock_fprog){
		.len = (unsigned short)(st.st_size / sizeof(*insns)),
		.filter = insns,
	};
}

void spt_run(struct spt *spt, uint64_t entry)
{
	struct sock_fprog prog = export_filter(spt->sc_ctx);

	spt->sc_ctx = NULL;
	fflush(stdout);
	fflush(stderr);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		die("seccomp(SET_MODE_FILTER): %s", strerror(errno));
	spt_launch(spt->mem_size - 8, entry,
		   (void *)(spt->mem + SPT_BOOT_INFO_BASE));
}

static int core_cmdarg(const char *arg, struct mft *mft)
{
	(void)mft;
	if (strcmp(arg, "--x-exec-heap") != 0)
		return -1;
	warnmsg("warning: --x-exec-heap makes the heap and stack "
		"executable; do not use it in production");
	exec_heap = 1;
	return 0;
}

/* The guest's whole host interface besides its devices: console output,
 * exit, the yield wait and its deadline timer, the clocks, and its TLS
 * base. */
static void core_setup(struct spt *spt, struct mft *mft)
{
	void *c = spt->sc_ctx;

	(void)mft;
	seccomp_check(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(write), 1,
				       SCMP_A0(SCMP_CMP_EQ, 1)), "write(1)");
	seccomp_check(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(exit_group),
				       0), "exit_group");
	seccomp_check(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(epoll_pwait),
				       1, SCMP_A0(SCMP_CMP_EQ,
						  (unsigned)spt->epollfd)),
		      "epoll_pwait");
	seccomp_check(seccomp_rule_add(c, SCMP_ACT_ALLOW,
				       SCMP_SYS(timerfd_settime), 1,
				       SCMP_A0(SCMP_CMP_EQ,
					       (unsigned)spt->timerfd)),
		      "timerfd_settime");
	seccomp_check(seccomp_rule_add(c, SCMP_ACT_ALLOW,
				       SCMP_SYS(clock_gettime), 1,
				       SCMP_A0(SCMP_CMP_EQ, CLOCK_MONOTONIC)),
		      "clock_gettime(MONOTONIC)");
	seccomp_check(seccomp_rule_add(c, SCMP_ACT_ALLOW,
				       SCMP_SYS(clock_gettime), 1,
				       SCMP_A0(SCMP_CMP_EQ, CLOCK_REALTIME)),
		      "clock_gettime(REALTIME)");
	seccomp_check(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(arch_prctl),
				       1, SCMP_A0(SCMP_CMP_EQ, ARCH_SET_FS)),
		      "arch_prctl(SET_FS)");
}

static const char *core_usage(void)
{
	return "[ --x-exec-heap ] (make the heap and stack executable; "
	       "dangerous)";
}

const struct spt_module spt_module_core = {
	.name = "core",
	.handle_cmdarg = core_cmdarg,
	.setup = core_setup,
	.usage = core_usage,
};
