/* SPDX-License-Identifier: ISC */
/* guest_main.c: the scheduler tests as a unikernel; the command line is
 * "PROGRAM TEST". */
#include "platform.h"

int sched_tests_main(int argc, char **argv);

int plat_main(int argc, char **argv, char **envp)
{
	(void)envp;
	return sched_tests_main(argc, argv);
}
