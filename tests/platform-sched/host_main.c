/* SPDX-License-Identifier: ISC */
/* host_main.c: the scheduler tests as a host process (ASan/UBSan). */
#include "internal.h"

int sched_tests_main(int argc, char **argv);

int main(int argc, char **argv)
{
	sched_init();
	return sched_tests_main(argc, argv);
}
