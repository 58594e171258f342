/* SPDX-License-Identifier: ISC */
/* bench/runtime/docker.sh's hello: a nablux-cc unikernel and, for runc,
 * the same source as a static musl program. */
#include <stdio.h>

int main(void)
{
	puts("hello from a container");
	return 0;
}
