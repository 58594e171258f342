/* SPDX-License-Identifier: ISC */
/*
 * module_block.c: block devices backed by a host file or block device
 * (--block:NAME=PATH, --block-sector-size:NAME=N). The guest may pread64
 * and pwrite64 exactly one sector inside the device's capacity, so it can
 * neither grow the file nor touch anything else. A device attached with
 * the nablux-only --x-block-ro:NAME=PATH is opened read-only and gets no
 * pwrite64 rule: a guest that writes it is killed (a seccomp violation),
 * whatever it does inside.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"
#include "spt.h"

#define DEFAULT_SECTOR 512

/* By manifest index: attached with --x-block-ro. */
static bool read_only[MFT_MAX_ENTRIES];

static int block_cmdarg(const char *arg, struct mft *mft)
{
	char name[MFT_NAME_SIZE];
	const char *value;
	struct mft_entry *e;
	bool ro = option_split(arg, "--x-block-ro:", name, &value) == 0;

	if (ro || option_split(arg, "--block:", name, &value) == 0) {
		struct stat st;
		uint64_t capacity;
		unsigned index;

		e = option_entry(arg, mft, name, MFT_DEV_BLOCK_BASIC, &index);
		if (e->attached)
			die("%s: device '%s' is already attached", arg, name);
		/* O_NONBLOCK: a FIFO or tty must not hang the open. */
		int fd = open(value, (ro ? O_RDONLY : O_RDWR) | O_NONBLOCK);
		if (fd < 0)
			die("%s: cannot open '%s': %s", arg, value,
			    strerror(errno));
		if (fstat(fd, &st) < 0)
			die("%s: '%s': %s", arg, value, strerror(errno));
		if (S_ISREG(st.st_mode))
			capacity = (uint64_t)st.st_size;
		else if (S_ISBLK(st.st_mode)) {
			if (ioctl(fd, BLKGETSIZE64, &capacity) < 0)
				die("%s: '%s': %s", arg, value, strerror(errno));
		} else
			die("%s: '%s' is not a regular file or block device",
			    arg, value);
		e->u.block_basic.capacity = capacity;
		e->b.hostfd = fd;
		e->attached = true;
		read_only[index] = ro;
		return 0;
	}
	if (option_split(arg, "--block-sector-size:", name, &value) == 0) {
		char *end;
		unsigned long n;

		e = option_entry(arg, mft, name, MFT_DEV_BLOCK_BASIC, NULL);
		errno = 0;
		n = strtoul(value, &end, 10);
		if (*end != 0 || errno || n < 512 || n > 32768 || (n & (n - 1)))
			die("%s: Block size must be a multiple of 2 greater "
			    "than or equal 512 (the sector size must be a power "
			    "of two from 512 to 32768)", arg);
		e->u.block_basic.block_size = (uint16_t)n;
		return 0;
	}
	return -1;
}

static void block_setup(struct spt *spt, struct mft *mft)
{
	for (unsigned i = 1; i < mft->entries; i++) {
		struct mft_entry *e = &mft->e[i];
		struct mft_block_basic *b = &e->u.block_basic;

		if (e->type != MFT_DEV_BLOCK_BASIC || !e->attached)
			continue;
		if (b->block_size == 0)
			b->block_size = DEFAULT_SECTOR;
		/* The capitalised phrases are Solo5's: scripts written for
		 * solo5-spt match on them. */
		if (b->capacity == 0)
			die("block device '%s': Backing storage must be at least "
			    "1 block (%u bytes) in size (the image is empty)",
			    e->name, b->block_size);
		if (b->capacity % b->block_size)
			die("block device '%s': Backing storage size must be "
			    "block aligned (%llu bytes, sector size %u)", e->name,
			    (unsigned long long)b->capacity, b->block_size);
		unsigned fd = (unsigned)e->b.hostfd;
		uint64_t last = b->capacity - b->block_size;
		seccomp_check(seccomp_rule_add(spt->sc_ctx, SCMP_ACT_ALLOW,
					       SCMP_SYS(pread64), 3,
					       SCMP_A0(SCMP_CMP_EQ, fd),
					       SCMP_A2(SCMP_CMP_EQ, b->block_size),
					       SCMP_A3(SCMP_CMP_LE, last)),
			      "pread64(block)");
		if (read_only[i])
			continue;
		seccomp_check(seccomp_rule_add(spt->sc_ctx, SCMP_ACT_ALLOW,
					       SCMP_SYS(pwrite64), 3,
					       SCMP_A0(SCMP_CMP_EQ, fd),
					       SCMP_A2(SCMP_CMP_EQ, b->block_size),
					       SCMP_A3(SCMP_CMP_LE, last)),
			      "pwrite64(block)");
	}
}

static const char *block_usage(void)
{
	return "--block:NAME=PATH (attach block device/file at PATH as block "
	       "storage NAME)\n"
	       "    [ --block-sector-size:NAME=512 ] (set the sector size of "
	       "block storage NAME)";
}

const struct spt_module spt_module_block = {
	.name = "block",
	.handle_cmdarg = block_cmdarg,
	.setup = block_setup,
	.usage = block_usage,
};
