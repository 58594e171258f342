/* SPDX-License-Identifier: ISC */
/*
 * main.c: nablux-spt's command line, compatible with Solo5's solo5-spt:
 *   nablux-spt [ --mem=MiB ] [ MODULE OPTIONS ] [ -- ] KERNEL [ ARGS ]
 * Options come before KERNEL; ARGS are joined into the guest command line.
 * The manifest inside KERNEL is read first, because device options are
 * checked against it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nablux_spt_abi.h"
#include "spt.h"

#ifndef NABLUX_VERSION
#define NABLUX_VERSION "unknown"
#endif

static const struct spt_module *const modules[] = {
	&spt_module_core,
	&spt_module_net,
	&spt_module_block,
};
#define NMODULES (sizeof(modules) / sizeof(modules[0]))

static void usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: nablux-spt [ CORE OPTIONS ] [ MODULE OPTIONS ] "
		"[ -- ] KERNEL [ ARGS ]\n"
		"KERNEL is the filename of the unikernel to run.\n"
		"ARGS are optional arguments passed to the unikernel.\n"
		"Core options:\n"
		"  [ --mem=512 ] (guest memory in MiB)\n"
		"    --help (display this help)\n"
		"    --version (display version information)\n"
		"Compiled-in modules:");
	for (size_t i = 0; i < NMODULES; i++)
		fprintf(f, " %s", modules[i]->name);
	fprintf(f, "\nCompiled-in module options:\n");
	for (size_t i = 0; i < NMODULES; i++)
		fprintf(f, "    %s\n", modules[i]->usage());
	exit(status);
}

static uint64_t parse_mem(const char *arg)
{
	const char *s = arg + strlen("--mem=");
	char *end;
	unsigned long long mib;

	errno = 0;
	mib = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != 0 || errno != 0)
		die("%s: not a number of MiB", arg);
	/* At least 2 MiB (the executable starts at 1 MiB); at most 64 GiB,
	 * far below where the kernel maps the tender itself. */
	if (mib < 2 || mib > 64 * 1024)
		die("%s: guest memory must be between 2 and 65536 MiB", arg);
	return (uint64_t)mib << 20;
}

static void *read_note(int fd, const char *file, uint32_t type, size_t align,
		       size_t min, size_t max, size_t *size)
{
	char why[WHY_SIZE];
	void *note;

	if (elf_load_note(fd, type, align, min, max, &note, size, why) < 0)
		die("%s: %s", file, why);
	return note;
}

int main(int argc, char **argv)
{
	uint64_t mem_size = 512ULL << 20;
	char **arg = argv + 1;
	char why[WHY_SIZE];

	/* Pass 1: find KERNEL; --help and --version end everything. */
	char **k = arg;
	for (; *k && (*k)[0] == '-'; k++) {
		if (strcmp(*k, "--") == 0) {
			k++;
			break;
		}
		if (strcmp(*k, "--help") == 0)
			usage(0);
		if (strcmp(*k, "--version") == 0) {
			printf("nablux-spt %s\nspt ABI version %u, manifest "
			       "version %u\n", NABLUX_VERSION, SPT_ABI_VERSION,
			       MFT_VERSION);
			return 0;
		}
	}
	if (*k == NULL) {
		warnmsg("missing KERNEL operand");
		usage(1);
	}
	const char *file = *k;

	/* O_NONBLOCK: opening a FIFO must not hang; fstat refuses it next. */
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		die("%s: cannot open: %s", file, strerror(errno));

	size_t abi_size, mft_size;
	struct abi1_info *abi = read_note(fd, file, ABI1_NOTE_TYPE,
					  ABI1_NOTE_ALIGN,
					  sizeof(struct abi1_info),
					  ABI1_NOTE_MAX_SIZE, &abi_size);
	if (abi->abi_target != SPT_ABI_TARGET)
		die("%s: executable is for Solo5 target %u, not spt (%u)", file,
		    abi->abi_target, SPT_ABI_TARGET);
	if (abi->abi_version != SPT_ABI_VERSION)
		die("%s: executable requests spt ABI version %u; this tender "
		    "implements version %u", file, abi->abi_version,
		    SPT_ABI_VERSION);
	free(abi);

	struct mft *mft = read_note(fd, file, MFT1_NOTE_TYPE, MFT1_NOTE_ALIGN,
				    sizeof(struct mft), MFT1_NOTE_MAX_SIZE,
				    &mft_size);
	if (mft_validate(mft, mft_size, why) < 0)
		die("%s: invalid manifest: %s", file, why);

	/* nablux-only extensions the guest asks for; none without the note. */
	struct nablux_ext_info ext = { 0 };
	size_t ext_size;
	void *ext_note;
	if (elf_load_nablux_note(fd, NABLUX_EXT_NOTE_TYPE,
				 NABLUX_EXT_NOTE_ALIGN, sizeof(uint64_t),
				 NABLUX_EXT_NOTE_MAX_SIZE, &ext_note, &ext_size,
				 why) < 0)
		die("%s: %s", file, why);
	if (ext_note != NULL) {
		memcpy(&ext, ext_note,
		       ext_size < sizeof(ext) ? ext_size : sizeof(ext));
		free(ext_note);
	}
	net_offload_request(ext.net_offload != 0);
	exec_heap_request(ext.exec_heap != 0);

	/* Pass 2: the options, handled by the core and the modules. */
	for (; arg < k; arg++) {
		size_t i;

		if (strcmp(*arg, "--") == 0)
			continue;
		if (strncmp(*arg, "--mem=", 6) == 0) {
			mem_size = parse_mem(*arg);
			continue;
		}
		for (i = 0; i < NMODULES; i++)
			if (modules[i]->handle_cmdarg(*arg, mft) == 0)
				break;
		if (i == NMODULES) {
			warnmsg("%s: unknown option", *arg);
			usage(1);
		}
	}

	struct spt *spt = spt_init(mem_size);
	uint64_t entry, kernel_end;
	if (elf_load(fd, spt->mem, spt->mem_size, SPT_GUEST_MIN_BASE, &entry,
		     &kernel_end, why) < 0)
		die("%s: %s", file, why);

	for (size_t i = 0; i < NMODULES; i++)
		modules[i]->setup(spt, mft);
	int missing = 0;
	for (unsigned i = 1; i < mft->entries; i++) {
		if (!mft->e[i].attached) {
			warnmsg("device '%s' (%s) is declared in the manifest "
				"but not attached", mft->e[i].name,
				mft_type_to_string(mft->e[i].type));
			missing++;
		}
	}
	if (missing)
		die("every declared device must be attached; see --help");
	if (ext.host_signals)
		hostsig_setup(spt);
	if (ext.preempt)
		preempt_setup(spt, fd, ext.preempt, file);
	close(fd);

	spt_boot_info_init(spt, kernel_end, (int)(argv + argc - (k + 1)),
			   k + 1, mft, mft_size);
	free(mft);
	spt_run(spt, entry);
}
