/* SPDX-License-Identifier: ISC */
/*
 * solo5.h: the Solo5 public API, as nablux implements it.
 *
 * Thirteen calls (exit, abort, tls_size, tls_tp_offset, tls_init,
 * set_tls_base, clock_monotonic, clock_wall, yield, console_write,
 * net_acquire/write/read, block_acquire/write/read) plus the entry point
 * the application provides. The wire formats underneath are in
 * spt_abi.h, mft_abi.h and elf_abi.h.
 */
#ifndef SOLO5_H_INCLUDED
#define SOLO5_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results. Callers must not rely on EINVAL/EUNSPEC: an implementation may
 * abort instead. */
typedef enum {
	SOLO5_R_OK = 0,
	SOLO5_R_AGAIN,		/* try again later (e.g. no frame pending) */
	SOLO5_R_EINVAL,		/* invalid argument */
	SOLO5_R_EUNSPEC		/* unspecified failure */
} solo5_result_t;

/* Start-of-day information handed to solo5_app_main(); read-only. The
 * heap (heap_start, heap_size) is one non-executable RW region; the
 * initial stack lies above it, below the end of guest memory. */
struct solo5_start_info {
	const char *cmdline;
	uintptr_t heap_start;
	size_t heap_size;
};

/* Provided by the application; returning is solo5_exit(return value). */
int solo5_app_main(const struct solo5_start_info *info);

#define SOLO5_EXIT_SUCCESS 0
#define SOLO5_EXIT_FAILURE 1
#define SOLO5_EXIT_ABORT 255	/* 255 and above are reserved */

void solo5_exit(int status) __attribute__((noreturn));
void solo5_abort(void) __attribute__((noreturn));

/* Thread-local storage, local-exec model (x86_64: variant II, the thread
 * pointer points at the end of the TLS block). */
size_t solo5_tls_size(void);
uintptr_t solo5_tls_tp_offset(uintptr_t tls);
solo5_result_t solo5_tls_init(uintptr_t tls);
solo5_result_t solo5_set_tls_base(uintptr_t base);

/* Time in nanoseconds. */
typedef uint64_t solo5_time_t;
solo5_time_t solo5_clock_monotonic(void);
solo5_time_t solo5_clock_wall(void);	/* since the UNIX epoch, UTC */

/* Handles are manifest indices; a set holds up to 64 of them. */
typedef uint64_t solo5_handle_t;
typedef uint64_t solo5_handle_set_t;

/* Sleep until monotonic time reaches (deadline) or a network device has
 * input; fill (*ready_set), if given, with the handles that have input. */
void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set);

/* Best effort: never fails, may drop output. */
void solo5_console_write(const char *buf, size_t size);

#define SOLO5_NET_ALEN 6	/* Ethernet address length */
#define SOLO5_NET_HLEN 14	/* Ethernet header length */

struct solo5_net_info {
	uint8_t mac_address[SOLO5_NET_ALEN];
	size_t mtu;		/* excluding the Ethernet header */
};

/* Each device may be acquired once; again gives SOLO5_R_EINVAL. */
solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
				 struct solo5_net_info *info);
/* One frame, header included, at most mtu + HLEN bytes; never blocks. */
solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
			       size_t size);
/* One frame into a buffer of at least mtu + HLEN bytes; SOLO5_R_AGAIN if
 * none is pending. */
solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf,
			      size_t size, size_t *read_size);

typedef uint64_t solo5_off_t;

struct solo5_block_info {
	solo5_off_t capacity;	/* bytes */
	solo5_off_t block_size;	/* minimum (and, for now, maximum) I/O unit */
};

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
				   struct solo5_block_info *info);
/* Exactly one block at a block-aligned offset inside the device. */
solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
				 const uint8_t *buf, size_t size);
solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
				uint8_t *buf, size_t size);

#endif /* SOLO5_H_INCLUDED */
