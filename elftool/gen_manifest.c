/* SPDX-License-Identifier: ISC */
/*
 * gen_manifest.c: `gen-manifest SOURCE OUTPUT`, JSON manifest to C.
 *
 * The whole source is validated before anything is written, and the C
 * file appears under OUTPUT only by rename(), so a failed run never
 * leaves a partial or stale-looking output behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elftool.h"
#include "json.h"
#include "mft_abi.h"

/* Far above any real manifest (63 devices is ~4 KiB); a bound keeps a
 * mistaken or hostile SOURCE from eating memory. */
#define SOURCE_MAX (1024 * 1024)

#define MANIFEST_TYPE "solo5.manifest"

static const struct {
	const char *json;	/* name in the JSON source */
	const char *c;		/* enumerator in mft_abi.h */
} dev_types[] = {
	{ "BLOCK_BASIC", "MFT_DEV_BLOCK_BASIC" },
	{ "NET_BASIC", "MFT_DEV_NET_BASIC" },
};

struct device {
	const char *name;
	const char *c_type;
};

static char *read_source(const char *path, size_t *out_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		elftool_error(path, "cannot open: %s", strerror(errno));
		return NULL;
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		goto oom;
	for (;;) {
		if (len == cap) {
			if (cap >= SOURCE_MAX) {
				elftool_error(path, "file too large (over %d bytes)",
					      SOURCE_MAX);
				goto bad;
			}
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (nb == NULL)
				goto oom;
			buf = nb;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			elftool_error(path, "cannot read: %s", strerror(errno));
			goto bad;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	*out_len = len;
	return buf;
oom:
	elftool_error(path, "out of memory");
bad:
	free(buf);
	close(fd);
	return NULL;
}

/* A JSON string made safe to quote in a message: at most 64 bytes,
 * anything but printable ASCII shown as '?'. */
static const char *shown(const struct json_value *s, char out[72])
{
	size_t n = 0;
	for (size_t i = 0; i < s->u.str.len && n < 64; i++) {
		unsigned char c = (unsigned char)s->u.str.s[i];
		out[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (s->u.str.len > 64) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool expect(const char *src, const struct json_value *v,
		   enum json_kind kind, const char *loc)
{
	if (v->kind == kind)
		return true;
	elftool_error(src, "%s: expected %s, got %s", loc,
		      json_kind_name(kind), json_kind_name(v->kind));
	return false;
}

/* Check one .devices[] element; fills (*dev) pointing into the tree. */
static bool check_device(const char *src, const struct json_value *jd,
			 size_t idx, struct device *dev)
{
	const struct json_value *jname = NULL, *jtype = NULL;
	char loc[48], sh[72];

	snprintf(loc, sizeof loc, ".devices[%zu]", idx);
	for (size_t k = 0; k < jd->u.list.n; k++) {
		const char *key = jd->u.list.keys[k];
		const struct json_value *v = jd->u.list.v[k];
		char kloc[64];
		if (strcmp(key, "name") == 0) {
			snprintf(kloc, sizeof kloc, "%s.name", loc);
			if (!expect(src, v, JSON_STRING, kloc))
				return false;
			jname = v;
		} else if (strcmp(key, "type") == 0) {
			snprintf(kloc, sizeof kloc, "%s.type", loc);
			if (!expect(src, v, JSON_STRING, kloc))
				return false;
			jtype = v;
		} else {
			struct json_value kv = { .kind = JSON_STRING };
			kv.u.str.s = jd->u.list.keys[k];
			kv.u.str.len = jd->u.list.key_lens[k];
			elftool_error(src, "%s: unknown key: %s", loc,
				      shown(&kv, sh));
			return false;
		}
	}
	if (jname == NULL) {
		elftool_error(src, "%s: missing .name", loc);
		return false;
	}
	if (jname->u.str.len == 0) {
		elftool_error(src, "%s: .name may not be empty", loc);
		return false;
	}
	if (jname->u.str.len > MFT_NAME_MAX) {
		elftool_error(src, "%s: name too long, maximum %d characters",
			      loc, MFT_NAME_MAX);
		return false;
	}
	for (size_t i = 0; i < jname->u.str.len; i++) {
		if (!is_alnum(jname->u.str.s[i])) {
			elftool_error(src, "%s: name is not alphanumeric: %s",
				      loc, shown(jname, sh));
			return false;
		}
	}
	if (jtype == NULL) {
		elftool_error(src, "%s: missing .type", loc);
		return false;
	}
	dev->name = jname->u.str.s;
	dev->c_type = NULL;
	for (size_t t = 0; t < sizeof dev_types / sizeof dev_types[0]; t++) {
		if (strlen(dev_types[t].json) == jtype->u.str.len &&
		    strcmp(dev_types[t].json, jtype->u.str.s) == 0)
			dev->c_type = dev_types[t].c;
	}
	if (dev->c_type == NULL) {
		elftool_error(src, "%s: unknown device type: %s", loc,
			      shown(jtype, sh));
		return false;
	}
	return true;
}

/* Validate the tree; on success (*devs) holds (*ndevs) devices. */
static bool check_manifest(const char *src, const struct json_value *root,
			   struct device *devs, size_t *ndevs)
{
	const struct json_value *jtype = NULL, *jversion = NULL,
				*jdevices = NULL;
	char sh[72];

	if (!expect(src, root, JSON_OBJECT, "(root)"))
		return false;
	for (size_t k = 0; k < root->u.list.n; k++) {
		const char *key = root->u.list.keys[k];
		const struct json_value *v = root->u.list.v[k];
		if (strcmp(key, "type") == 0) {
			if (!expect(src, v, JSON_STRING, ".type"))
				return false;
			jtype = v;
		} else if (strcmp(key, "version") == 0) {
			if (!expect(src, v, JSON_INT, ".version"))
				return false;
			jversion = v;
		} else if (strcmp(key, "devices") == 0) {
			if (!expect(src, v, JSON_ARRAY, ".devices"))
				return false;
			for (size_t i = 0; i < v->u.list.n; i++)
				if (!expect(src, v->u.list.v[i], JSON_OBJECT,
					    ".devices[]"))
					return false;
			jdevices = v;
		} else {
			struct json_value kv = { .kind = JSON_STRING };
			kv.u.str.s = root->u.list.keys[k];
			kv.u.str.len = root->u.list.key_lens[k];
			elftool_error(src, "(root): unknown key: %s",
				      shown(&kv, sh));
			return false;
		}
	}
	if (jtype == NULL) {
		elftool_error(src, "missing .type");
		return false;
	}
	if (jversion == NULL) {
		elftool_error(src, "missing .version");
		return false;
	}
	if (jdevices == NULL) {
		elftool_error(src, "missing .devices[]");
		return false;
	}
	if (jtype->u.str.len != strlen(MANIFEST_TYPE) ||
	    strcmp(jtype->u.str.s, MANIFEST_TYPE) != 0) {
		elftool_error(src, ".type: invalid type \"%s\", expected \"%s\"",
			      shown(jtype, sh), MANIFEST_TYPE);
		return false;
	}
	if (jversion->u.i != MFT_VERSION) {
		elftool_error(src, ".version: invalid version %lld, expected %d",
			      jversion->u.i, MFT_VERSION);
		return false;
	}
	/* Entry 0 is the reserved entry, so one slot fewer for devices. */
	if (jdevices->u.list.n > MFT_MAX_ENTRIES - 1) {
		elftool_error(src, ".devices[]: too many entries, maximum %d",
			      MFT_MAX_ENTRIES - 1);
		return false;
	}
	for (size_t i = 0; i < jdevices->u.list.n; i++) {
		if (!check_device(src, jdevices->u.list.v[i], i, &devs[i]))
			return false;
		/* The tender looks devices up by name: names must be unique. */
		for (size_t j = 0; j < i; j++) {
			if (strcmp(devs[j].name, devs[i].name) == 0) {
				elftool_error(src,
					      ".devices[%zu]: duplicate name: %s",
					      i, devs[i].name);
				return false;
			}
		}
	}
	*ndevs = jdevices->u.list.n;
	return true;
}

static void emit(FILE *f, const struct device *devs, size_t ndevs)
{
	size_t entries = ndevs + 1;
	fprintf(f, "/* Generated by " ELFTOOL_NAME ", do not edit */\n\n");
	fprintf(f, "#define MFT_ENTRIES %zu\n", entries);
	fprintf(f, "#include \"mft_abi.h\"\n\n");
	fprintf(f, "MFT1_NOTE_DECLARE_BEGIN\n{\n");
	fprintf(f, "  .version = MFT_VERSION, .entries = %zu,\n", entries);
	fprintf(f, "  .e = {\n");
	fprintf(f, "    { .name = \"\", .type = MFT_RESERVED_FIRST },\n");
	for (size_t i = 0; i < ndevs; i++)
		fprintf(f, "    { .name = \"%s\", .type = %s },\n",
			devs[i].name, devs[i].c_type);
	fprintf(f, "  }\n}\nMFT1_NOTE_DECLARE_END\n");
}

/* Write via a temporary file in OUTPUT's directory and rename it. */
static int write_output(const char *output, const struct device *devs,
			size_t ndevs)
{
	size_t n = strlen(output) + sizeof ".XXXXXX";
	char *tmp = malloc(n);
	if (tmp == NULL) {
		elftool_error(output, "out of memory");
		return -1;
	}
	snprintf(tmp, n, "%s.XXXXXX", output);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		elftool_error(output, "cannot create: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkstemp makes 0600; give the usual umask-governed mode. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0) {
		elftool_error(output, "cannot chmod: %s", strerror(errno));
		goto bad_fd;
	}
	FILE *f = fdopen(fd, "w");
	if (f == NULL) {
		elftool_error(output, "cannot write: %s", strerror(errno));
		goto bad_fd;
	}
	errno = 0;
	emit(f, devs, ndevs);
	bool werr = ferror(f);
	if (fclose(f) != 0 || werr) {
		elftool_error(output, "cannot write: %s",
			      errno ? strerror(errno) : "I/O error");
		goto bad;
	}
	if (rename(tmp, output) < 0) {
		elftool_error(output, "cannot rename into place: %s",
			      strerror(errno));
		goto bad;
	}
	free(tmp);
	return 0;
bad_fd:
	close(fd);
bad:
	unlink(tmp);
	free(tmp);
	return -1;
}

int elftool_gen_manifest(const char *source, const char *output)
{
	char jerr[JSON_ERR_SIZE];
	struct device devs[MFT_MAX_ENTRIES];
	size_t len, ndevs = 0;
	int status = EXIT_FAILURE;

	char *text = read_source(source, &len);
	if (text == NULL)
		return EXIT_FAILURE;
	struct json_value *root = json_parse(text, len, jerr);
	free(text);
	if (root == NULL) {
		elftool_error(source, "JSON parse error: %s", jerr);
		return EXIT_FAILURE;
	}
	if (check_manifest(source, root, devs, &ndevs) &&
	    write_output(output, devs, ndevs) == 0)
		status = EXIT_SUCCESS;
	json_free(root);
	return status;
}
