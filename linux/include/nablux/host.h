/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's view of its host: everything the nablux kernel needs from
 * the world below it, as one table of functions. Two hosts implement it:
 * posix (pthreads, for tests in an ordinary process) and the platform
 * (green threads, inside the unikernel).
 *
 * Plain C types only: this header is included both by the kernel (no libc)
 * and by host code (no kernel headers).
 */
#ifndef NABLUX_HOST_H
#define NABLUX_HOST_H

struct nablux_host_sem;
struct nablux_host_mutex;
struct nablux_host_timer;
struct nablux_host_tls;

/* A host thread handle; 0 is never a valid thread. */
typedef unsigned long nablux_thread_t;

/* Room for the host's setjmp buffer (glibc's is 200 bytes). */
struct nablux_jmp_buf {
	unsigned long buf[40];
};

/* Kinds of the application's memory (mem_maps). */
#define NABLUX_MAP_IMAGE 0	/* the executable's text, rodata, data */
#define NABLUX_MAP_HEAP 1	/* the break's heap */
#define NABLUX_MAP_ANON 2	/* anonymous mappings */

struct nablux_host {
	/* Console output (not NUL-terminated) and fatal failure. */
	void (*print)(const char *buf, int len);
	void (*panic)(void);

	/* Counting semaphores: down blocks while the count is 0. */
	struct nablux_host_sem *(*sem_alloc)(int count);
	void (*sem_free)(struct nablux_host_sem *sem);
	void (*sem_up)(struct nablux_host_sem *sem);
	void (*sem_down)(struct nablux_host_sem *sem);

	/* Non-recursive mutexes, for short critical sections only. */
	struct nablux_host_mutex *(*mutex_alloc)(void);
	void (*mutex_free)(struct nablux_host_mutex *mutex);
	void (*mutex_lock)(struct nablux_host_mutex *mutex);
	void (*mutex_unlock)(struct nablux_host_mutex *mutex);

	/*
	 * Threads: create returns 0 on failure; a thread ends by returning
	 * from fn or by thread_exit; join waits for it and frees it.
	 */
	nablux_thread_t (*thread_create)(void (*fn)(void *), void *arg);
	void (*thread_exit)(void);
	int (*thread_join)(nablux_thread_t thread);
	nablux_thread_t (*thread_self)(void);
	/*
	 * A thread of the application (clone of a thread, nablux.h's
	 * nablux_clone_thread): fn(arg) runs on the stack below stack_top,
	 * which the application owns, with thread pointer tls; it ends with
	 * thread_exit and is never joined. 0 on failure. NULL when the host
	 * has no such threads (clone then fails with ENOSYS).
	 */
	nablux_thread_t (*thread_create_user)(void (*fn)(void *), void *arg,
					      void *stack_top,
					      unsigned long tls);

	/* One pointer per host thread and key; 0 on success. */
	int (*tls_alloc)(struct nablux_host_tls **key);
	void (*tls_free)(struct nablux_host_tls *key);
	int (*tls_set)(struct nablux_host_tls *key, void *value);
	void *(*tls_get)(struct nablux_host_tls *key);

	/*
	 * The application's memory, [*lo, *hi): system calls refuse
	 * pointers outside it with EFAULT. NULL: all but the first page.
	 */
	void (*user_range)(unsigned long *lo, unsigned long *hi);

	/* Page-aligned memory (the kernel's RAM), size a multiple of 4 KiB. */
	void *(*page_alloc)(unsigned long size);
	void (*page_free)(void *addr, unsigned long size);
	/*
	 * All the memory the unikernel has and how much of it is free, in
	 * bytes, the kernel's RAM included (as used). NULL: the kernel's RAM
	 * is all there is.
	 */
	void (*mem_stats)(unsigned long *total, unsigned long *free);
	/*
	 * The application's memory, lowest first, for /proc/self/maps:
	 * fn(arg, start, end, prot, kind) for each run of pages with one
	 * protection (PROT_* bits) and kind (NABLUX_MAP_*). NULL: none.
	 */
	void (*mem_maps)(void (*fn)(void *arg, unsigned long start,
				    unsigned long end, int prot, int kind),
			 void *arg);

	/* Nanoseconds: monotonic since an arbitrary point, and wall clock. */
	unsigned long long (*time_ns)(void);
	unsigned long long (*wall_ns)(void);

	/*
	 * One-shot timers: fn(arg) runs on a host thread delta_ns after
	 * set_oneshot (again replaces a pending expiry). free waits for a
	 * running fn to return.
	 */
	struct nablux_host_timer *(*timer_alloc)(void (*fn)(void *), void *arg);
	int (*timer_set_oneshot)(struct nablux_host_timer *timer,
				 unsigned long long delta_ns);
	void (*timer_free)(struct nablux_host_timer *timer);

	/*
	 * Jump buffers: jmp_buf_set saves the context in jb and calls fn;
	 * it returns when fn returns or when someone calls
	 * jmp_buf_longjmp(jb) from inside fn (on the same host thread).
	 */
	void (*jmp_buf_set)(struct nablux_jmp_buf *jb, void (*fn)(void));
	void (*jmp_buf_longjmp)(struct nablux_jmp_buf *jb);
};

/*
 * Host devices. The host hands each one to the kernel with nablux_blk_add
 * or nablux_net_add (nablux.h) before booting it; dev is the host's own
 * handle, passed back to every operation. Operations are called with the
 * kernel's CPU held, from kernel or interrupt context: they may block the
 * host thread (the kernel waits), but must never call back into the kernel.
 */

/*
 * A block device of fixed capacity. read and write move len bytes at byte
 * offset off (both multiples of the sector size) and return 0 or a
 * negative errno; flush makes every completed write durable.
 */
struct nablux_blk_ops {
	int (*read)(void *dev, unsigned long long off, void *buf,
		    unsigned long len);
	int (*write)(void *dev, unsigned long long off, const void *buf,
		     unsigned long len);
	int (*flush)(void *dev);
};

/*
 * An Ethernet device. tx sends one frame (Ethernet header included, no
 * FCS) and returns 0 or a negative errno. rx copies the next received
 * frame into buf (size is MTU + 14, or with an offload header the header
 * and 64 KiB + 18: see nablux_net_add) and returns its length, or -EAGAIN
 * when there is none. Receiving is interrupt driven: rx_arm tells the host
 * that the kernel found no frame and waits; the host then raises the
 * device's interrupt (nablux_net_rx_ready) once when a frame is, or
 * already was, ready, and stays quiet until the next rx_arm. rx_arm is
 * called from interrupt context and must not block.
 */
struct nablux_net_ops {
	int (*tx)(void *dev, const void *frame, unsigned int len);
	int (*rx)(void *dev, void *buf, unsigned int size);
	void (*rx_arm)(void *dev);
};

#endif /* NABLUX_HOST_H */
