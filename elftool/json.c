/* SPDX-License-Identifier: ISC */
/*
 * json.c: a small strict JSON parser (see json.h).
 *
 * Recursive descent over an in-memory buffer. Strict means: no comments,
 * no trailing commas, no leading zeros or '+', no control characters or
 * invalid UTF-8 in strings, no lone surrogates, nothing after the value.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
	const char *text;
	size_t len;
	size_t pos;
	char *err;
	bool failed;
};

/* Record the first error only, with a 1-based line and column, so the
 * message points at the byte where the parse went wrong. */
__attribute__((format(printf, 2, 3)))
static void fail(struct parser *p, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = true;
	size_t line = 1, col = 1;
	for (size_t i = 0; i < p->pos && i < p->len; i++) {
		if (p->text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	int n = snprintf(p->err, JSON_ERR_SIZE, "line %zu, column %zu: ",
			 line, col);
	if (n < 0 || n >= JSON_ERR_SIZE)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + n, JSON_ERR_SIZE - (size_t)n, fmt, ap);
	va_end(ap);
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->text[p->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int peek(struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->text[p->pos] : -1;
}

/* Describe the byte at the cursor for messages: printable or hex. */
static const char *here(struct parser *p, char buf[16])
{
	int c = peek(p);
	if (c < 0)
		return "end of input";
	if (c >= 0x21 && c < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "0x%02x", c);
	return buf;
}

static void *xcalloc(struct parser *p, size_t n, size_t size)
{
	void *r = calloc(n ? n : 1, size);
	if (r == NULL)
		fail(p, "out of memory");
	return r;
}

/* A growable byte buffer for decoded strings. */
struct buf {
	char *s;
	size_t len, cap;
};

static bool buf_put(struct parser *p, struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (ns == NULL) {
			fail(p, "out of memory");
			return false;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

static size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid UTF-8 sequence at the cursor, or 0. Overlong
 * forms, surrogates and code points past U+10FFFF are invalid. */
static size_t utf8_valid(struct parser *p)
{
	const unsigned char *s = (const unsigned char *)p->text + p->pos;
	size_t left = p->len - p->pos;
	uint32_t cp, min;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	else if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int hex4(struct parser *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		int c = peek(p);
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else {
			fail(p, "invalid \\u escape");
			return -1;
		}
		p->pos++;
	}
	*out = v;
	return 0;
}

/* Parse a string at the cursor (which is on the opening quote) into a
 * fresh NUL-terminated buffer. */
static char *parse_string(struct parser *p, size_t *out_len)
{
	struct buf b = { 0 };
	p->pos++;
	if (!buf_put(p, &b, "", 0))
		return NULL;
	for (;;) {
		int c = peek(p);
		if (c < 0) {
			fail(p, "unterminated string");
			goto bad;
		}
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20) {
			fail(p, "control character 0x%02x in string", c);
			goto bad;
		}
		if (c != '\\') {
			size_t n = utf8_valid(p);
			if (n == 0) {
				fail(p, "invalid UTF-8 in string");
				goto bad;
			}
			if (!buf_put(p, &b, p->text + p->pos, n))
				goto bad;
			p->pos += n;
			continue;
		}
		p->pos++;
		char e = (char)peek(p), ch;
		switch (e) {
		case '"': ch = '"'; break;
		case '\\': ch = '\\'; break;
		case '/': ch = '/'; break;
		case 'b': ch = '\b'; break;
		case 'f': ch = '\f'; break;
		case 'n': ch = '\n'; break;
		case 'r': ch = '\r'; break;
		case 't': ch = '\t'; break;
		case 'u': {
			uint32_t cp, lo;
			char enc[4];
			p->pos++;
			if (hex4(p, &cp) < 0)
				goto bad;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				fail(p, "lone low surrogate in \\u escape");
				goto bad;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				/* A high surrogate must pair with \uDC00-DFFF. */
				if (p->pos + 1 >= p->len ||
				    p->text[p->pos] != '\\' ||
				    p->text[p->pos + 1] != 'u') {
					fail(p, "lone high surrogate in \\u escape");
					goto bad;
				}
				p->pos += 2;
				if (hex4(p, &lo) < 0)
					goto bad;
				if (lo < 0xdc00 || lo > 0xdfff) {
					fail(p, "bad surrogate pair in \\u escape");
					goto bad;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (!buf_put(p, &b, enc, utf8_encode(cp, enc)))
				goto bad;
			continue;
		}
		default:
			fail(p, "invalid escape in string");
			goto bad;
		}
		if (!buf_put(p, &b, &ch, 1))
			goto bad;
		p->pos++;
	}
	*out_len = b.len;
	return b.s;
bad:
	free(b.s);
	return NULL;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static struct json_value *parse_number(struct parser *p)
{
	size_t start = p->pos;
	bool integral = true;

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
		if (is_digit(peek(p))) {
			fail(p, "leading zero in number");
			return NULL;
		}
	} else if (is_digit(peek(p))) {
		while (is_digit(peek(p)))
			p->pos++;
	} else {
		fail(p, "invalid number");
		return NULL;
	}
	if (peek(p) == '.') {
		integral = false;
		p->pos++;
		if (!is_digit(peek(p))) {
			fail(p, "digit expected after '.'");
			return NULL;
		}
		while (is_digit(peek(p)))
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		integral = false;
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p))) {
			fail(p, "digit expected in exponent");
			return NULL;
		}
		while (is_digit(peek(p)))
			p->pos++;
	}

	/* strtoll/strtod need a NUL-terminated copy of just the number. */
	size_t n = p->pos - start;
	char *tmp = xcalloc(p, n + 1, 1);
	if (tmp == NULL)
		return NULL;
	memcpy(tmp, p->text + start, n);
	struct json_value *v = xcalloc(p, 1, sizeof *v);
	if (v == NULL) {
		free(tmp);
		return NULL;
	}
	errno = 0;
	long long i = integral ? strtoll(tmp, NULL, 10) : 0;
	if (integral && errno == 0) {
		v->kind = JSON_INT;
		v->u.i = i;
	} else {
		v->kind = JSON_REAL;
		v->u.r = strtod(tmp, NULL);
	}
	free(tmp);
	return v;
}

static bool match_word(struct parser *p, const char *w)
{
	size_t n = strlen(w);
	if (p->len - p->pos < n || memcmp(p->text + p->pos, w, n) != 0)
		return false;
	p->pos += n;
	return true;
}

static struct json_value *parse_value(struct parser *p, int depth);

/* Append (v) and, for objects, its key to a list value. */
static bool list_add(struct parser *p, struct json_value *list, size_t *cap,
		     struct json_value *v, char *key, size_t key_len)
{
	if (list->u.list.n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct json_value **nv =
			realloc(list->u.list.v, nc * sizeof *nv);
		if (nv == NULL)
			goto oom;
		list->u.list.v = nv;
		if (list->kind == JSON_OBJECT) {
			char **nk = realloc(list->u.list.keys, nc * sizeof *nk);
			if (nk == NULL)
				goto oom;
			list->u.list.keys = nk;
			size_t *nl = realloc(list->u.list.key_lens,
					     nc * sizeof *nl);
			if (nl == NULL)
				goto oom;
			list->u.list.key_lens = nl;
		}
		*cap = nc;
	}
	list->u.list.v[list->u.list.n] = v;
	if (list->kind == JSON_OBJECT) {
		list->u.list.keys[list->u.list.n] = key;
		list->u.list.key_lens[list->u.list.n] = key_len;
	}
	list->u.list.n++;
	return true;
oom:
	fail(p, "out of memory");
	return false;
}

static struct json_value *parse_list(struct parser *p, int depth,
				     bool object)
{
	char close = object ? '}' : ']', hb[16];
	size_t cap = 0;
	struct json_value *list = xcalloc(p, 1, sizeof *list);
	if (list == NULL)
		return NULL;
	list->kind = object ? JSON_OBJECT : JSON_ARRAY;
	p->pos++;
	skip_ws(p);
	if (peek(p) == close) {
		p->pos++;
		return list;
	}
	for (;;) {
		char *key = NULL;
		size_t key_len = 0;
		skip_ws(p);
		if (object) {
			if (peek(p) != '"') {
				fail(p, "expected string key, got %s",
				     here(p, hb));
				goto bad;
			}
			size_t key_pos = p->pos;
			key = parse_string(p, &key_len);
			if (key == NULL)
				goto bad;
			for (size_t i = 0; i < list->u.list.n; i++) {
				if (list->u.list.key_lens[i] == key_len &&
				    memcmp(list->u.list.keys[i], key,
					   key_len) == 0) {
					p->pos = key_pos;
					fail(p, "duplicate key \"%.40s\"", key);
					free(key);
					goto bad;
				}
			}
			skip_ws(p);
			if (peek(p) != ':') {
				fail(p, "expected ':', got %s", here(p, hb));
				free(key);
				goto bad;
			}
			p->pos++;
		}
		struct json_value *v = parse_value(p, depth + 1);
		if (v == NULL) {
			free(key);
			goto bad;
		}
		if (!list_add(p, list, &cap, v, key, key_len)) {
			json_free(v);
			free(key);
			goto bad;
		}
		skip_ws(p);
		if (peek(p) == ',') {
			p->pos++;
			continue;
		}
		if (peek(p) == close) {
			p->pos++;
			return list;
		}
		fail(p, "expected ',' or '%c', got %s", close, here(p, hb));
		goto bad;
	}
bad:
	json_free(list);
	return NULL;
}

static struct json_value *parse_value(struct parser *p, int depth)
{
	char hb[16];
	struct json_value *v;

	/* Bounded recursion: hostile input must not exhaust the stack. */
	if (depth > JSON_MAX_DEPTH) {
		fail(p, "nesting deeper than %d", JSON_MAX_DEPTH);
		return NULL;
	}
	skip_ws(p);
	int c = peek(p);
	switch (c) {
	case '{':
		return parse_list(p, depth, true);
	case '[':
		return parse_list(p, depth, false);
	case '"': {
		size_t len;
		char *s = parse_string(p, &len);
		if (s == NULL)
			return NULL;
		v = xcalloc(p, 1, sizeof *v);
		if (v == NULL) {
			free(s);
			return NULL;
		}
		v->kind = JSON_STRING;
		v->u.str.s = s;
		v->u.str.len = len;
		return v;
	}
	default:
		if (c == '-' || is_digit(c))
			return parse_number(p);
		break;
	}
	enum json_kind kind;
	bool b = false;
	if (match_word(p, "true"))
		kind = JSON_BOOL, b = true;
	else if (match_word(p, "false"))
		kind = JSON_BOOL;
	else if (match_word(p, "null"))
		kind = JSON_NULL;
	else {
		fail(p, "unexpected %s", here(p, hb));
		return NULL;
	}
	v = xcalloc(p, 1, sizeof *v);
	if (v == NULL)
		return NULL;
	v->kind = kind;
	v->u.b = b;
	return v;
}

struct json_value *json_parse(const char *text, size_t len,
			      char err[JSON_ERR_SIZE])
{
	struct parser p = { .text = text, .len = len, .err = err };
	char hb[16];

	err[0] = '\0';
	struct json_value *v = parse_value(&p, 0);
	if (v == NULL) {
		if (!p.failed)
			fail(&p, "parse error");
		return NULL;
	}
	skip_ws(&p);
	if (p.pos != p.len) {
		fail(&p, "trailing data after JSON value: %s", here(&p, hb));
		json_free(v);
		return NULL;
	}
	return v;
}

void json_free(struct json_value *v)
{
	if (v == NULL)
		return;
	switch (v->kind) {
	case JSON_STRING:
		free(v->u.str.s);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		for (size_t i = 0; i < v->u.list.n; i++) {
			json_free(v->u.list.v[i]);
			if (v->u.list.keys)
				free(v->u.list.keys[i]);
		}
		free(v->u.list.v);
		free(v->u.list.keys);
		free(v->u.list.key_lens);
		break;
	default:
		break;
	}
	free(v);
}

const char *json_kind_name(enum json_kind kind)
{
	switch (kind) {
	case JSON_NULL: return "NULL";
	case JSON_BOOL: return "BOOLEAN";
	case JSON_INT: return "INTEGER";
	case JSON_REAL: return "REAL";
	case JSON_STRING: return "STRING";
	case JSON_ARRAY: return "ARRAY";
	case JSON_OBJECT: return "OBJECT";
	}
	return "UNKNOWN";
}
