/* SPDX-License-Identifier: MIT */
/*
 * Child processes: vfork, and execve of the programs linked into the
 * unikernel (<nablux/program.h>).
 *
 * vfork -- musl's vfork and posix_spawn's clone(CLONE_VM|CLONE_VFORK) --
 * makes a child process in the kernel (nablux_vfork) that runs on the
 * caller's thread and stack, below the caller's frames, while the parent
 * waits. When the child ends (the kernel says its task is gone) or execs,
 * the thread becomes the parent again and vfork returns a second time,
 * from the registers saved when it was called, with the child's pid.
 *
 * execve of a registered program gives the child a thread of its own
 * (nablux_vfork_exec): a 1 MiB stack, its arguments copied above it, and
 * a TLS block with a thread descriptor of musl's (__nablux_prog.c); its
 * main's end is exit(), which in a child process ends only the child.
 * Any other path is ENOENT; the unikernel's own program is ENOEXEC.
 */
#include <stddef.h>
#include <stdint.h>

#include <asm/unistd_64.h>
#include <asm/stat.h>
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/limits.h>

#include "platform.h"
#include <nablux/nablux.h>
#include <nablux/program.h>

#include "nablux_libc.h"
#include "exec.h"

/* What a function keeps across a call, and where it returns to. */
struct vfork_regs {
	unsigned long rip, rsp, rbx, rbp, r12, r13, r14, r15, rdx;
};

/*
 * long __nablux_vfork(void): saves the caller's registers (and %rdx,
 * where musl's vfork keeps its own return address) and calls
 * __nablux_vfork_enter with them: 0 now, as the child, or -errno. The
 * second return, the parent's, is __nablux_vfork_resume(regs, pid).
 */
__asm__(".text\n"
	".global __nablux_vfork\n"
	".type __nablux_vfork,@function\n"
	"__nablux_vfork:\n"
	"	mov (%rsp),%rax\n"
	"	lea 8(%rsp),%rcx\n"
	"	push %rdx\n"
	"	push %r15\n"
	"	push %r14\n"
	"	push %r13\n"
	"	push %r12\n"
	"	push %rbp\n"
	"	push %rbx\n"
	"	push %rcx\n"
	"	push %rax\n"
	"	mov %rsp,%rdi\n"
	"	call __nablux_vfork_enter\n"
	"	mov 64(%rsp),%rdx\n"
	"	add $72,%rsp\n"
	"	ret\n"
	".size __nablux_vfork,.-__nablux_vfork\n"
	".type vfork_resume,@function\n"
	"vfork_resume:\n"
	"	mov %rsi,%rax\n"
	"	mov 16(%rdi),%rbx\n"
	"	mov 24(%rdi),%rbp\n"
	"	mov 32(%rdi),%r12\n"
	"	mov 40(%rdi),%r13\n"
	"	mov 48(%rdi),%r14\n"
	"	mov 56(%rdi),%r15\n"
	"	mov 64(%rdi),%rdx\n"
	"	mov 0(%rdi),%rcx\n"
	"	mov 8(%rdi),%rsp\n"
	"	jmp *%rcx\n"
	".size vfork_resume,.-vfork_resume\n");

long __nablux_vfork_enter(const struct vfork_regs *regs);
void vfork_resume(const struct vfork_regs *regs, long ret)
	__attribute__((noreturn));

/* musl's side (__nablux_prog.c). */
int __nablux_prog_spawn(void);
size_t __nablux_prog_tls_size(void);
uintptr_t __nablux_prog_thread(unsigned char *mem, int tid);
_Noreturn void exit(int status);
int main(int argc, char **argv, char **envp);

extern const struct nablux_program __start_nablux_programs[],
	__stop_nablux_programs[];

/* A vfork whose child runs on this thread: how its parent goes on. */
struct vfork_frame {
	struct vfork_regs regs;
	long pid;
	int app;			/* plat_app_code of the caller */
	struct vfork_frame *up;		/* an outer vfork's, same thread */
};

/* A program's thread: one allocation, stack, arguments and TLS. */
#define PROG_STACK (1UL << 20)
struct prog {
	void *base;
	size_t npages;
	int (*main)(int, char **, char **);
	int argc;
	char **argv, **envp;
};

static unsigned frame_key, prog_key;
static int have_keys;

static struct vfork_frame *frame_top(void)
{
	return have_keys ? plat_key_get(frame_key) : NULL;
}

long __nablux_vfork_enter(const struct vfork_regs *regs)
{
	int app = plat_app_code(0);
	struct vfork_frame *f = NULL;
	long pid;

	if (!have_keys && (plat_key_create(&frame_key) ||
			   plat_key_create(&prog_key))) {
		pid = -EAGAIN;
		goto out;
	}
	have_keys = 1;
	pid = __nablux_prog_spawn();
	if (pid < 0)
		goto out;
	f = plat_pages_alloc(1);
	if (!f) {
		pid = -ENOMEM;
		goto out;
	}
	pid = nablux_vfork();
	if (pid < 0) {
		plat_pages_free(f, 1);
		goto out;
	}
	*f = (struct vfork_frame){ .regs = *regs, .pid = pid, .app = app,
				   .up = frame_top() };
	plat_key_set(frame_key, f);
	pid = 0;
out:
	plat_app_code(app);
	return pid;
}

/* The child on this thread has ended or exec'd: vfork returns again. */
static void __attribute__((noreturn)) vfork_return(void)
{
	struct vfork_frame *f = frame_top();
	struct vfork_regs regs = f->regs;
	long pid = f->pid;
	int app = f->app;

	plat_key_set(frame_key, f->up);
	plat_pages_free(f, 1);
	plat_app_code(app);
	vfork_resume(&regs, pid);
}

int exec_in_vfork_child(void)
{
	return frame_top() != NULL;
}

int exec_clone_vfork(int (*fn)(void *), void *arg)
{
	long r = __nablux_vfork();

	if (r)
		return (int)r;
	/* The child: on, below this frame, as musl's __clone would run it. */
	r = fn(arg);
	__nablux_syscall(__NR_exit, r, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

void exec_task_gone(void)
{
	struct prog *p;

	if (frame_top())
		vfork_return();
	/* A program's thread (or one of its threads): its memory is ours to
	 * free, and nothing runs on it before the thread is gone. */
	p = have_keys ? plat_key_get(prog_key) : NULL;
	if (p)
		plat_pages_free(p->base, p->npages);
	plat_thread_exit();
}

/* ---- execve */

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * path made absolute with "." and ".." resolved, in buf (PATH_MAX):
 * programs are known by such paths, not by files.
 */
static long normalize(const char *path, char *buf)
{
	size_t n = 0;

	if (!*path)
		return -ENOENT;
	if (*path != '/') {
		long r = nablux_syscall(__NR_getcwd,
					(long[6]){ (long)buf, PATH_MAX });
		if (r < 0)
			return r;
		n = slen(buf);
		while (n && buf[n - 1] == '/')
			n--;
	}
	for (const char *s = path; *s;) {
		const char *e;

		while (*s == '/')
			s++;
		for (e = s; *e && *e != '/'; e++)
			;
		size_t len = (size_t)(e - s);

		if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (n && buf[n - 1] != '/')
				n--;
			if (n)
				n--;
		} else if (len && !(len == 1 && s[0] == '.')) {
			if (n + 1 + len + 1 > PATH_MAX)
				return -ENAMETOOLONG;
			buf[n++] = '/';
			__builtin_memcpy(buf + n, s, len);
			n += len;
		}
		s = e;
	}
	if (!n)
		buf[n++] = '/';
	buf[n] = 0;
	return 0;
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return nablux_syscall(__NR_newfstatat,
			      (long[6]){ AT_FDCWD, (long)a, (long)&sa }) == 0 &&
	       nablux_syscall(__NR_newfstatat,
			      (long[6]){ AT_FDCWD, (long)b, (long)&sb }) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The unikernel's own program again, in its own memory: every global,
 * the heap's and libc's state shared by two mains. Said once. */
static long self_exec(void)
{
	static int said;

	__nablux_say_once(&said, "nablux: execve of the program itself is not "
			  "supported (one address space)\n");
	return -ENOEXEC;
}

static const struct nablux_program *find(const char *path)
{
	for (const struct nablux_program *p = __start_nablux_programs;
	     p < __stop_nablux_programs; p++) {
		const char *a = p->path, *b = path;

		while (*a && *a == *b)
			a++, b++;
		if (*a == *b)
			return p;
	}
	return NULL;
}

/* Room for n pointers and the strings of v (NULL: none). */
static size_t vec_size(char *const *v, int *n)
{
	size_t size = 0;

	*n = 0;
	while (v && v[*n])
		size += slen(v[(*n)++]) + 1;
	return size + (size_t)(*n + 1) * sizeof(char *);
}

/* v's copy: pointers at *vec, strings at *str, both moved on. */
static char **vec_copy(char *const *v, int n, char ***vec, char **str)
{
	char **out = *vec;

	for (int i = 0; i < n; i++) {
		size_t len = slen(v[i]) + 1;

		__builtin_memcpy(*str, v[i], len);
		out[i] = *str;
		*str += len;
	}
	out[n] = NULL;
	*vec += n + 1;
	return out;
}

static void prog_start(void *arg)
{
	struct prog *p = arg;

	plat_key_set(prog_key, p);
	plat_app_code(1);
	exit(p->main(p->argc, p->argv, p->envp));
}

long exec_execve(const char *path, char *const argv[], char *const envp[])
{
	char abs[PATH_MAX];
	const struct nablux_program *prog;
	int argc, envc;
	long r = normalize(path, abs);

	if (r < 0)
		return r;
	prog = find(abs);
	if (!prog)
		return same_file(abs, "/proc/self/exe") ? self_exec() : -ENOENT;
	if (prog->main == main)
		return self_exec();

	size_t args = vec_size(argv, &argc) + vec_size(envp, &envc);
	size_t tls = __nablux_prog_tls_size();
	size_t size = PROG_STACK + ((sizeof(struct prog) + args + 15) & ~15UL) +
		      tls;
	size_t npages = (size + PLAT_PAGE_SIZE - 1) / PLAT_PAGE_SIZE;
	char *base = plat_pages_alloc(npages);

	if (!base)
		return -ENOMEM;
	struct prog *p = (struct prog *)(base + PROG_STACK);
	char **vec = (char **)(p + 1);
	char *str = (char *)(vec + argc + 1 + envc + 1);

	*p = (struct prog){ .base = base, .npages = npages, .main = prog->main,
			    .argc = argc };
	p->argv = vec_copy(argv, argc, &vec, &str);
	p->envp = vec_copy(envp, envc, &vec, &str);

	const char *name = abs;
	for (const char *s = abs; *s; s++)
		if (*s == '/' && s[1])
			name = s + 1;
	uintptr_t tp = __nablux_prog_thread(
		(unsigned char *)base + npages * PLAT_PAGE_SIZE - tls,
		(int)nablux_syscall(__NR_getpid, (long[6]){ 0 }));
	r = nablux_vfork_exec(name, prog_start, p, p, tp);
	if (r < 0) {
		plat_pages_free(base, npages);
		return r;
	}
	vfork_return();
}
