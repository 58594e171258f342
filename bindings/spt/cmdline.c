/* SPDX-License-Identifier: ISC */
/*
 * cmdline.c: the bindings' own words at the start of the command line.
 *
 * "--solo5:quiet|error|warn|info|debug" set the log level (quiet is
 * error, as in Solo5). They are only recognised before the first other
 * word, and are skipped, with the blanks around them, so the application
 * never sees them.
 */
#include "bindings.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static const struct {
	const char *word;
	enum log_level level;
} words[] = {
	{ "--solo5:quiet", LOG_ERROR }, { "--solo5:error", LOG_ERROR },
	{ "--solo5:warn", LOG_WARN },	{ "--solo5:info", LOG_INFO },
	{ "--solo5:debug", LOG_DEBUG },
};

/* Length of the word at p if it is exactly w (followed by a blank/end). */
static size_t match(const char *p, const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i < n; i++)
		if (p[i] != w[i])
			return 0;
	return (p[n] == '\0' || is_blank(p[n])) ? n : 0;
}

const char *cmdline_parse(const char *cmdline)
{
	const char *p = cmdline;

	if (p == NULL)
		return "";
	for (;;) {
		while (is_blank(*p))
			p++;
		size_t n = 0;
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
			n = match(p, words[i].word);
			if (n) {
				log_set_level(words[i].level);
				break;
			}
		}
		if (n == 0)
			return p;
		p += n;
	}
}
