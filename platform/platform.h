/* SPDX-License-Identifier: ISC */
/*
 * platform.h: the platform layer's contract (DESIGN.md §3).
 *
 * What the library kernel and libc stand on: green threads with their own
 * TLS, a page allocator with anonymous-memory calls, and POSIX-style calls
 * over Solo5 devices. Everything is under the "plat_" prefix so nothing
 * collides with libc. Calls that can fail return a negative errno value
 * (as the Linux kernel does), never set errno. One vCPU: threads are
 * cooperative; a thread runs until it blocks, sleeps, yields or exits.
 *
 * The next layer provides plat_main(); the platform's solo5_app_main()
 * sets up memory, the main thread and the command line, then calls it.
 */
#ifndef NABLUX_PLATFORM_H
#define NABLUX_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* ---- start-up ---------------------------------------------------------- */

/* Provided by the next layer. argv and envp come from the Solo5 command
 * line: words separated by blanks, with sh-like quoting ('...', "...",
 * backslash); the words before the first one that is not NAME=VALUE
 * (NAME of [A-Za-z_][A-Za-z0-9_]*) are the environment, the rest argv.
 * Its return value becomes the exit status. */
int plat_main(int argc, char **argv, char **envp);

/* ---- threads ----------------------------------------------------------- */

struct plat_thread;
typedef struct plat_thread plat_thread_t;

struct plat_thread_attr {
	void *stack;		/* NULL: allocate stack_size bytes */
	size_t stack_size;	/* 0: PLAT_STACK_DEFAULT */
	/* Thread pointer (%fs base) to run with. 0: the platform allocates
	 * and initialises a TLS block (solo5_tls_init) for the thread. A
	 * libc creating its own threads passes the TP it has laid out. */
	uintptr_t tp;
	const char *name;	/* for diagnostics; copied */
	unsigned flags;		/* PLAT_THREAD_* */
};

/* The thread never uses %fs (no __thread, errno or %fs-based stack
 * protector: the kernel's and the platform's own threads). It gets no
 * TLS block, tp is ignored, plat_thread_tp() says 0, and switching to it
 * leaves %fs as it was -- each switch to a thread with another TP costs
 * a host call. plat_thread_set_tp() gives it a TP of its own. */
#define PLAT_THREAD_NO_TLS 1u
/* attr.stack is the top of a stack the caller owns and sizes (a libc's
 * thread stack): stack_size is ignored and no overflow canary is placed,
 * since the platform does not know where the stack ends. */
#define PLAT_THREAD_STACK_TOP 2u

#define PLAT_STACK_DEFAULT (64 * 1024)

/* A new thread inherits its creator's FPU control settings; with t ==
 * NULL it is created detached. When the last thread exits, the platform
 * exits with status 0. */
int plat_thread_create(plat_thread_t **t, void (*fn)(void *), void *arg,
		       const struct plat_thread_attr *attr);
void plat_thread_exit(void) __attribute__((noreturn));
/* Wait for (t) to exit and free it; -EINVAL if detached or self. */
int plat_thread_join(plat_thread_t *t);
/* (t) frees itself when it exits. */
int plat_thread_detach(plat_thread_t *t);
plat_thread_t *plat_thread_self(void);
/* The TP the thread runs with (its %fs base). */
uintptr_t plat_thread_tp(plat_thread_t *t);
/* Change the current thread's TP (arch_prctl(ARCH_SET_FS) of libc). */
void plat_thread_set_tp(uintptr_t tp);

/* The current thread now runs on a stack whose lowest usable address is
 * bottom (a libc moving its main thread to a bigger stack): the overflow
 * canary moves there. */
void plat_thread_set_stack(void *bottom);
/* Ends the unikernel with a clear message if the current thread's stack
 * canary was overwritten (also checked at every switch). */
void plat_stack_check(void);

/* Let every other runnable thread run once. */
void plat_yield(void);
/* Sleep until monotonic time (ns) reaches deadline. */
void plat_sleep_until(uint64_t deadline);

/* Block the current thread until plat_wake() or the deadline (monotonic
 * ns; UINT64_MAX for none). A wake that comes before the block is not
 * lost: the next plat_block() returns at once. Returns 0 when woken,
 * -ETIMEDOUT at the deadline. */
int plat_block(uint64_t deadline);
void plat_wake(plat_thread_t *t);

/* Per-thread keys (for the kernel's host ops). */
#define PLAT_KEYS_MAX 64
int plat_key_create(unsigned *key);
int plat_key_delete(unsigned key);
int plat_key_set(unsigned key, void *value);
void *plat_key_get(unsigned key);

/* ---- preemption -------------------------------------------------------- */

/*
 * A thread running the application's own code is preempted after 10 ms
 * of CPU time even if it never calls in: it yields as plat_yield() does,
 * every register and the FPU/vector state kept, then the hook runs (on
 * nablux-spt, whose extension every platform unikernel asks for; see
 * preempt.c). The next layer says where that code is:
 *
 * plat_app_code(1) on every way from its own code into the application's
 * (returning from a system call, starting main or a thread, calling a
 * signal handler), plat_app_code(0) on every way back into its own or the
 * platform's. It returns the previous setting, so a nested call can put
 * it back. Code that runs with it set may be stopped at any instruction
 * and other threads run, so it must not touch the platform's or the
 * kernel's state; every thread switch happens with it clear (the
 * scheduler panics otherwise).
 */
int plat_app_code(int on);
/* fn(pc) runs on a preempted thread after its yield, with
 * plat_app_code(0); pc is where it was stopped. */
void plat_preempt_hook(void (*fn)(void *pc));

/* ---- memory ------------------------------------------------------------ */

#define PLAT_PAGE_SIZE 4096UL

/* Page allocator over the Solo5 heap. Contents are not zeroed. NULL when
 * no contiguous run of (npages) is free. */
void *plat_pages_alloc(size_t npages);
/* Free any page-aligned run of allocated pages (part of an allocation is
 * fine). */
void plat_pages_free(void *p, size_t npages);
/* Statistics, in pages. */
struct plat_mem_stats {
	size_t total;
	size_t free;
	size_t largest_free;	/* largest contiguous free run */
};
void plat_mem_stats(struct plat_mem_stats *st);
/*
 * The application's memory as /proc/self/maps shows it, lowest first:
 * fn(arg, lo, hi, prot, kind) for the executable's text, rodata and data
 * (PLAT_MAP_IMAGE), then each run of mapped pages with one protection,
 * in the break's heap (PLAT_MAP_HEAP) or not (PLAT_MAP_ANON).
 */
enum { PLAT_MAP_IMAGE, PLAT_MAP_HEAP, PLAT_MAP_ANON };
void plat_mem_maps(void (*fn)(void *arg, uintptr_t lo, uintptr_t hi, int prot,
			      int kind),
		   void *arg);
/* All the memory the unikernel has: from the start of its image to the
 * top of the main thread's stack, the end of guest memory. */
void plat_memory_bounds(uintptr_t *lo, uintptr_t *hi);

/* Anonymous memory for the application, x86_64 Linux semantics for
 * MAP_PRIVATE|MAP_ANONYMOUS (MAP_FIXED over existing mappings or free heap
 * pages, MAP_FIXED_NOREPLACE, hints; file mappings -ENODEV):
 * zeroed pages; munmap of any page range, including part of a mapping or
 * nothing mapped; mprotect records the protection (spt gives no way to
 * enforce it) and fails with -ENOMEM outside a mapping. Returns the address
 * or a negative errno cast to void *. */
void *plat_mmap(void *addr, size_t len, int prot, int flags, int fd,
		long off);
int plat_munmap(void *addr, size_t len);
int plat_mprotect(void *addr, size_t len, int prot);
/* Linux brk: returns the new break, or the old one when it cannot grow.
 * The break starts at the bottom of the heap; the page allocator fills
 * the heap from the top down. */
uintptr_t plat_brk(uintptr_t newbrk);

/* ---- time -------------------------------------------------------------- */

/* Clock ids and flags are Linux's: CLOCK_REALTIME 0, CLOCK_MONOTONIC 1,
 * TIMER_ABSTIME 1. struct timespec is { int64 sec; int64 nsec; }. */
struct plat_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};
int plat_clock_getres(int clk, struct plat_timespec *res);
int plat_clock_gettime(int clk, struct plat_timespec *ts);
int plat_clock_nanosleep(int clk, int flags, const struct plat_timespec *req,
			 struct plat_timespec *rem);

/* ---- descriptors and devices ------------------------------------------- */

/* Descriptors 0, 1, 2 are the console (0 never has input). Devices are
 * opened by their manifest name and get the next free descriptor. */
int plat_device_open(const char *name);	/* block or net; -ENODEV */
int plat_close(int fd);

struct plat_iovec {
	void *iov_base;
	size_t iov_len;
};

/* Console: writes go to the console. Block: any offset and length; split
 * into whole-sector calls, partial sectors by read-modify-write; reads
 * stop at the end of the device. Net: one frame per call; read blocks the
 * thread until a frame arrives unless O_NONBLOCK (-EAGAIN). */
long plat_read(int fd, void *buf, size_t len);
long plat_readv(int fd, const struct plat_iovec *iov, int iovcnt);
long plat_pread(int fd, void *buf, size_t len, int64_t off);
long plat_preadv(int fd, const struct plat_iovec *iov, int iovcnt,
		 int64_t off);
long plat_write(int fd, const void *buf, size_t len);
long plat_writev(int fd, const struct plat_iovec *iov, int iovcnt);
long plat_pwrite(int fd, const void *buf, size_t len, int64_t off);
long plat_pwritev(int fd, const struct plat_iovec *iov, int iovcnt,
		  int64_t off);
int64_t plat_lseek(int fd, int64_t off, int whence);	/* block devices */
int plat_fcntl(int fd, int cmd, long arg);	/* F_GETFL, F_SETFL (O_NONBLOCK) */
int plat_fsync(int fd);

struct plat_stat {
	uint32_t mode;		/* S_IFCHR console, S_IFBLK block, S_IFSOCK net */
	uint64_t size;		/* block: capacity in bytes */
	uint32_t blksize;	/* block: sector size; net: largest frame
				 * (MTU + 14; with offload header + 64 KiB) */
};
int plat_fstat(int fd, struct plat_stat *st);

/* Net device properties (MAC, MTU without the Ethernet header). */
int plat_net_info(int fd, uint8_t mac[6], unsigned *mtu);

/* The net offload header before each frame of (fd), 0 for plain frames:
 * nonzero only for a unikernel that asks (NABLUX_SPT_OPT_IN_NET_OFFLOAD
 * of include/nablux_spt.h) on a tender that grants it. Every read and
 * write then carries a struct virtio_net_hdr of that size first, and
 * frames may be up to 64 KiB (fstat's blksize: the largest read).
 * -EBADF, or -ENODEV if (fd) is not a net device. */
int plat_net_hdr_size(int fd);

/* Input notification on a net device, for a kernel's driver: once a
 * frame is ready to read on (fd), the scheduler calls fn(arg), once. It
 * calls it in the middle of a thread switch, in whatever thread, so fn
 * must neither block nor switch: it may wake threads (plat_wake()) and do
 * nothing else that could wait (the platform panics if it does). Call
 * again, having read until -EAGAIN, for the next frame; fn NULL cancels.
 * No thread has to wait on the device, and no read is made to find out.
 * -EBADF, or -EINVAL if (fd) is not a net device. */
int plat_net_notify(int fd, void (*fn)(void *), void *arg);

/* Linux poll() on console and net descriptors; timeout in ms, -1 for
 * none; blocks the calling thread only. struct pollfd layout is Linux's. */
struct plat_pollfd {
	int fd;
	short events;
	short revents;
};
int plat_poll(struct plat_pollfd *fds, unsigned nfds, int timeout_ms);

/* ---- misc -------------------------------------------------------------- */

int plat_getpagesize(void);
/* Cryptographically strong bytes (ChaCha20 keyed from RDSEED/RDRAND and
 * clock jitter). Never fails for len <= 33554431. */
long plat_getrandom(void *buf, size_t len, unsigned flags);
void plat_exit(int status) __attribute__((noreturn));
/* kill(): the platform has one process; any signal aborts it. */
int plat_kill(int pid, int sig);	/* sig 0 only checks: returns 0 */

/* ---- host signals ------------------------------------------------------ */

/*
 * Signals sent to the tender's process from outside (kill, a runtime's
 * stop, a terminal): SIGHUP 1, SIGINT 2, SIGQUIT 3, SIGUSR1 10, SIGUSR2
 * 12, SIGTERM 15, SIGWINCH 28 (host numbers, which are x86_64 Linux's).
 * SIGKILL still kills. With a handler, the platform calls fn(sig) once
 * per signal, from a platform thread of its own (own TLS, 64 KiB stack)
 * that does not keep the unikernel alive; fn may block, sleep and wake
 * threads like any thread. Signals that arrive meanwhile wait for it to
 * return; as Linux does with pending signals, one sent again while it
 * waits is merged with it, and the lowest number goes first. An idle
 * unikernel wakes for a signal at once; a busy one sees it whenever the
 * scheduler next looks at the network or goes idle.
 *
 * Without a handler (before the first call, or after one with NULL),
 * SIGWINCH is ignored and the others end the unikernel with status
 * 128 + sig (what a shell reports for a process the signal killed).
 *
 * nablux-spt provides this through an extension of the spt ABI
 * (include/nablux_spt_abi.h) that every platform unikernel asks for; on
 * solo5-spt, which lacks it, the signals end the tender as before and fn
 * is never called.
 */
void plat_host_signal_handler(void (*fn)(int sig));

#endif /* NABLUX_PLATFORM_H */
