/* SPDX-License-Identifier: ISC */
/*
 * sched.c: cooperative green threads on Solo5's one vCPU.
 *
 * A thread runs until it yields, sleeps, blocks, waits for the network or
 * exits; then schedule() picks the head of a FIFO run queue and
 * sched_switch() (switch_x86_64.S) moves to its stack. A thread has its
 * own TLS block unless created PLAT_THREAD_NO_TLS; the thread pointer is
 * switched with solo5_set_tls_base() (a host call) to a thread that has
 * one, when it differs from what %fs holds. A thread without runs on
 * whatever %fs was left, so the kernel's threads cost no host call and
 * switching back to the thread that last had %fs costs none either.
 *
 * Waiting threads with a deadline sit in a binary min-heap ordered by
 * (deadline, arrival); threads waiting for net handles sit on a list, and
 * a handle may instead have a notification armed (a call, for a kernel's
 * driver to raise its interrupt). Both are looked at after each round of
 * the run queue, when POLL_GAP_CYCLES have passed since the host was last
 * asked (so a busy system still sees timers and frames, and a lightly
 * loaded one makes no empty polls), and whenever nothing is runnable;
 * then the vCPU sleeps in solo5_yield() until the earliest deadline or a
 * frame. There is no tick: an idle unikernel makes one host call per
 * wake-up. A host signal also ends that sleep; after every yield,
 * hostsig_poll() hands pending ones on (hostsig.c).
 *
 * An exited thread's stack is still in use until the switch away from
 * it, so it is freed by whoever runs next (detached) or by the joiner.
 */
#include "internal.h"

#define E_AGAIN 11
#define E_NOMEM 12
#define E_INVAL 22
#define E_TIMEDOUT 110

#if defined(__SANITIZE_ADDRESS__)
#define SCHED_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SCHED_ASAN 1
#endif
#endif

#ifdef SCHED_ASAN
/* ASan must be told when the stack changes under it (fibers). */
void __sanitizer_start_switch_fiber(void **fake_stack_save,
				    const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save,
				     const void **bottom_old,
				     size_t *size_old);
#endif

void sched_switch(void **save_sp, void *next_sp);
void sched_trampoline(void);
void sched_thread_start(struct plat_thread *t) __attribute__((noreturn));

enum t_state { T_RUNNING, T_RUNNABLE, T_WAITING, T_EXITED };
/* What a waiting thread waits for. */
enum t_wait { W_NONE, W_BLOCK, W_SLEEP, W_JOIN, W_NET };

#define NO_HEAP UINT32_MAX
#define NO_DEADLINE UINT64_MAX
#define STACK_CANARY 0x5a17c0de0ddba11dULL
#define STACK_MIN 4096UL
#define NAME_MAX_LEN 16
/* 13-65 us at 1-5 GHz: a frame waits at most about that long for a busy
 * system to look, and polling costs a host call. */
#define POLL_GAP_CYCLES (1ULL << 16)

struct plat_thread {
	void *sp;			/* saved by sched_switch */
	uintptr_t tp;			/* %fs base; 0: none of its own */
	struct plat_thread *next;	/* run queue; free list */
	struct plat_thread *all_prev, *all_next; /* live threads (keys) */
	struct plat_thread *nw_prev, *nw_next;	 /* net waiters */
	uint64_t deadline, seq;		/* heap key */
	uint32_t heap_idx;
	uint8_t state, wait;
	bool detached, wake_pending, timed_out;
	bool daemon;			/* does not keep the unikernel alive */
	struct plat_thread *joiner;
	void (*fn)(void *);
	void *arg;
	void *mem;			/* our stack and/or TLS pages */
	size_t mem_pages;
	uint64_t *canary;		/* stack bottom; NULL: unknown */
	solo5_handle_set_t wait_set, ready;
#ifdef SCHED_ASAN
	void *asan_fake;
	const void *asan_bottom;
	size_t asan_size;
#endif
	void *keys[PLAT_KEYS_MAX];
	char name[NAME_MAX_LEN];
};

static struct plat_thread *current;
static uintptr_t hw_tp;			/* what %fs holds now */
static struct plat_thread *runq_head, *runq_tail;
static unsigned long runq_len;
static int round_left;			/* switches until the next poll */
static uint64_t asked_tsc;		/* when the host was last asked */
static struct plat_thread *all_head;
static unsigned long nlive;		/* created and not yet exited */
static unsigned long ndaemon;		/* of which daemons */
static struct plat_thread *nw_head;	/* waiting for net handles */
static struct plat_thread **heap;
static uint32_t heap_n, heap_cap;
static uint64_t heap_seq;
static struct plat_thread *free_threads;
static struct plat_thread *reap;	/* exited detached, stack not freed */
static struct plat_thread *switch_from;
static uint64_t keys_used;

/* Net handles announced by a call instead of a thread wake-up. */
static struct {
	void (*fn)(void *);
	void *arg;
} notify[64];
static solo5_handle_set_t notify_armed;	/* to call at the next frame */
static solo5_handle_set_t notify_owned;	/* registered, armed or not */
static bool in_notify;			/* inside a notification */

static inline size_t pages_for(size_t bytes)
{
	return (bytes + PLAT_PAGE_SIZE - 1) / PLAT_PAGE_SIZE;
}

/* ---- thread structs: a free list carved from pages ------------------- */

#define SLAB_PAGES 4

static struct plat_thread *thread_alloc(void)
{
	if (free_threads == NULL) {
		struct plat_thread *s = plat_pages_alloc(SLAB_PAGES);
		if (s == NULL)
			return NULL;
		size_t n = SLAB_PAGES * PLAT_PAGE_SIZE / sizeof(*s);
		for (size_t i = 0; i < n; i++) {
			s[i].next = free_threads;
			free_threads = &s[i];
		}
	}
	struct plat_thread *t = free_threads;
	free_threads = t->next;
	memset(t, 0, sizeof(*t));
	t->heap_idx = NO_HEAP;
	return t;
}

static void thread_free(struct plat_thread *t)
{
	if (t->mem != NULL)
		plat_pages_free(t->mem, t->mem_pages);
	t->state = T_EXITED;
	t->next = free_threads;
	free_threads = t;
}

/* ---- run queue: FIFO --------------------------------------------------- */

static void runq_push(struct plat_thread *t)
{
	t->state = T_RUNNABLE;
	t->wait = W_NONE;
	t->next = NULL;
	if (runq_tail != NULL)
		runq_tail->next = t;
	else
		runq_head = t;
	runq_tail = t;
	runq_len++;
}

static struct plat_thread *runq_pop(void)
{
	struct plat_thread *t = runq_head;

	if (t != NULL) {
		runq_head = t->next;
		if (runq_head == NULL)
			runq_tail = NULL;
		runq_len--;
	}
	return t;
}

/* ---- deadlines: binary min-heap on (deadline, seq) ------------------- */

static inline bool heap_before(const struct plat_thread *a,
			       const struct plat_thread *b)
{
	return a->deadline < b->deadline ||
	       (a->deadline == b->deadline && a->seq < b->seq);
}

static inline void heap_put(uint32_t i, struct plat_thread *t)
{
	heap[i] = t;
	t->heap_idx = i;
}

static void heap_up(uint32_t i)
{
	struct plat_thread *t = heap[i];

	while (i > 0) {
		uint32_t p = (i - 1) / 2;
		if (!heap_before(t, heap[p]))
			break;
		heap_put(i, heap[p]);
		i = p;
	}
	heap_put(i, t);
}

static void heap_down(uint32_t i)
{
	struct plat_thread *t = heap[i];

	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= heap_n)
			break;
		if (c + 1 < heap_n && heap_before(heap[c + 1], heap[c]))
			c++;
		if (!heap_before(heap[c], t))
			break;
		heap_put(i, heap[c]);
		i = c;
	}
	heap_put(i, t);
}

/* Room for every thread: then waiting never has to allocate. */
static int heap_reserve(uint32_t n)
{
	if (n <= heap_cap)
		return 0;
	uint32_t cap = heap_cap ? heap_cap : 512;
	while (cap < n)
		cap *= 2;
	size_t np = pages_for(cap * sizeof(*heap));
	struct plat_thread **h = plat_pages_alloc(np);
	if (h == NULL)
		return -E_NOMEM;
	if (heap_n)
		memcpy(h, heap, heap_n * sizeof(*heap));
	if (heap != NULL)
		plat_pages_free(heap, pages_for(heap_cap * sizeof(*heap)));
	heap = h;
	heap_cap = (uint32_t)(np * PLAT_PAGE_SIZE / sizeof(*heap));
	return 0;
}

static void heap_push(struct plat_thread *t)
{
	t->seq = heap_seq++;
	heap_put(heap_n++, t);
	heap_up(heap_n - 1);
}

static void heap_remove(struct plat_thread *t)
{
	uint32_t i = t->heap_idx;
	struct plat_thread *last = heap[--heap_n];

	t->heap_idx = NO_HEAP;
	if (last != t) {
		heap_put(i, last);
		heap_up(i);
		heap_down(last->heap_idx);
	}
}

/* ---- waiting and waking ---------------------------------------------- */

static void nw_remove(struct plat_thread *t)
{
	if (t->nw_prev != NULL)
		t->nw_prev->nw_next = t->nw_next;
	else
		nw_head = t->nw_next;
	if (t->nw_next != NULL)
		t->nw_next->nw_prev = t->nw_prev;
	t->nw_prev = t->nw_next = NULL;
}

/* The current thread stops running until wake() (and, with a deadline,
 * at the latest when it passes). The caller then calls schedule(). */
static void wait_begin(enum t_wait why, uint64_t deadline)
{
	struct plat_thread *t = current;

	t->state = T_WAITING;
	t->wait = why;
	t->timed_out = false;
	t->deadline = deadline;
	if (deadline != NO_DEADLINE)
		heap_push(t);
	if (why == W_NET) {
		t->nw_prev = NULL;
		t->nw_next = nw_head;
		if (nw_head != NULL)
			nw_head->nw_prev = t;
		nw_head = t;
	}
}

static void wake(struct plat_thread *t, bool timed_out)
{
	if (t->heap_idx != NO_HEAP)
		heap_remove(t);
	if (t->wait == W_NET)
		nw_remove(t);
	t->timed_out = timed_out;
	runq_push(t);
}

static void wake_expired(void)
{
	uint64_t now = solo5_clock_monotonic();

	while (heap_n > 0 && heap[0]->deadline <= now)
		wake(heap[0], true);
}

static void wake_waiters(solo5_handle_set_t ready, solo5_handle_set_t *wanted)
{
	struct plat_thread *t, *next;

	*wanted = 0;
	for (t = nw_head; t != NULL; t = next) {
		next = t->nw_next;
		*wanted |= t->wait_set;
		if (t->wait_set & ready) {
			t->ready = t->wait_set & ready;
			wake(t, false);
		}
	}
}

static void fire_notify(solo5_handle_set_t set)
{
	set &= notify_armed;
	notify_armed &= ~set;
	in_notify = true;
	for (solo5_handle_t h = 0; set != 0; h++, set >>= 1)
		if (set & 1)
			notify[h].fn(notify[h].arg);
	in_notify = false;
}

/* Frames are ready on (ready). (idle): nothing was runnable before the
 * host was asked. */
static void wake_net(solo5_handle_set_t ready, bool idle)
{
	solo5_handle_set_t wanted, unread;

	if (ready == 0)
		return;
	wake_waiters(ready, &wanted);
	wanted |= ready & notify_armed;
	fire_notify(ready);
	/* The host keeps reporting a handle while a frame sits unread on
	 * it: with nobody to read it, idle would spin. A handle whose
	 * notification was called is its owner's to drain -- unless it has
	 * not by the time nothing else can run. */
	unread = ready & ~wanted;
	if (!idle)
		unread &= ~notify_owned;
	if (unread)
		net_absorb(unread);
}

void sched_wake_handles(solo5_handle_set_t set)
{
	solo5_handle_set_t wanted;

	wake_waiters(set, &wanted);
	fire_notify(set);
}

void sched_net_notify(solo5_handle_t h, void (*fn)(void *), void *arg)
{
	solo5_handle_set_t bit = 1ULL << h;

	notify[h].fn = fn;
	notify[h].arg = arg;
	if (fn != NULL) {
		notify_owned |= bit;
		notify_armed |= bit;
	} else {
		notify_owned &= ~bit;
		notify_armed &= ~bit;
	}
}

/* Between rounds: expired deadlines and pending frames, without sleeping
 * (nothing to ask the host when nobody waits for either). */
static void poll_events(void)
{
	if (nw_head != NULL || notify_armed != 0) {
		solo5_handle_set_t ready = 0;
		solo5_yield(0, &ready);
		wake_net(ready, false);
		hostsig_poll();
	}
	if (heap_n > 0)
		wake_expired();
	asked_tsc = plat_tsc();
	round_left = runq_len > 0 ? (int)runq_len : 1;
}

/* Nothing runnable: sleep in the host until a deadline or a frame. */
static void idle(void)
{
	if (heap_n == 0 && nw_head == NULL && notify_armed == 0 &&
	    !hostsig_can_wake())
		plat_panic("sched: deadlock: no thread can run, none has a "
			   "deadline and none waits for the network");
	/* UINT64_MAX is fine for spt: the timerfd takes it as an absolute
	 * time ~584 years away, clamped by the host kernel. */
	uint64_t deadline = heap_n > 0 ? heap[0]->deadline : NO_DEADLINE;
	solo5_handle_set_t ready = 0;
	solo5_yield(deadline, &ready);
	wake_net(ready, true);
	hostsig_poll();
	if (heap_n > 0)
		wake_expired();
	asked_tsc = plat_tsc();
	round_left = runq_len > 0 ? (int)runq_len : 1;
}

/* ---- switching --------------------------------------------------------- */

/* No guard pages on spt: a canary at the stack bottom catches a thread
 * that ran off its stack, at its next trip through the scheduler. */
static inline void check_stack(struct plat_thread *t)
{
	if (t->canary != NULL && *t->canary != STACK_CANARY)
		plat_panic("sched: stack overflow (canary at the stack "
			   "bottom overwritten)");
}

void plat_thread_set_stack(void *bottom)
{
	uint64_t *c = (uint64_t *)(((uintptr_t)bottom + 7) & ~(uintptr_t)7);

	*c = STACK_CANARY;
	current->canary = c;
}

void plat_stack_check(void)
{
	check_stack(current);
}

static void after_switch(void)
{
#ifdef SCHED_ASAN
	__sanitizer_finish_switch_fiber(current->asan_fake,
					&switch_from->asan_bottom,
					&switch_from->asan_size);
#endif
	if (reap != NULL) {
		thread_free(reap);
		reap = NULL;
	}
}

static void switch_to(struct plat_thread *prev, struct plat_thread *next)
{
	current = next;
	next->state = T_RUNNING;
	/* A thread with TLS of its own takes %fs with it. */
	if (next->tp != 0 && next->tp != hw_tp) {
		hw_tp = next->tp;
		solo5_set_tls_base(hw_tp);
	}
	switch_from = prev;
#ifdef SCHED_ASAN
	/* An exited thread's fake stack can go: NULL says so. */
	__sanitizer_start_switch_fiber(prev->state == T_EXITED ? NULL
							      : &prev->asan_fake,
				       next->asan_bottom, next->asan_size);
#endif
	sched_switch(&prev->sp, next->sp);
	after_switch();
}

/* The current thread has been queued, parked or has exited: run the
 * next runnable thread (possibly the current one again). */
static void schedule(void)
{
	struct plat_thread *prev = current, *next;

	/* It may run inside schedule(), which is not reentrant. */
	if (in_notify)
		plat_panic("sched: a net notification blocked or switched");
	if (preempt_user())
		plat_panic("sched: a switch from preemptible code");
	check_stack(prev);
	/* With nothing runnable, idle() looks at the same events (and
	 * sleeps only if none is due). */
	if (runq_head != NULL) {
		if (round_left > 0)
			round_left--;
		if (round_left == 0 && plat_tsc() - asked_tsc >= POLL_GAP_CYCLES)
			poll_events();
	}
	while ((next = runq_pop()) == NULL)
		idle();
	if (next == prev) {
		prev->state = T_RUNNING;
		return;
	}
	switch_to(prev, next);
}

/* ---- threads ----------------------------------------------------------- */

static void set_name(struct plat_thread *t, const char *name)
{
	size_t i = 0;

	if (name != NULL)
		for (; i < NAME_MAX_LEN - 1 && name[i]; i++)
			t->name[i] = name[i];
	t->name[i] = 0;
}

static void all_add(struct plat_thread *t)
{
	t->all_prev = NULL;
	t->all_next = all_head;
	if (all_head != NULL)
		all_head->all_prev = t;
	all_head = t;
	nlive++;
}

static void all_remove(struct plat_thread *t)
{
	if (t->all_prev != NULL)
		t->all_prev->all_next = t->all_next;
	else
		all_head = t->all_next;
	if (t->all_next != NULL)
		t->all_next->all_prev = t->all_prev;
	nlive--;
}

/* A TLS block of our own, laid out and initialised by the bindings. */
static uintptr_t tls_setup(void *block)
{
	if (solo5_tls_init((uintptr_t)block) != SOLO5_R_OK)
		plat_panic("sched: solo5_tls_init failed");
	return solo5_tls_tp_offset((uintptr_t)block);
}

static inline size_t tls_bytes(void)
{
	/* Keep the stack above it 64-byte aligned. */
	return (solo5_tls_size() + 63) & ~(size_t)63;
}

void sched_init(void)
{
	struct plat_thread *t = thread_alloc();

	if (t == NULL || heap_reserve(512) != 0)
		plat_panic("sched_init: out of memory");
	t->mem_pages = pages_for(tls_bytes());
	t->mem = plat_pages_alloc(t->mem_pages);
	if (t->mem == NULL)
		plat_panic("sched_init: out of memory for the main TLS");
	t->tp = tls_setup(t->mem);
	t->state = T_RUNNING;
	set_name(t, "main");
	all_add(t);
	current = t;
	hw_tp = t->tp;
	solo5_set_tls_base(hw_tp);
	round_left = 1;
}

void sched_thread_start(struct plat_thread *t)
{
	after_switch();
	t->fn(t->arg);
	plat_thread_exit();
}

/* The first frame sched_switch() pops: see switch_x86_64.S. The new
 * thread inherits the creator's floating-point control (as POSIX says). */
static void frame_init(struct plat_thread *t, uintptr_t top)
{
	uint64_t *sp = (uint64_t *)(top & ~(uintptr_t)15);
	uint32_t mxcsr;
	uint16_t cw;

	__asm__ __volatile__("stmxcsr %0; fnstcw %1" : "=m"(mxcsr), "=m"(cw));
	*--sp = 0;				/* padding */
	*--sp = 0;				/* trampoline's "return" */
	*--sp = (uintptr_t)sched_trampoline;
	*--sp = 0;				/* rbp: end of frame chain */
	*--sp = 0;				/* rbx */
	*--sp = (uintptr_t)t;			/* r12 */
	*--sp = 0;				/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	*--sp = (uint64_t)mxcsr | (uint64_t)cw << 32;
	t->sp = sp;
}

int plat_thread_create(plat_thread_t **out, void (*fn)(void *), void *arg,
		       const struct plat_thread_attr *attr)
{
	static const struct plat_thread_attr none;
	struct plat_thread *t;
	uintptr_t lo, hi;

	if (attr == NULL)
		attr = &none;
	size_t ssize = attr->stack_size ? attr->stack_size : PLAT_STACK_DEFAULT;
	bool top_only = attr->flags & PLAT_THREAD_STACK_TOP;
	if (fn == NULL || (top_only ? attr->stack == NULL : ssize < STACK_MIN))
		return -E_INVAL;
	/* TLS and page rounding are added to it below: keep that from
	 * wrapping around. */
	if (ssize > SIZE_MAX / 2)
		return -E_NOMEM;
	if (heap_reserve((uint32_t)nlive + 1) != 0)
		return -E_NOMEM;
	t = thread_alloc();
	if (t == NULL)
		return -E_NOMEM;

	bool own_tls = !(attr->flags & PLAT_THREAD_NO_TLS) && attr->tp == 0;
	size_t tls = own_tls ? tls_bytes() : 0;
	if (attr->stack == NULL) {
		/* One run of pages: TLS at the bottom, the stack above. */
		t->mem_pages = pages_for(tls + ssize);
		t->mem = plat_pages_alloc(t->mem_pages);
		lo = (uintptr_t)t->mem + tls;
		hi = (uintptr_t)t->mem + t->mem_pages * PLAT_PAGE_SIZE;
	} else {
		if (tls) {
			t->mem_pages = pages_for(tls);
			t->mem = plat_pages_alloc(t->mem_pages);
		}
		lo = (uintptr_t)attr->stack;
		hi = top_only ? lo : lo + ssize;
	}
	if ((attr->stack == NULL || tls) && t->mem == NULL) {
		thread_free(t);
		return -E_NOMEM;
	}
	if (own_tls)
		t->tp = tls_setup(t->mem);
	else if (!(attr->flags & PLAT_THREAD_NO_TLS))
		t->tp = attr->tp;

	if (!top_only) {
		lo = (lo + 7) & ~(uintptr_t)7;
		t->canary = (uint64_t *)lo;
		*t->canary = STACK_CANARY;
	}
#ifdef SCHED_ASAN
	t->asan_bottom = (const void *)lo;
	t->asan_size = hi - lo;
#endif
	t->fn = fn;
	t->arg = arg;
	set_name(t, attr->name);
	frame_init(t, hi);
	/* Keys start out NULL (thread_alloc zeroed them). */
	all_add(t);
	if (out != NULL)
		*out = t;
	else
		t->detached = true;
	runq_push(t);
	return 0;
}

void plat_thread_exit(void)
{
	struct plat_thread *t = current;

	check_stack(t);
	all_remove(t);
	if (t->daemon)
		ndaemon--;
	if (nlive == ndaemon)
		plat_exit(0);	/* the last thread is gone */
	t->state = T_EXITED;
	if (t->joiner != NULL)
		wake(t->joiner, false);
	if (t->detached)
		reap = t;
	schedule();
	plat_panic("sched: an exited thread was scheduled");
}

int plat_thread_join(plat_thread_t *t)
{
	if (t == NULL || t == current || t->detached || t->joiner != NULL)
		return -E_INVAL;
	if (t->state != T_EXITED) {
		t->joiner = current;
		wait_begin(W_JOIN, NO_DEADLINE);
		schedule();
	}
	thread_free(t);
	return 0;
}

int plat_thread_detach(plat_thread_t *t)
{
	if (t == NULL || t->detached || t->joiner != NULL)
		return -E_INVAL;
	/* Exited: it is not running, so its stack is free to go. */
	if (t->state == T_EXITED)
		thread_free(t);
	else
		t->detached = true;
	return 0;
}

plat_thread_t *plat_thread_self(void)
{
	return current;
}

uintptr_t plat_thread_tp(plat_thread_t *t)
{
	return t->tp;
}

void plat_thread_set_tp(uintptr_t tp)
{
	current->tp = tp;
	hw_tp = tp;
	solo5_set_tls_base(tp);
}

void plat_yield(void)
{
	runq_push(current);
	schedule();
}

/* A thread preempted in the application's code: timers and frames that
 * came due while it ran go before it, not a quantum after. */
void sched_preempted(void)
{
	poll_events();
	plat_yield();
}

void plat_sleep_until(uint64_t deadline)
{
	/* A sleep "forever" is a sleep, not a deadlock: keep it in the
	 * deadline heap (idle then yields until ~584 years from boot). */
	if (deadline == NO_DEADLINE)
		deadline = NO_DEADLINE - 1;
	wait_begin(W_SLEEP, deadline);
	schedule();
}

int plat_block(uint64_t deadline)
{
	struct plat_thread *t = current;

	if (t->wake_pending) {
		t->wake_pending = false;
		return 0;
	}
	wait_begin(W_BLOCK, deadline);
	schedule();
	return t->timed_out ? -E_TIMEDOUT : 0;
}

void plat_wake(plat_thread_t *t)
{
	if (t == NULL || t->state == T_EXITED)
		return;
	if (t->state == T_WAITING && t->wait == W_BLOCK)
		wake(t, false);
	else
		t->wake_pending = true;	/* the next plat_block() returns */
}

solo5_handle_set_t sched_wait_handles(solo5_handle_set_t set,
				      uint64_t deadline)
{
	struct plat_thread *t = current;

	t->wait_set = set;
	t->ready = 0;
	wait_begin(W_NET, deadline);
	schedule();
	return t->ready & set;
}

void sched_daemon(plat_thread_t *t)
{
	if (!t->daemon) {
		t->daemon = true;
		ndaemon++;
	}
}

/* ---- keys -------------------------------------------------------------- */

int plat_key_create(unsigned *key)
{
	for (unsigned k = 0; k < PLAT_KEYS_MAX; k++) {
		if (keys_used & (1ULL << k))
			continue;
		keys_used |= 1ULL << k;
		/* A reused key must read NULL in every thread. */
		for (struct plat_thread *t = all_head; t; t = t->all_next)
			t->keys[k] = NULL;
		*key = k;
		return 0;
	}
	return -E_AGAIN;
}

static inline bool key_valid(unsigned key)
{
	return key < PLAT_KEYS_MAX && (keys_used & (1ULL << key));
}

int plat_key_delete(unsigned key)
{
	if (!key_valid(key))
		return -E_INVAL;
	keys_used &= ~(1ULL << key);
	return 0;
}

int plat_key_set(unsigned key, void *value)
{
	if (!key_valid(key))
		return -E_INVAL;
	current->keys[key] = value;
	return 0;
}

void *plat_key_get(unsigned key)
{
	return key_valid(key) ? current->keys[key] : NULL;
}
