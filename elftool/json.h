/* SPDX-License-Identifier: ISC */
/*
 * json.h: a small strict JSON (RFC 8259) parser for manifest sources.
 *
 * The whole document is parsed into a tree. Object members keep their
 * source order; a duplicated key is a parse error, because a manifest
 * with two "devices" keys has no single meaning. Strings are decoded to
 * UTF-8 and may contain NUL, so their length is kept alongside.
 */
#ifndef NABLUX_ELFTOOL_JSON_H
#define NABLUX_ELFTOOL_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_kind {
	JSON_NULL,
	JSON_BOOL,
	JSON_INT,	/* a number without fraction or exponent that fits */
	JSON_REAL,	/* any other number */
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_value {
	enum json_kind kind;
	union {
		bool b;
		long long i;
		double r;
		struct {
			char *s;	/* NUL-terminated copy */
			size_t len;	/* may be < strlen only if s holds NUL */
		} str;
		struct {
			struct json_value **v;	/* array elements */
			char **keys;	/* object keys, NULL for arrays */
			size_t *key_lens;
			size_t n;
		} list;
	} u;
};

#define JSON_ERR_SIZE 128
#define JSON_MAX_DEPTH 64

/* Parse exactly one JSON value, surrounded only by whitespace, from
 * text[0..len). Returns the tree, or NULL with a reason that names the
 * line and column in (err). */
struct json_value *json_parse(const char *text, size_t len,
			      char err[JSON_ERR_SIZE]);

void json_free(struct json_value *v);

/* "NULL", "BOOLEAN", "INTEGER", "REAL", "STRING", "ARRAY", "OBJECT". */
const char *json_kind_name(enum json_kind kind);

#endif /* NABLUX_ELFTOOL_JSON_H */
