/* SPDX-License-Identifier: MIT */
/*
 * nablux: musl's system calls are plain function calls into the dispatch
 * (libc/dispatch.c), which hands each one to the platform or to the
 * library kernel. No syscall instruction, no vDSO (VDSO_USEFUL is not
 * defined, so clock_gettime goes through the dispatch as well).
 */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

long __nablux_syscall(long, long, long, long, long, long, long);

static __inline long __syscall0(long n)
{
	return __nablux_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return __nablux_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __nablux_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __nablux_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __nablux_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4,
				long a5)
{
	return __nablux_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	return __nablux_syscall(n, a1, a2, a3, a4, a5, a6);
}

#define IPC_64 0
