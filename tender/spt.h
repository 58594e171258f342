/* SPDX-License-Identifier: ISC */
/*
 * spt.h: the tender's internal contract between its core and its device
 * modules. A module owns its command-line options, attaches its host
 * resources into the manifest, and adds its own seccomp rules.
 */
#ifndef NABLUX_TENDER_SPT_H
#define NABLUX_TENDER_SPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mft.h"
#include "spt_abi.h"

struct spt {
	uintptr_t mem;		/* host address of guest address 0 */
	uint64_t mem_size;
	int epollfd;
	int timerfd;
	void *sc_ctx;		/* libseccomp filter being built */
};

struct spt_module {
	const char *name;
	/* 0 if (arg) was this module's option (errors exit), -1 if not. */
	int (*handle_cmdarg)(const char *arg, struct mft *mft);
	/* After the ELF is loaded: finish attaching, add seccomp rules. */
	void (*setup)(struct spt *spt, struct mft *mft);
	const char *(*usage)(void);
};

extern const struct spt_module spt_module_core;
extern const struct spt_module spt_module_net;
extern const struct spt_module spt_module_block;

/* Errors: "nablux-spt: <what>: <why>" on stderr, exit status 1. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void warnmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* die() for a failed seccomp_rule_add(). */
void seccomp_check(int rc, const char *rule);

struct spt *spt_init(uint64_t mem_size);
void spt_boot_info_init(struct spt *spt, uint64_t kernel_end, int argc,
			char **argv, const struct mft *mft, size_t mft_size);
void spt_run(struct spt *spt, uint64_t entry) __attribute__((noreturn));

/* The guest asks whether its memory is executable (before the options);
 * spt_boot_info_init() answers. */
void exec_heap_request(bool wanted);

/* module_net.c: the guest asks for net offload (before the options). */
void net_offload_request(bool wanted);

/* hostsig.c: the host-signal extension, for a guest that opts in. */
void hostsig_setup(struct spt *spt);

/* preempt.c: the preemption extension, for a guest that opts in with the
 * guest address of its descriptor; (fd) is the loaded executable's. */
void preempt_setup(struct spt *spt, int fd, uint64_t desc, const char *file);

#endif /* NABLUX_TENDER_SPT_H */
