/* SPDX-License-Identifier: MIT */
/*
 * nablux: what libc/exec.c needs of musl's internals to run a program
 * linked into the unikernel as a child process. The program shares this
 * libc -- heap, stdio, environ, atexit list -- with the unikernel's own
 * program (pid 1) and runs beside it, on a thread of its own; see
 * <nablux/program.h> for what that means to it.
 */
#include <pthread.h>
#include <sys/ioctl.h>
#include <string.h>
#include "pthread_impl.h"
#include "stdio_impl.h"
#include "libc.h"

static void *noop(void *p)
{
	return p;
}

/*
 * In the parent, at vfork: a child's program may run beside it, so libc
 * locks as with threads from now on (the first thread made does what
 * that takes; one more counted for good keeps locks on whatever threads
 * come and go); stdout's buffering is settled on the parent's descriptor
 * (the first write would settle it, maybe on the child's pipe), and what
 * the parent has buffered goes out now, to its own descriptors, not
 * later to the child's. 0 or a negative errno.
 */
int __nablux_prog_spawn(void)
{
	static int counted;
	FILE *f = stdout;
	struct winsize wsz;
	pthread_t t;

	if (!libc.threaded) {
		if (pthread_create(&t, 0, noop, 0))
			return -EAGAIN;
		pthread_join(t, 0);
	}
	if (!counted) {
		__tl_lock();
		if (!libc.threads_minus_1++)
			libc.need_locks = 1;
		__tl_unlock();
		counted = 1;
	}
	FLOCK(f);
	if (f->write == __stdout_write) {
		f->write = __stdio_write;
		if (!(f->flags & F_SVB) &&
		    __syscall(SYS_ioctl, f->fd, TIOCGWINSZ, &wsz))
			f->lbf = -1;
	}
	FUNLOCK(f);
	fflush(stdout);
	fflush(stderr);
	return 0;
}

size_t __nablux_prog_tls_size(void)
{
	return libc.tls_size + __pthread_tsd_size;
}

/*
 * A thread descriptor with its TLS and TSD in mem (__nablux_prog_tls_size
 * bytes) for a program's thread tid, in no list of the parent's threads
 * (it belongs to another process). Returns its thread pointer.
 */
uintptr_t __nablux_prog_thread(unsigned char *mem, int tid)
{
	struct pthread *self = __pthread_self(), *td;

	memset(mem, 0, __nablux_prog_tls_size());
	td = __copy_tls(mem);
	td->self = td;
	td->next = td->prev = td;
	td->tid = tid;
	td->tsd = (void *)(mem + libc.tls_size);
	td->locale = &libc.global_locale;
	td->detach_state = DT_DETACHED;
	td->robust_list.head = &td->robust_list.head;
	td->canary = self->canary;
	td->sysinfo = self->sysinfo;
	return (uintptr_t)TP_ADJ(td);
}

/* exit() of a child process's program: its standard streams only. */
hidden void __nablux_prog_flush(void)
{
	fflush(stdout);
	fflush(stderr);
}

/* Its end: output still buffered there is its own, and goes with it. */
hidden void __nablux_prog_drop(void)
{
	FILE *f = stdout;

	FLOCK(f);
	f->wpos = f->wbase;
	FUNLOCK(f);
}
