/* SPDX-License-Identifier: ISC */
/*
 * bindings.h: private declarations shared by the spt bindings.
 *
 * Nothing here is visible to applications: bindings.mk localises every
 * symbol except the Solo5 API, _start and the stack protector's.
 */
#ifndef NABLUX_SPT_BINDINGS_H
#define NABLUX_SPT_BINDINGS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "solo5.h"
#include "spt_abi.h"
#include "mft_abi.h"

#define PAGE_SIZE 4096UL
#define NSEC_PER_SEC 1000000000ULL

/*
 * Bytes kept below mem_size for the initial stack: the heap handed to the
 * application ends here, so a page allocator can never hand out the pages
 * the boot thread is running on.
 */
#define STACK_RESERVE (1UL << 20)
/* Refuse to start with less heap than this (as Solo5 does). */
#define HEAP_MIN (512UL << 10)

/* ---- sys_x86_64.c: the only raw host system calls (see the seccomp
 * allowlist of solo5-spt). Each returns the kernel's value: >= 0, or a
 * negative errno. */
#define SYS_EINTR 4
#define SYS_EAGAIN 11
#define SYS_CLOCK_REALTIME 0
#define SYS_CLOCK_MONOTONIC 1
#define SYS_TFD_TIMER_ABSTIME 1
#define SYS_ARCH_SET_FS 0x1002
#define SYS_STDOUT 1

struct sys_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct sys_itimerspec {
	struct sys_timespec it_interval;
	struct sys_timespec it_value;
};

/* x86_64 struct epoll_event is packed: 12 bytes. */
struct sys_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

long sys_read(int fd, void *buf, size_t size);
long sys_write(int fd, const void *buf, size_t size);
long sys_pread64(int fd, void *buf, size_t size, uint64_t off);
long sys_pwrite64(int fd, const void *buf, size_t size, uint64_t off);
long sys_clock_gettime(int clock, struct sys_timespec *ts);
long sys_epoll_pwait(int epfd, struct sys_epoll_event *ev, int maxev,
		     int timeout);
long sys_timerfd_settime(int fd, int flags, const struct sys_itimerspec *it);
long sys_arch_prctl_set_fs(uintptr_t base);
void sys_exit_group(int status) __attribute__((noreturn));

/* ---- lib.c: the few string routines the bindings need. The compiler
 * may also emit calls to memcpy/memset/memmove/memcmp. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);

/* ---- log.c: leveled console output with a tiny printf. */
enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };
void log_init(void);
void log_set_level(enum log_level level);
void log_printf(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define log(level, ...) log_printf(LOG_##level, __VA_ARGS__)
/* Print "Solo5: ABORT: msg" and exit 255, without touching much state. */
void bindings_panic(const char *msg) __attribute__((noreturn));

/* ---- cmdline.c */
const char *cmdline_parse(const char *cmdline);

/* ---- mem.c */
void mem_init(const struct spt_boot_info *bi, uintptr_t *heap_start,
	      size_t *heap_size);

/* ---- mft.c: lookups in the tender-filled manifest. */
void mft_init(const struct spt_boot_info *bi);
/* The entry for (name, type) if it is present, attached and not yet
 * acquired; marks it acquired and sets *handle. NULL otherwise. */
const struct mft_entry *mft_acquire(const char *name, mft_type_t type,
				    solo5_handle_t *handle);
/* The acquired entry of this handle and type, or NULL. */
const struct mft_entry *mft_get(solo5_handle_t handle, mft_type_t type);
/* Number of net devices (the extra epoll events yield must expect). */
unsigned mft_net_count(void);

/* ---- yield.c */
void yield_init(const struct spt_boot_info *bi);

/* ---- hostsig.c: yield saw the signalfd of this event readable. */
void hostsig_readable(uint64_t event_data);

/* ---- clock.c: the host's timer fired before the TSC clock says the
 * deadline has passed: take a new anchor (no-op on the syscall clock). */
void clock_resync(void);

/* ---- tls.c */
void tls_init_boot(void);

#endif /* NABLUX_SPT_BINDINGS_H */
