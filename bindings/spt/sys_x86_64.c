/* SPDX-License-Identifier: ISC */
/*
 * sys_x86_64.c: every raw host system call the spt bindings make.
 *
 * solo5-spt and nablux-spt install a seccomp filter that kills the process
 * on anything else, so this file is the whole host interface of a guest:
 * keep it to exactly these calls and keep every other file free of the
 * `syscall' instruction.
 */
#include "bindings.h"

#define NR_read 0
#define NR_write 1
#define NR_pread64 17
#define NR_pwrite64 18
#define NR_arch_prctl 158
#define NR_clock_gettime 228
#define NR_exit_group 231
#define NR_epoll_pwait 281
#define NR_timerfd_settime 286

/* The kernel clobbers rcx and r11; "memory" because buffers are passed. */
static inline long raw3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b), "d"(c)
			     : "rcx", "r11", "memory");
	return ret;
}

static inline long raw6(long nr, long a, long b, long c, long d, long e,
			long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10),
			       "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

long sys_read(int fd, void *buf, size_t size)
{
	return raw3(NR_read, fd, (long)buf, (long)size);
}

long sys_write(int fd, const void *buf, size_t size)
{
	return raw3(NR_write, fd, (long)buf, (long)size);
}

long sys_pread64(int fd, void *buf, size_t size, uint64_t off)
{
	return raw6(NR_pread64, fd, (long)buf, (long)size, (long)off, 0, 0);
}

long sys_pwrite64(int fd, const void *buf, size_t size, uint64_t off)
{
	return raw6(NR_pwrite64, fd, (long)buf, (long)size, (long)off, 0, 0);
}

long sys_clock_gettime(int clock, struct sys_timespec *ts)
{
	return raw3(NR_clock_gettime, clock, (long)ts, 0);
}

/* No signal mask (NULL, 0): the filter only checks the epoll fd. */
long sys_epoll_pwait(int epfd, struct sys_epoll_event *ev, int maxev,
		     int timeout)
{
	return raw6(NR_epoll_pwait, epfd, (long)ev, maxev, timeout, 0, 0);
}

long sys_timerfd_settime(int fd, int flags, const struct sys_itimerspec *it)
{
	return raw6(NR_timerfd_settime, fd, flags, (long)it, 0, 0, 0);
}

long sys_arch_prctl_set_fs(uintptr_t base)
{
	return raw3(NR_arch_prctl, SYS_ARCH_SET_FS, (long)base, 0);
}

void sys_exit_group(int status)
{
	raw3(NR_exit_group, status, 0, 0);
	/* Not reached; spin rather than run off into random code. */
	for (;;)
		__asm__ __volatile__("hlt");
}
