// SPDX-License-Identifier: GPL-2.0
/* No assembly here needs structure offsets. */
#define COMPILE_OFFSETS
#include <linux/kbuild.h>

void foo(void);
void foo(void)
{
}
