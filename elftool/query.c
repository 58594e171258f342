/* SPDX-License-Identifier: ISC */
/*
 * query.c: `query-abi BINARY`, `query-manifest BINARY` and
 * `query-ext BINARY` (the nablux-only extensions the binary asks for).
 *
 * The notes are read with the tender's own parser (tender/elf.c,
 * tender/mft.c), so the elftool accepts exactly what nablux-spt accepts.
 * query-manifest prints JSON in the form gen-manifest reads, without
 * the implicit reserved entry, so its output can be fed back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "elf_abi.h"
#include "elftool.h"
#include "mft.h"
#include "nablux_spt_abi.h"

static int open_binary(const char *binary)
{
	int fd = open(binary, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		elftool_error(binary, "cannot open: %s", strerror(errno));
	return fd;
}

static const char *abi_target_name(uint32_t target)
{
	switch (target) {
	case HVT_ABI_TARGET: return "hvt";
	case SPT_ABI_TARGET: return "spt";
	case VIRTIO_ABI_TARGET: return "virtio";
	case MUEN_ABI_TARGET: return "muen";
	case GENODE_ABI_TARGET: return "genode";
	case XEN_ABI_TARGET: return "xen";
	}
	return NULL;
}

/* Flush stdout and report a failed write (e.g. a closed pipe or a full
 * disk), so a truncated JSON document never exits 0. */
static int finish_output(const char *binary)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		elftool_error(binary, "cannot write output: %s",
			      strerror(errno));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

int elftool_query_abi(const char *binary)
{
	char why[WHY_SIZE];
	void *note;
	size_t size;

	int fd = open_binary(binary);
	if (fd < 0)
		return EXIT_FAILURE;
	int rc = elf_load_note(fd, ABI1_NOTE_TYPE, ABI1_NOTE_ALIGN,
			       sizeof(struct abi1_info), ABI1_NOTE_MAX_SIZE,
			       &note, &size, why);
	close(fd);
	if (rc < 0) {
		elftool_error(binary, "cannot read the ABI note: %s", why);
		return EXIT_FAILURE;
	}
	struct abi1_info info;
	memcpy(&info, note, sizeof info);
	free(note);

	const char *target = abi_target_name(info.abi_target);
	if (target == NULL) {
		elftool_error(binary, "unknown ABI target %u",
			      info.abi_target);
		return EXIT_FAILURE;
	}
	printf("{ \"type\": \"solo5.abi\", \"target\": \"%s\", "
	       "\"version\": %u }\n", target, info.abi_version);
	return finish_output(binary);
}

/* The words of the "nablux" note, read as nablux-spt reads them: no note
 * asks for nothing, a malformed or duplicated one is refused. */
int elftool_query_ext(const char *binary)
{
	char why[WHY_SIZE];
	void *note;
	size_t size;

	int fd = open_binary(binary);
	if (fd < 0)
		return EXIT_FAILURE;
	int rc = elf_load_nablux_note(fd, NABLUX_EXT_NOTE_TYPE,
				      NABLUX_EXT_NOTE_ALIGN, sizeof(uint64_t),
				      NABLUX_EXT_NOTE_MAX_SIZE, &note, &size,
				      why);
	close(fd);
	if (rc < 0) {
		elftool_error(binary, "%s", why);
		return EXIT_FAILURE;
	}
	struct nablux_ext_info ext = { 0 };
	if (note != NULL) {
		memcpy(&ext, note, size < sizeof ext ? size : sizeof ext);
		free(note);
	}
	printf("{ \"type\": \"nablux.ext\", \"note\": %s, "
	       "\"host_signals\": %s, \"net_offload\": %s, \"preempt\": %s, "
	       "\"exec_heap\": %s }\n",
	       note != NULL ? "true" : "false",
	       ext.host_signals ? "true" : "false",
	       ext.net_offload ? "true" : "false",
	       ext.preempt ? "true" : "false",
	       ext.exec_heap ? "true" : "false");
	return finish_output(binary);
}

int elftool_query_manifest(const char *binary)
{
	char why[WHY_SIZE];
	void *note;
	size_t size;

	int fd = open_binary(binary);
	if (fd < 0)
		return EXIT_FAILURE;
	int rc = elf_load_note(fd, MFT1_NOTE_TYPE, MFT1_NOTE_ALIGN,
			       sizeof(struct mft) + sizeof(struct mft_entry),
			       MFT1_NOTE_MAX_SIZE, &note, &size, why);
	close(fd);
	if (rc < 0) {
		elftool_error(binary, "cannot read the manifest note: %s", why);
		return EXIT_FAILURE;
	}
	struct mft *mft = note;
	if (mft_validate(mft, size, why) < 0) {
		elftool_error(binary, "invalid manifest: %s", why);
		free(note);
		return EXIT_FAILURE;
	}

	/* mft_validate() guarantees NUL-terminated [A-Za-z0-9] names, so
	 * they can be printed inside JSON quotes as they are. */
	printf("{\n    \"type\": \"solo5.manifest\",\n");
	printf("    \"version\": %u,\n", mft->version);
	if (mft->entries <= 1) {
		printf("    \"devices\": [ ]\n}\n");
	} else {
		printf("    \"devices\": [\n");
		for (uint32_t i = 1; i < mft->entries; i++)
			printf("        { \"name\": \"%s\", \"type\": \"%s\" }%s\n",
			       mft->e[i].name,
			       mft_type_to_string(mft->e[i].type),
			       i + 1 < mft->entries ? "," : "");
		printf("    ]\n}\n");
	}
	free(note);
	return finish_output(binary);
}
