/* SPDX-License-Identifier: ISC */
/*
 * console.c: descriptors 0, 1 and 2. Output goes to solo5_console_write;
 * Solo5 has no console input, so reads see end of file.
 */
#include "io.h"

long console_readv(const struct plat_iovec *iov, int iovcnt)
{
	(void)iov;
	(void)iovcnt;
	return 0;
}

long console_writev(const struct plat_iovec *iov, int iovcnt)
{
	long total = 0;

	for (int i = 0; i < iovcnt; i++) {
		solo5_console_write(iov[i].iov_base, iov[i].iov_len);
		total += (long)iov[i].iov_len;
	}
	return total;
}
