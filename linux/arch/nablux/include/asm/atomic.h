/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_ATOMIC_H
#define _ASM_NABLUX_ATOMIC_H

/*
 * Atomics on the host's own instructions (the compiler's __atomic
 * builtins): correct whatever thread runs kernel code, and no dearer than
 * disabling interrupts. The generic fallbacks build the rest from these.
 */
#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/cmpxchg.h>
#include <asm/barrier.h>

#define NABLUX_ATOMIC_OPS(pfx, type, ctype)					\
static inline void arch_##pfx##_add(ctype i, type *v)			\
{ __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void arch_##pfx##_sub(ctype i, type *v)			\
{ __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void arch_##pfx##_and(ctype i, type *v)			\
{ __atomic_fetch_and(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void arch_##pfx##_or(ctype i, type *v)			\
{ __atomic_fetch_or(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline void arch_##pfx##_xor(ctype i, type *v)			\
{ __atomic_fetch_xor(&v->counter, i, __ATOMIC_RELAXED); }		\
static inline ctype arch_##pfx##_add_return(ctype i, type *v)		\
{ return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_sub_return(ctype i, type *v)		\
{ return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_fetch_add(ctype i, type *v)		\
{ return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_fetch_sub(ctype i, type *v)		\
{ return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_fetch_and(ctype i, type *v)		\
{ return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_fetch_or(ctype i, type *v)		\
{ return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_fetch_xor(ctype i, type *v)		\
{ return __atomic_fetch_xor(&v->counter, i, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_xchg(type *v, ctype n)			\
{ return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST); }	\
static inline ctype arch_##pfx##_cmpxchg(type *v, ctype o, ctype n)	\
{									\
	__atomic_compare_exchange_n(&v->counter, &o, n, false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	return o;							\
}

NABLUX_ATOMIC_OPS(atomic, atomic_t, int)
NABLUX_ATOMIC_OPS(atomic64, atomic64_t, s64)
#undef NABLUX_ATOMIC_OPS

#define ATOMIC64_INIT(i)		{ (i) }

#define arch_atomic_read(v)		READ_ONCE((v)->counter)
#define arch_atomic_set(v, i)		WRITE_ONCE((v)->counter, (i))
#define arch_atomic64_read(v)		READ_ONCE((v)->counter)
#define arch_atomic64_set(v, i)		WRITE_ONCE((v)->counter, (i))

#define arch_atomic_add arch_atomic_add
#define arch_atomic_sub arch_atomic_sub
#define arch_atomic_and arch_atomic_and
#define arch_atomic_or arch_atomic_or
#define arch_atomic_xor arch_atomic_xor
#define arch_atomic_add_return arch_atomic_add_return
#define arch_atomic_sub_return arch_atomic_sub_return
#define arch_atomic_fetch_add arch_atomic_fetch_add
#define arch_atomic_fetch_sub arch_atomic_fetch_sub
#define arch_atomic_fetch_and arch_atomic_fetch_and
#define arch_atomic_fetch_or arch_atomic_fetch_or
#define arch_atomic_fetch_xor arch_atomic_fetch_xor
#define arch_atomic_xchg arch_atomic_xchg
#define arch_atomic_cmpxchg arch_atomic_cmpxchg
#define arch_atomic64_add arch_atomic64_add
#define arch_atomic64_sub arch_atomic64_sub
#define arch_atomic64_and arch_atomic64_and
#define arch_atomic64_or arch_atomic64_or
#define arch_atomic64_xor arch_atomic64_xor
#define arch_atomic64_add_return arch_atomic64_add_return
#define arch_atomic64_sub_return arch_atomic64_sub_return
#define arch_atomic64_fetch_add arch_atomic64_fetch_add
#define arch_atomic64_fetch_sub arch_atomic64_fetch_sub
#define arch_atomic64_fetch_and arch_atomic64_fetch_and
#define arch_atomic64_fetch_or arch_atomic64_fetch_or
#define arch_atomic64_fetch_xor arch_atomic64_fetch_xor
#define arch_atomic64_xchg arch_atomic64_xchg
#define arch_atomic64_cmpxchg arch_atomic64_cmpxchg

#endif /* _ASM_NABLUX_ATOMIC_H */
