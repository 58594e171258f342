/* SPDX-License-Identifier: ISC */
/*
 * args.c: prints what plat_main got, one word a line, so run.sh can check
 * the tender's command line against the documented splitting:
 *   argc N / envc N / env[i]=<word> / argv[i]=<word> / SUCCESS
 */
#include "tio.h"

int plat_main(int argc, char **argv, char **envp)
{
	int envc = 0;

	while (envp[envc])
		envc++;
	t_printf("argc %d\nenvc %d\n", argc, envc);
	for (int i = 0; i < envc; i++)
		t_printf("env[%d]=<%s>\n", i, envp[i]);
	for (int i = 0; i < argc; i++)
		t_printf("argv[%d]=<%s>\n", i, argv[i]);
	if (argv[argc] != NULL)
		t_die("argv[argc] is not NULL");
	t_printf("SUCCESS\n");
	return argc > 0 && argv[0][0] == 'x' ? 7 : 0;	/* exit status path */
}
