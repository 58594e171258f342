// SPDX-License-Identifier: GPL-2.0
/*
 * The system call table, generated from x86_64's syscall_64.tbl. Every
 * entry is called with six longs, which the SYSCALL_DEFINE wrappers
 * narrow as the x86_64 ABI does; this file sees no prototypes but these.
 */
#include <linux/linkage.h>
#include <asm/unistd.h>

typedef long (*syscall_fn_t)(long, long, long, long, long, long);

#define __SYSCALL(nr, sym) extern long sym(long, long, long, long, long, long);
#include <asm/syscall_table_64.h>
#undef __SYSCALL

#define __SYSCALL(nr, sym) [nr] = sym,
const syscall_fn_t syscall_table[__NR_syscalls] = {
#include <asm/syscall_table_64.h>
};
