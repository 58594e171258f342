/* SPDX-License-Identifier: MIT */
/*
 * The dispatch: every system call musl makes arrives here as a function
 * call (libc/overlay), and goes where it belongs. This file is the one
 * list of calls that do not simply go to the library kernel:
 *
 *   memory             mmap, munmap, mremap, mprotect, madvise, msync,
 *                      brk                   -> the platform's allocator
 *                                               (file mappings: filemap.c)
 *   thread pointer     arch_prctl(ARCH_SET_FS/ARCH_GET_FS)
 *                                            -> the platform's scheduler
 *   threads            clone (musl's __clone) -> a kernel task and a green
 *                                               thread (nablux_clone_thread)
 *                      exit                  -> the task ends, then the
 *                                               green thread
 *                      sched_yield           -> the kernel, then the
 *                                               platform's threads too
 *   memory figures     sysinfo               -> the kernel's, with the
 *                                               platform's memory added
 *   memfd_create       an unnamed file in /tmp (O_TMPFILE)
 *   end of program     exit_group            -> the start-up's shutdown
 *                      kill/tkill/tgkill of itself with a fatal signal
 *                      left at SIG_DFL       -> the same, status 128+sig
 *                      (pid 1's process: a child's end is the kernel's)
 *   child processes    vfork (musl's vfork, clone with CLONE_VFORK),
 *                      execve in a vfork child -> exec.c
 *   no fork            fork                  -> ENOSYS, said once
 *
 * Everything else (files, sockets, time, signals, kill, ...) is a direct
 * call into the kernel, with x86_64 numbers and layouts: the kernel's
 * clocks are the program's clocks. On the way back, the kernel may ask
 * for a signal handler to run: it runs here, on the calling thread.
 *
 * Only the program's own code may be preempted (plat_app_code): every
 * way in from it (here, and musl's __clone, __set_thread_area,
 * __unmapself, __restore_rt) turns that off, every way back (a return,
 * a handler, a new thread's start, main's) turns it on.
 */
#include <stddef.h>
#include <stdint.h>

#include <asm/unistd_64.h>
#include <asm/prctl.h>
#include <linux/mman.h>
#include <asm-generic/errno.h>
#include <asm/signal.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#include <linux/sysinfo.h>
#include <linux/fcntl.h>
#include <linux/memfd.h>
#include <linux/sched.h>

#include "platform.h"
#include <nablux/app.h>
#include <nablux/nablux.h>

#include "nablux_libc.h"
#include "filemap.h"
#include "exec.h"

static long mem_mmap(long addr, long len, long prot, long flags, long fd,
		     long off)
{
	if (flags & MAP_ANONYMOUS)
		return (long)plat_mmap((void *)addr, (size_t)len, (int)prot,
				       (int)flags, -1, off);
	return filemap_mmap(addr, len, prot, flags, fd, off);
}

static long page_round(long len)
{
	return (len + (long)PLAT_PAGE_SIZE - 1) & ~((long)PLAT_PAGE_SIZE - 1);
}

/*
 * mremap of anonymous memory: shrink in place, grow in place when the
 * pages above are free, else (MREMAP_MAYMOVE) move by copying. Memory is
 * one host mapping, so moving cannot be done by remapping pages.
 */
static long mem_mremap(long old, long oldlen, long newlen, long flags,
		       long newaddr)
{
	long o = page_round(oldlen), n = page_round(newlen);
	long p;

	/* A copy written back at munmap cannot move or grow under it. */
	if (filemap_shared(old, oldlen))
		return -EINVAL;
	if ((old & (long)(PLAT_PAGE_SIZE - 1)) || newlen <= 0 || oldlen < 0 ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if (!(flags & MREMAP_FIXED)) {
		if (n <= o) {
			if (n < o)
				plat_munmap((void *)(old + n), (size_t)(o - n));
			return old;
		}
		p = (long)plat_mmap((void *)(old + o), (size_t)(n - o),
				    PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS |
				    MAP_FIXED_NOREPLACE, -1, 0);
		if (p == old + o)
			return old;
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
		p = (long)plat_mmap(NULL, (size_t)n, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	} else {
		p = (long)plat_mmap((void *)newaddr, (size_t)n,
				    PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				    -1, 0);
	}
	if (p < 0 && p > -4096)
		return p;
	__builtin_memcpy((void *)p, (void *)old, (size_t)(o < n ? o : n));
	plat_munmap((void *)old, (size_t)o);
	return p;
}

/* DONTNEED on private anonymous memory: it reads back as zeroes. Other
 * advice changes nothing observable here. */
static long mem_madvise(long addr, long len, long advice)
{
	if (addr & (long)(PLAT_PAGE_SIZE - 1) || len < 0)
		return -EINVAL;
	if (advice == MADV_DONTNEED)
		__builtin_memset((void *)addr, 0, (size_t)page_round(len));
	return 0;
}

/*
 * The kernel's RAM is one block taken from the platform's allocator, which
 * serves everything else (malloc, thread stacks): a program sizing itself
 * by sysinfo (or sysconf(_SC_PHYS_PAGES)) must see the guest's memory,
 * not the kernel's share. Total: the allocator's pages; free: its free
 * pages plus what is free inside the kernel's block.
 */
static long sys_info(struct sysinfo *si)
{
	struct plat_mem_stats st;
	long r = nablux_syscall(__NR_sysinfo, (long[6]){ (long)si });

	if (r < 0)
		return r;
	plat_mem_stats(&st);
	unsigned long unit = si->mem_unit ? si->mem_unit : 1;
	si->freeram = (unsigned long)(st.free * PLAT_PAGE_SIZE) / unit +
		      si->freeram;
	si->totalram = (unsigned long)(st.total * PLAT_PAGE_SIZE) / unit;
	return 0;
}

/*
 * memfd_create needs shmem, which needs an MMU: an unnamed file in /tmp
 * (O_TMPFILE; on disk with a root image) does what programs use it for --
 * a descriptor to size, map and pass on -- without seals (F_ADD_SEALS
 * fails with EINVAL).
 */
static long memfd(long name, unsigned long flags)
{
	long args[6] = { AT_FDCWD, (long)"/tmp",
			 O_TMPFILE | O_RDWR | (flags & MFD_CLOEXEC ? O_CLOEXEC : 0),
			 0600 };

	(void)name;
	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	return nablux_syscall(__NR_openat, args);
}

static long arch_prctl(long code, long addr)
{
	switch (code) {
	case ARCH_SET_FS:
		plat_thread_set_tp((uintptr_t)addr);
		return 0;
	case ARCH_GET_FS:
		*(unsigned long *)addr = plat_thread_tp(plat_thread_self());
		return 0;
	}
	return -EINVAL;
}

void __nablux_say_once(int *said, const char *msg)
{
	if (!*said)
		plat_write(1, msg, __builtin_strlen(msg));
	*said = 1;
}

static long no_fork(void)
{
	static int said;

	__nablux_say_once(&said, "nablux: fork is not supported (one address "
			  "space: use posix_spawn or vfork and exec)\n");
	return -ENOSYS;
}

static long caller_pid(void)
{
	return nablux_syscall(__NR_getpid, (long[6]){ 0 });
}

/*
 * A program that sends itself a signal whose action is the default one,
 * and that default is to terminate (abort(), raise(SIGTERM), kill(0,
 * SIGINT)), ends, cleanly, with 128 + the signal, as a shell or `docker
 * run --init` reports it. Linux would drop it (pid 1 ignores signals at
 * SIG_DFL), leaving abort() to crash on its last-resort instruction.
 * A child process is no pid 1: the kernel ends it.
 */
static int self_fatal(long n, long a1, long a2, long a3)
{
	long sig = n == __NR_tgkill ? a3 : a2;
	long self = nablux_syscall(n == __NR_kill ? __NR_getpid : __NR_gettid,
				   (long[6]){ 0 });
	struct { unsigned long handler, flags, restorer, mask; } act;

	if (caller_pid() != 1)
		return 0;
	if (sig <= 0 || sig >= 65 || sig == SIGCHLD || sig == SIGCONT ||
	    sig == SIGURG || sig == SIGWINCH || sig == SIGSTOP ||
	    sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
		return 0;
	if (n == __NR_kill ? a1 != self && a1 != 0 :
	    (n == __NR_tgkill ? a2 : a1) != self)
		return 0;
	if (nablux_syscall(__NR_rt_sigaction,
			   (long[6]){ sig, 0, (long)&act, 8 }) < 0)
		return 0;
	return act.handler == (unsigned long)SIG_DFL;
}

/*
 * Runs a signal handler on this thread, as the application's code it is
 * (preemptible if the interrupted code was: app), then does what
 * rt_sigreturn would: the mask back from the frame (the handler may have
 * changed it there), and on to a new PC if the handler set one (musl's
 * cancellation points go to __cp_cancel that way).
 */
static void run_handler(const struct nablux_sigframe *sf, void *pc, int app)
{
	struct ucontext uc = {
		.uc_mcontext.rip = (unsigned long)pc,
		.uc_sigmask = sf->mask,
	};
	unsigned char info[sizeof(sf->info)];

	__builtin_memcpy(info, sf->info, sizeof(info));
	plat_app_code(app);
	if (sf->flags & SA_SIGINFO)
		((void (*)(int, void *, void *))sf->handler)(sf->signo, info,
							      &uc);
	else
		((void (*)(int))sf->handler)(sf->signo);
	plat_app_code(0);
	__nablux_syscall(__NR_rt_sigprocmask, SIG_SETMASK,
			 (long)&uc.uc_sigmask, 0, sizeof(uc.uc_sigmask), 0, 0);
	if (uc.uc_mcontext.rip != (unsigned long)pc) {
		plat_app_code(app);
		((void (*)(void))uc.uc_mcontext.rip)();
	}
}

/*
 * One cooperative CPU: a thread that keeps making system calls that never
 * block (a busy poll, a compute loop with an occasional getpid) would keep
 * every other thread -- and the timers and network the platform serves --
 * from running. Every 64 calls, if it has had the CPU for 10 ms, it
 * yields. (A loop with no system call at all is preempted by the
 * platform instead, in the application's code: preempted() below; this
 * one spends most of its time here, where that never happens.)
 */
#define QUANTUM_NS 10000000ULL

static void preempt_point(void)
{
	static unsigned calls;
	static uint64_t since;
	struct plat_timespec ts;

	if (++calls & 63)
		return;
	plat_stack_check();
	plat_clock_gettime(1, &ts);
	uint64_t now = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	if (now - since >= QUANTUM_NS) {
		plat_yield();
		since = now;
	}
}

static long dispatch(long n, long a1, long a2, long a3, long a4, long a5,
		     long a6, void *pc, int app)
{
	preempt_point();
	switch (n) {
	case __NR_mmap:
		return mem_mmap(a1, a2, a3, a4, a5, a6);
	case __NR_munmap:
		return filemap_munmap(a1, a2);
	case __NR_msync:
		return filemap_msync(a1, a2, a3);
	case __NR_mremap:
		return mem_mremap(a1, a2, a3, a4, a5);
	case __NR_mprotect:
		return plat_mprotect((void *)a1, (size_t)a2, (int)a3);
	case __NR_madvise:
		return mem_madvise(a1, a2, a3);
	case __NR_brk:
		return (long)plat_brk((uintptr_t)a1);
	case __NR_arch_prctl:
		return arch_prctl(a1, a2);
	case __NR_sysinfo:
		return sys_info((struct sysinfo *)a1);
	case __NR_memfd_create:
		return memfd(a1, (unsigned long)a2);
	case __NR_exit_group:
		/* pid 1's end is the unikernel's; a child's, the kernel's. */
		if (caller_pid() != 1)
			break;
		filemap_flush_all();
		nablux_app_exit((int)a1);
	case __NR_kill:
	case __NR_tkill:
	case __NR_tgkill:
		if (self_fatal(n, a1, a2, a3)) {
			filemap_flush_all();
			nablux_app_exit(128 + (int)(n == __NR_tgkill ? a3 : a2));
		}
		break;
	case __NR_fork:
	case __NR_vfork:	/* the system call cannot return twice here */
		return no_fork();
	case __NR_execve:
		if (exec_in_vfork_child())
			return exec_execve((const char *)a1, (char *const *)a2,
					   (char *const *)a3);
		break;
	case __NR_sched_yield:
		/* The kernel's runnable tasks, then the platform's threads. */
		nablux_syscall(n, (long[6]){ 0 });
		plat_yield();
		return 0;
	}

	const long args[6] = { a1, a2, a3, a4, a5, a6 };
	struct nablux_sigframe sf;
	long r;

	for (;;) {
		r = nablux_syscall_user(n, args, &sf);
		if (sf.gone)
			exec_task_gone();	/* a child process's task */
		if (n == __NR_exit)
			plat_thread_exit();	/* its task is gone */
		if (!sf.signo)
			return r;
		run_handler(&sf, pc, app);
		if (!sf.restart)
			return r;
	}
}

/*
 * The application's code may be preempted (plat_app_code), the
 * dispatch's, the kernel's and the platform's never: off on the way in,
 * back as it was on the way out (a call from the dispatch itself, or
 * from code that never turned it on, leaves it off).
 */
long __nablux_syscall(long n, long a1, long a2, long a3, long a4, long a5,
		      long a6)
{
	int app = plat_app_code(0);
	long r = dispatch(n, a1, a2, a3, a4, a5, a6,
			  __builtin_return_address(0), app);

	plat_app_code(app);
	return r;
}

/*
 * A thread preempted in the application's code has yielded: a signal
 * that became pending meanwhile (alarm, setitimer, another thread's
 * kill) is delivered now, as Linux delivers on return from an interrupt,
 * so it reaches a loop that makes no system call. The kernel delivers
 * on the way out of any call: getpid is the cheapest.
 */
static void preempted(void *pc)
{
	struct nablux_sigframe sf;

	nablux_syscall_user(__NR_getpid, (long[6]){ 0 }, &sf);
	if (sf.gone)
		exec_task_gone();
	if (sf.signo)
		run_handler(&sf, pc, 1);
}

void __nablux_preempt_init(void)
{
	plat_preempt_hook(preempted);
}

int __nablux_set_thread_area(void *tp)
{
	int app = plat_app_code(0);

	plat_thread_set_tp((uintptr_t)tp);
	plat_app_code(app);
	return 0;
}

/* A new thread starts here, on its own stack: musl's start function,
 * then SYS_exit with its result, as musl's __clone does. */
struct clone_start {
	int (*fn)(void *);
	void *arg;
};

static void clone_start(void *p)
{
	struct clone_start *cs = p;

	plat_app_code(1);
	__nablux_syscall(__NR_exit, cs->fn(cs->arg), 0, 0, 0, 0, 0);
}

int __nablux_clone(int (*fn)(void *), void *stack, int flags, void *arg,
		   int *ptid, void *tls, int *ctid)
{
	/* The start record sits at the top of the new stack. */
	uintptr_t top = ((uintptr_t)stack & ~(uintptr_t)15) - 16;
	struct clone_start *cs = (struct clone_start *)top;

	/* posix_spawn's child: on this thread, not the stack it gives. */
	if ((flags & (CLONE_VM | CLONE_VFORK | CLONE_THREAD)) ==
	    (CLONE_VM | CLONE_VFORK))
		return exec_clone_vfork(fn, arg);
	cs->fn = fn;
	cs->arg = arg;
	int app = plat_app_code(0);
	long r = nablux_clone_thread((unsigned long)(unsigned)flags,
				     (void *)top, ptid, ctid,
				     (unsigned long)tls, clone_start, cs);
	plat_app_code(app);
	return (int)r;
}

/* A detached thread ends its task, then frees its own stack and ends its
 * green thread: once the task is gone nothing blocks or yields, so no
 * other thread runs (and reuses the stack) before we are off it. */
void __nablux_unmapself(void *base, size_t size)
{
	struct nablux_sigframe sf;

	plat_app_code(0);
	nablux_syscall_user(__NR_exit, (long[6]){ 0 }, &sf);
	plat_munmap(base, size);
	plat_thread_exit();
}

/* Handlers return into run_handler, never through musl's __restore_rt. */
void __nablux_sigreturn(void *frame)
{
	static const char msg[] = "nablux: rt_sigreturn without a signal\n";

	(void)frame;
	plat_app_code(0);
	plat_write(1, msg, sizeof(msg) - 1);
	nablux_app_exit(128 + 6);
}
