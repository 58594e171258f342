/* SPDX-License-Identifier: ISC */
/*
 * solo5_host.h: the Solo5 API implemented on POSIX, so that platform code
 * can be unit-tested in an ordinary process (under ASan/UBSan).
 *
 * Differences from spt, on purpose: solo5_set_tls_base() only records the
 * value (changing %fs would break the host's libc); devices are whatever
 * descriptors a test registers; solo5_yield() waits with ppoll(). The
 * host signals of nablux_spt.h are what a test raises: a yield returns at
 * once while one is pending.
 */
#ifndef NABLUX_SOLO5_HOST_H
#define NABLUX_SOLO5_HOST_H

#include "solo5.h"

/* Register a device before the code under test acquires it. Handles are
 * given in registration order from 1. A block device's capacity is the
 * size of (fd) at registration. */
void solo5_host_add_block(const char *name, int fd, uint64_t block_size);
void solo5_host_add_net(const char *name, int fd, unsigned mtu,
			const uint8_t mac[6]);

/* The last value given to solo5_set_tls_base(), and how many calls. */
uintptr_t solo5_host_tls_base(void);
unsigned long solo5_host_tls_switches(void);

/* How many times solo5_yield() was called, and with which last deadline. */
unsigned long solo5_host_yields(void);
solo5_time_t solo5_host_last_deadline(void);

/* A host signal arrives (nablux_spt_host_signal() hands it out). */
void solo5_host_raise_signal(int sig);

#endif /* NABLUX_SOLO5_HOST_H */
