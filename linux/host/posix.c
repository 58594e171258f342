// SPDX-License-Identifier: GPL-2.0
/*
 * The posix host: runs the nablux kernel inside an ordinary Linux process,
 * on pthreads. Used by the kernel's tests and benchmarks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "posix.h"

_Static_assert(sizeof(sigjmp_buf) <= sizeof(struct nablux_jmp_buf),
	       "struct nablux_jmp_buf is too small for sigjmp_buf");
_Static_assert(sizeof(pthread_t) <= sizeof(nablux_thread_t),
	       "pthread_t does not fit nablux_thread_t");

static void host_print(const char *buf, int len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= n;
	}
}

static void host_panic(void)
{
	host_print("nablux: kernel panic\n", 21);
	abort();
}

struct nablux_host_sem {
	sem_t sem;
};

static struct nablux_host_sem *host_sem_alloc(int count)
{
	struct nablux_host_sem *s = malloc(sizeof(*s));

	if (s && sem_init(&s->sem, 0, count)) {
		free(s);
		s = NULL;
	}
	return s;
}

static void host_sem_free(struct nablux_host_sem *s)
{
	sem_destroy(&s->sem);
	free(s);
}

static void host_sem_up(struct nablux_host_sem *s)
{
	sem_post(&s->sem);
}

static void host_sem_down(struct nablux_host_sem *s)
{
	while (sem_wait(&s->sem) && errno == EINTR)
		;
}

struct nablux_host_mutex {
	pthread_mutex_t mutex;
};

static struct nablux_host_mutex *host_mutex_alloc(void)
{
	struct nablux_host_mutex *m = malloc(sizeof(*m));

	if (m)
		pthread_mutex_init(&m->mutex, NULL);
	return m;
}

static void host_mutex_free(struct nablux_host_mutex *m)
{
	pthread_mutex_destroy(&m->mutex);
	free(m);
}

static void host_mutex_lock(struct nablux_host_mutex *m)
{
	pthread_mutex_lock(&m->mutex);
}

static void host_mutex_unlock(struct nablux_host_mutex *m)
{
	pthread_mutex_unlock(&m->mutex);
}

struct thread_start {
	void (*fn)(void *);
	void *arg;
};

static void *thread_main(void *arg)
{
	struct thread_start start = *(struct thread_start *)arg;

	free(arg);
	start.fn(start.arg);
	return NULL;
}

static nablux_thread_t host_thread_create(void (*fn)(void *), void *arg)
{
	struct thread_start *start = malloc(sizeof(*start));
	pthread_attr_t attr;
	pthread_t thread;
	int err;

	if (!start)
		return 0;
	start->fn = fn;
	start->arg = arg;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	err = pthread_create(&thread, &attr, thread_main, start);
	pthread_attr_destroy(&attr);
	if (err) {
		free(start);
		return 0;
	}
	return (nablux_thread_t)thread;
}

static void host_thread_exit(void)
{
	pthread_exit(NULL);
}

static int host_thread_join(nablux_thread_t thread)
{
	return pthread_join((pthread_t)thread, NULL);
}

static nablux_thread_t host_thread_self(void)
{
	return (nablux_thread_t)pthread_self();
}

struct nablux_host_tls {
	pthread_key_t key;
};

static int host_tls_alloc(struct nablux_host_tls **keyp)
{
	struct nablux_host_tls *key = malloc(sizeof(*key));

	if (!key)
		return -ENOMEM;
	if (pthread_key_create(&key->key, NULL)) {
		free(key);
		return -EAGAIN;
	}
	*keyp = key;
	return 0;
}

static void host_tls_free(struct nablux_host_tls *key)
{
	pthread_key_delete(key->key);
	free(key);
}

static int host_tls_set(struct nablux_host_tls *key, void *value)
{
	return -pthread_setspecific(key->key, value);
}

static void *host_tls_get(struct nablux_host_tls *key)
{
	return pthread_getspecific(key->key);
}

static void *host_page_alloc(unsigned long size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void host_page_free(void *addr, unsigned long size)
{
	munmap(addr, size);
}

static unsigned long long clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static unsigned long long host_time_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static unsigned long long host_wall_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

/* A timer is a thread that sleeps until its deadline (0: none). */
struct nablux_host_timer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long long deadline;
	int stop;
	void (*fn)(void *);
	void *arg;
};

static void *timer_main(void *arg)
{
	struct nablux_host_timer *t = arg;
	struct timespec ts;

	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		if (!t->deadline) {
			pthread_cond_wait(&t->cond, &t->lock);
		} else if (host_time_ns() >= t->deadline) {
			t->deadline = 0;
			pthread_mutex_unlock(&t->lock);
			t->fn(t->arg);
			pthread_mutex_lock(&t->lock);
		} else {
			ts.tv_sec = t->deadline / 1000000000ULL;
			ts.tv_nsec = t->deadline % 1000000000ULL;
			pthread_cond_timedwait(&t->cond, &t->lock, &ts);
		}
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

static struct nablux_host_timer *host_timer_alloc(void (*fn)(void *),
						  void *arg)
{
	struct nablux_host_timer *t = calloc(1, sizeof(*t));
	pthread_condattr_t attr;

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	pthread_mutex_init(&t->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&t->thread, NULL, timer_main, t)) {
		pthread_cond_destroy(&t->cond);
		pthread_mutex_destroy(&t->lock);
		free(t);
		return NULL;
	}
	return t;
}

static int host_timer_set_oneshot(struct nablux_host_timer *t,
				  unsigned long long delta_ns)
{
	pthread_mutex_lock(&t->lock);
	t->deadline = delta_ns ? host_time_ns() + delta_ns : 0;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	return 0;
}

static void host_timer_free(struct nablux_host_timer *t)
{
	pthread_mutex_lock(&t->lock);
	t->stop = 1;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static void host_jmp_buf_set(struct nablux_jmp_buf *jb, void (*fn)(void))
{
	if (!sigsetjmp(*(sigjmp_buf *)jb->buf, 0))
		fn();
}

static void host_jmp_buf_longjmp(struct nablux_jmp_buf *jb)
{
	siglongjmp(*(sigjmp_buf *)jb->buf, 1);
}

const struct nablux_host nablux_posix_host = {
	.print			= host_print,
	.panic			= host_panic,
	.sem_alloc		= host_sem_alloc,
	.sem_free		= host_sem_free,
	.sem_up			= host_sem_up,
	.sem_down		= host_sem_down,
	.mutex_alloc		= host_mutex_alloc,
	.mutex_free		= host_mutex_free,
	.mutex_lock		= host_mutex_lock,
	.mutex_unlock		= host_mutex_unlock,
	.thread_create		= host_thread_create,
	.thread_exit		= host_thread_exit,
	.thread_join		= host_thread_join,
	.thread_self		= host_thread_self,
	.tls_alloc		= host_tls_alloc,
	.tls_free		= host_tls_free,
	.tls_set		= host_tls_set,
	.tls_get		= host_tls_get,
	.page_alloc		= host_page_alloc,
	.page_free		= host_page_free,
	.time_ns		= host_time_ns,
	.wall_ns		= host_wall_ns,
	.timer_alloc		= host_timer_alloc,
	.timer_set_oneshot	= host_timer_set_oneshot,
	.timer_free		= host_timer_free,
	.jmp_buf_set		= host_jmp_buf_set,
	.jmp_buf_longjmp	= host_jmp_buf_longjmp,
};
