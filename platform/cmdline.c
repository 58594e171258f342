/* SPDX-License-Identifier: ISC */
/*
 * cmdline.c: the Solo5 command line as envp and argv, split like sh:
 *   - words are separated by blanks (space, tab, newline, CR, VT, FF);
 *   - '...' quotes everything up to the next ' literally;
 *   - "..." quotes too, but \" \\ \$ \` inside stand for " \ $ `
 *     (any other backslash stays as it is);
 *   - outside quotes, \c stands for c (a blank, quote, backslash...);
 *   - quoted and unquoted parts join: a'b c'd is the word "ab cd";
 *     '' and "" are an empty word;
 *   - an unterminated quote ends at the end of the line; a backslash at
 *     the end stands for itself.
 * The leading words of the form NAME=VALUE, NAME matching
 * [A-Za-z_][A-Za-z0-9_]* and written without quotes or backslashes up to
 * and including the '=', are the environment (as sh's assignments before
 * a command); the first other word and everything after it are argv. So
 * 'A=1' or A\=1 are argv words.
 */
#include "internal.h"
#include "cmdline.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

void cmdline_size(const char *s, size_t *chars, size_t *ptrs)
{
	size_t len = s ? strlen(s) : 0;

	/* A word takes at least as much of the line as it yields, plus a
	 * blank or the terminator for its NUL; words other than the last
	 * need a blank after them: at most (len + 1) / 2 words. */
	*chars = len + 1;
	*ptrs = (len + 1) / 2 + 2;
}

/* Whether the word being built is still a valid NAME=VALUE prefix. */
enum word_state { W_START, W_NAME, W_ASSIGN, W_OTHER };

struct builder {
	char *out;
	enum word_state st;
};

static void emit(struct builder *b, char c, int quoted)
{
	*b->out++ = c;
	switch (b->st) {
	case W_START:
		b->st = !quoted && is_name_start(c) ? W_NAME : W_OTHER;
		break;
	case W_NAME:
		if (!quoted && c == '=')
			b->st = W_ASSIGN;
		else if (quoted || !is_name(c))
			b->st = W_OTHER;
		break;
	default:
		break;
	}
}

/* One word starting at (p), not a blank nor the end; returns its end. */
static const char *word(const char *p, struct builder *b)
{
	while (*p && !is_blank(*p)) {
		if (*p == '\'') {
			for (p++; *p && *p != '\''; p++)
				emit(b, *p, 1);
			if (*p)
				p++;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\' ||
						   p[1] == '$' || p[1] == '`'))
					p++;
				emit(b, *p, 1);
			}
			if (*p)
				p++;
		} else if (*p == '\\') {
			if (p[1])
				p++;
			emit(b, *p++, 1);
		} else {
			emit(b, *p++, 0);
		}
	}
	return p;
}

void cmdline_parse(const char *s, char *buf, char **vec, struct cmdline *out)
{
	struct builder b = { .out = buf };
	size_t n = 0, nenv = 0;
	int env = 1;

	for (const char *p = s ? s : "";;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0')
			break;
		char *start = b.out;
		b.st = W_START;
		p = word(p, &b);
		*b.out++ = '\0';
		vec[n++] = start;
		if (env && b.st == W_ASSIGN)
			nenv++;
		else
			env = 0;
	}
	/* envp is vec[0 .. nenv-1] and a NULL; argv follows it. */
	memmove(&vec[nenv + 1], &vec[nenv], (n - nenv) * sizeof *vec);
	vec[nenv] = NULL;
	vec[n + 1] = NULL;
	out->envp = vec;
	out->argv = vec + nenv + 1;
	out->argc = (int)(n - nenv);
}
