/* SPDX-License-Identifier: MIT */
/* File mappings as copies (filemap.c), for the dispatch. */
#ifndef NABLUX_FILEMAP_H
#define NABLUX_FILEMAP_H

#include <stdbool.h>

long filemap_mmap(long addr, long len, long prot, long flags, long fd,
		  long off);
long filemap_munmap(long addr, long len);
long filemap_msync(long addr, long len, long flags);
/* Does [addr, addr + len) touch a writable shared mapping? */
bool filemap_shared(long addr, long len);
/* Every writable shared mapping back to its file (the program ends). */
void filemap_flush_all(void);

#endif /* NABLUX_FILEMAP_H */
