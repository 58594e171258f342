// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's host operations on the platform layer (platform.h):
 * semaphores and mutexes as wait queues of green threads, threads as
 * green threads, keys as platform keys, RAM from the page allocator, time
 * from the Solo5 clocks, and all one-shot timers served by one timer
 * thread that blocks until the earliest deadline (no thread per timer, no
 * polling). One vCPU and cooperative threads: nothing here can be
 * interrupted between two statements, so no atomics are needed.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "solo5.h"

#include "platform_host.h"

int host_setjmp(unsigned long buf[8]) __attribute__((returns_twice));
void host_longjmp(unsigned long buf[8]) __attribute__((noreturn));

#define KTHREAD_STACK (128 * 1024)

/* ---- small objects: one free list per size, carved from pages --------- */

struct pool {
	size_t size;
	void *free;
};

static void *pool_alloc(struct pool *p)
{
	if (p->free == NULL) {
		char *page = plat_pages_alloc(1);

		if (page == NULL)
			return NULL;
		for (size_t off = 0; off + p->size <= PLAT_PAGE_SIZE;
		     off += p->size) {
			*(void **)(page + off) = p->free;
			p->free = page + off;
		}
	}
	void *obj = p->free;
	p->free = *(void **)obj;
	return obj;
}

static void pool_free(struct pool *p, void *obj)
{
	*(void **)obj = p->free;
	p->free = obj;
}

/* ---- wait queues -------------------------------------------------------- */

/* A waiter lives on the stack of the thread that waits. */
struct waiter {
	plat_thread_t *thread;
	struct waiter *next;
	bool woken;
};

struct waitq {
	struct waiter *head, **tail;
};

static void waitq_sleep(struct waitq *q)
{
	struct waiter w = { .thread = plat_thread_self() };

	if (q->tail == NULL)
		q->tail = &q->head;
	*q->tail = &w;
	q->tail = &w.next;
	while (!w.woken)
		plat_block(UINT64_MAX);
}

static void waitq_wake_one(struct waitq *q)
{
	struct waiter *w = q->head;

	if (w == NULL)
		return;
	q->head = w->next;
	if (q->head == NULL)
		q->tail = &q->head;
	w->woken = true;
	plat_wake(w->thread);
}

/* ---- print, panic ------------------------------------------------------- */

static void host_print(const char *buf, int len)
{
	if (len > 0)
		plat_write(1, buf, (size_t)len);
}

static void host_panic(void)
{
	static const char msg[] = "nablux: kernel panic\n";

	plat_write(1, msg, sizeof(msg) - 1);
	solo5_abort();
}

/* ---- semaphores and mutexes -------------------------------------------- */

struct nablux_host_sem {
	int count;
	struct waitq q;
};

static struct pool sem_pool = { .size = sizeof(struct nablux_host_sem) };

static struct nablux_host_sem *host_sem_alloc(int count)
{
	struct nablux_host_sem *s = pool_alloc(&sem_pool);

	if (s != NULL)
		*s = (struct nablux_host_sem){ .count = count };
	return s;
}

static void host_sem_free(struct nablux_host_sem *s)
{
	pool_free(&sem_pool, s);
}

static void host_sem_up(struct nablux_host_sem *s)
{
	s->count++;
	waitq_wake_one(&s->q);
}

static void host_sem_down(struct nablux_host_sem *s)
{
	while (s->count == 0)
		waitq_sleep(&s->q);
	s->count--;
}

/* A mutex is a semaphore of one; the kernel never holds one across a
 * blocking call for long, so fairness does not matter. */
struct nablux_host_mutex {
	struct nablux_host_sem sem;
};

static struct nablux_host_mutex *host_mutex_alloc(void)
{
	return (struct nablux_host_mutex *)host_sem_alloc(1);
}

static void host_mutex_free(struct nablux_host_mutex *m)
{
	host_sem_free(&m->sem);
}

static void host_mutex_lock(struct nablux_host_mutex *m)
{
	host_sem_down(&m->sem);
}

static void host_mutex_unlock(struct nablux_host_mutex *m)
{
	host_sem_up(&m->sem);
}

/* ---- threads and keys --------------------------------------------------- */

static nablux_thread_t host_thread_create(void (*fn)(void *), void *arg)
{
	/* Kernel code never touches %fs: switching to it costs no host call. */
	struct plat_thread_attr attr = {
		.stack_size = KTHREAD_STACK,
		.name = "kernel",
		.flags = PLAT_THREAD_NO_TLS,
	};
	plat_thread_t *t;

	if (plat_thread_create(&t, fn, arg, &attr) != 0)
		return 0;
	return (nablux_thread_t)t;
}

static void host_user_range(unsigned long *lo, unsigned long *hi)
{
	uintptr_t l, h;

	plat_memory_bounds(&l, &h);
	*lo = l;
	*hi = h;
}

/* The application's own stack and thread pointer (musl's pthreads). */
static nablux_thread_t host_thread_create_user(void (*fn)(void *), void *arg,
					       void *stack_top,
					       unsigned long tls)
{
	struct plat_thread_attr attr = {
		.stack = stack_top,
		.tp = tls,
		.name = "app",
		.flags = PLAT_THREAD_STACK_TOP,
	};
	plat_thread_t *t;

	if (plat_thread_create(&t, fn, arg, &attr) != 0)
		return 0;
	plat_thread_detach(t);
	return (nablux_thread_t)t;
}

static void host_thread_exit(void)
{
	plat_thread_exit();
}

static int host_thread_join(nablux_thread_t t)
{
	return plat_thread_join((plat_thread_t *)t);
}

static nablux_thread_t host_thread_self(void)
{
	return (nablux_thread_t)plat_thread_self();
}

/* A key is stored as key number + 1, so that no key is NULL. */
static int host_tls_alloc(struct nablux_host_tls **key)
{
	unsigned k;
	int rc = plat_key_create(&k);

	if (rc == 0)
		*key = (struct nablux_host_tls *)(uintptr_t)(k + 1);
	return rc;
}

static void host_tls_free(struct nablux_host_tls *key)
{
	plat_key_delete((unsigned)(uintptr_t)key - 1);
}

static int host_tls_set(struct nablux_host_tls *key, void *value)
{
	return plat_key_set((unsigned)(uintptr_t)key - 1, value);
}

static void *host_tls_get(struct nablux_host_tls *key)
{
	return plat_key_get((unsigned)(uintptr_t)key - 1);
}

/* ---- memory and time ---------------------------------------------------- */

static void *host_page_alloc(unsigned long size)
{
	return plat_pages_alloc(size / PLAT_PAGE_SIZE);
}

static void host_page_free(void *addr, unsigned long size)
{
	plat_pages_free(addr, size / PLAT_PAGE_SIZE);
}

static void host_mem_stats(unsigned long *total, unsigned long *free)
{
	struct plat_mem_stats st;

	plat_mem_stats(&st);
	*total = st.total * PLAT_PAGE_SIZE;
	*free = st.free * PLAT_PAGE_SIZE;
}

_Static_assert(PLAT_MAP_IMAGE == NABLUX_MAP_IMAGE &&
	       PLAT_MAP_HEAP == NABLUX_MAP_HEAP &&
	       PLAT_MAP_ANON == NABLUX_MAP_ANON, "kinds of memory");

static unsigned long long host_time_ns(void)
{
	return solo5_clock_monotonic();
}

static unsigned long long host_wall_ns(void)
{
	return solo5_clock_wall();
}

/* ---- one-shot timers ---------------------------------------------------- */

struct nablux_host_timer {
	struct nablux_host_timer *next;
	void (*fn)(void *);
	void *arg;
	uint64_t deadline;	/* 0: not armed */
	bool running;
	plat_thread_t *freer;	/* waits in timer_free for fn to return */
};

static struct pool timer_pool = { .size = sizeof(struct nablux_host_timer) };
static struct nablux_host_timer *timers;
static plat_thread_t *timer_thread;

/* Runs every expired timer, then blocks until the earliest deadline;
 * set_oneshot wakes it to look again. */
static void timer_main(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t now = solo5_clock_monotonic(), next = UINT64_MAX;
		struct nablux_host_timer *t;

		for (t = timers; t != NULL; t = t->next) {
			if (t->deadline == 0)
				continue;
			if (t->deadline <= now) {
				t->deadline = 0;
				t->running = true;
				t->fn(t->arg);
				t->running = false;
				if (t->freer != NULL)
					plat_wake(t->freer);
				/* fn may have re-armed or freed timers:
				 * start over. */
				next = 0;
				break;
			}
			if (t->deadline < next)
				next = t->deadline;
		}
		if (next != 0)
			plat_block(next);
	}
}

static struct nablux_host_timer *host_timer_alloc(void (*fn)(void *),
						  void *arg)
{
	struct nablux_host_timer *t;

	if (timer_thread == NULL) {
		struct plat_thread_attr attr = {
			.stack_size = KTHREAD_STACK,
			.name = "timers",
			.flags = PLAT_THREAD_NO_TLS,
		};
		if (plat_thread_create(&timer_thread, timer_main, NULL,
				       &attr) != 0)
			return NULL;
		plat_thread_detach(timer_thread);
	}
	t = pool_alloc(&timer_pool);
	if (t == NULL)
		return NULL;
	*t = (struct nablux_host_timer){ .fn = fn, .arg = arg, .next = timers };
	timers = t;
	return t;
}

static int host_timer_set_oneshot(struct nablux_host_timer *t,
				  unsigned long long delta_ns)
{
	t->deadline = delta_ns ? solo5_clock_monotonic() + delta_ns : 0;
	plat_wake(timer_thread);
	return 0;
}

static void host_timer_free(struct nablux_host_timer *t)
{
	struct nablux_host_timer **p;

	t->deadline = 0;
	while (t->running) {
		t->freer = plat_thread_self();
		plat_block(UINT64_MAX);
	}
	for (p = &timers; *p != NULL; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			break;
		}
	}
	pool_free(&timer_pool, t);
}

/* ---- jump buffers ------------------------------------------------------- */

static void host_jmp_buf_set(struct nablux_jmp_buf *jb, void (*fn)(void))
{
	if (!host_setjmp(jb->buf))
		fn();
}

static void host_jmp_buf_longjmp(struct nablux_jmp_buf *jb)
{
	host_longjmp(jb->buf);
}

const struct nablux_host nablux_platform_host = {
	.print = host_print,
	.panic = host_panic,
	.sem_alloc = host_sem_alloc,
	.sem_free = host_sem_free,
	.sem_up = host_sem_up,
	.sem_down = host_sem_down,
	.mutex_alloc = host_mutex_alloc,
	.mutex_free = host_mutex_free,
	.mutex_lock = host_mutex_lock,
	.mutex_unlock = host_mutex_unlock,
	.thread_create = host_thread_create,
	.thread_exit = host_thread_exit,
	.thread_create_user = host_thread_create_user,
	.user_range = host_user_range,
	.thread_join = host_thread_join,
	.thread_self = host_thread_self,
	.tls_alloc = host_tls_alloc,
	.tls_free = host_tls_free,
	.tls_set = host_tls_set,
	.tls_get = host_tls_get,
	.page_alloc = host_page_alloc,
	.page_free = host_page_free,
	.mem_stats = host_mem_stats,
	.mem_maps = plat_mem_maps,
	.time_ns = host_time_ns,
	.wall_ns = host_wall_ns,
	.timer_alloc = host_timer_alloc,
	.timer_set_oneshot = host_timer_set_oneshot,
	.timer_free = host_timer_free,
	.jmp_buf_set = host_jmp_buf_set,
	.jmp_buf_longjmp = host_jmp_buf_longjmp,
};
