#include <stdlib.h>
#include <stdint.h>
#include "libc.h"
#include "syscall.h"

static void dummy()
{
}

/* atexit.c and __stdio_exit.c override these. the latter is linked
 * as a consequence of linking either __toread.c or __towrite.c. */
weak_alias(dummy, __funcs_on_exit);
weak_alias(dummy, __stdio_exit);
weak_alias(dummy, _fini);
/* nablux: __nablux_prog.c overrides this. */
hidden void __nablux_prog_flush(void);
weak_alias(dummy, __nablux_prog_flush);

extern weak hidden void (*const __fini_array_start)(void), (*const __fini_array_end)(void);

static void libc_exit_fini(void)
{
	uintptr_t a = (uintptr_t)&__fini_array_end;
	for (; a>(uintptr_t)&__fini_array_start; a-=sizeof(void(*)()))
		(*(void (**)())(a-sizeof(void(*)())))();
	_fini();
}

weak_alias(libc_exit_fini, __libc_exit_fini);

_Noreturn void exit(int code)
{
	/* nablux: a child process's program (libc/exec.c) shares this libc
	 * with the unikernel's own, pid 1, whose atexit handlers,
	 * destructors and open files these are: it flushes its standard
	 * output and error and ends. */
	if (__syscall(SYS_getpid) != 1) {
		__nablux_prog_flush();
		_Exit(code);
	}
	__funcs_on_exit();
	__libc_exit_fini();
	__stdio_exit();
	_Exit(code);
}
