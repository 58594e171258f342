/* SPDX-License-Identifier: ISC */
/*
 * exit: the guest's status reaches the host: "N" calls solo5_exit(N),
 * "return N" returns N from solo5_app_main.
 */
#include "util.h"

int solo5_app_main(const struct solo5_start_info *si)
{
	const char *p = si->cmdline;

	t_banner("exit");
	if (p[0] == 'r' && p[1] == 'e' && p[2] == 't' && p[3] == 'u' &&
	    p[4] == 'r' && p[5] == 'n' && p[6] == ' ')
		return (int)t_atou(p + 7, NULL);
	solo5_exit((int)t_atou(p, NULL));
}
