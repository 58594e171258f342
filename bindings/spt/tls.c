/* SPDX-License-Identifier: ISC */
/*
 * tls.c: thread-local storage for the application, x86_64 variant II.
 *
 * A TLS block is [.tdata image | zeroed .tbss | tcb], and the thread
 * pointer (%fs base) points at the tcb, whose first word points to
 * itself (the ABI's rule; code reads %fs:0 to find the block). spt.lds
 * gives the image and the sizes, padded as the linker's own %fs offsets
 * assume.
 */
#include "bindings.h"

extern const char __nablux_tdata_start[];
extern const char __nablux_tdata_size[], __nablux_tls_size[];
#define TDATA_SIZE ((size_t)(uintptr_t)__nablux_tdata_size)
#define TLS_SIZE ((size_t)(uintptr_t)__nablux_tls_size)

size_t solo5_tls_size(void)
{
	return TLS_SIZE + sizeof(uintptr_t);
}

uintptr_t solo5_tls_tp_offset(uintptr_t tls)
{
	return tls + TLS_SIZE;
}

solo5_result_t solo5_tls_init(uintptr_t tls)
{
	if (tls == 0)
		return SOLO5_R_EINVAL;
	memcpy((void *)tls, __nablux_tdata_start, TDATA_SIZE);
	memset((char *)tls + TDATA_SIZE, 0, TLS_SIZE - TDATA_SIZE);
	uintptr_t *tcb = (uintptr_t *)solo5_tls_tp_offset(tls);
	*tcb = (uintptr_t)tcb;
	return SOLO5_R_OK;
}

solo5_result_t solo5_set_tls_base(uintptr_t base)
{
	return sys_arch_prctl_set_fs(base) == 0 ? SOLO5_R_OK : SOLO5_R_EINVAL;
}

/* The tender leaves its own %fs; a guest that uses TLS before setting it
 * up must fault, not scribble on the tender's libc state. */
void tls_init_boot(void)
{
	(void)sys_arch_prctl_set_fs(0);
}
