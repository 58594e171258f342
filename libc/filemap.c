/* SPDX-License-Identifier: MIT */
/*
 * File mappings. The library kernel has no MMU: it cannot give the
 * application pages of the page cache. A mapping of a file is therefore a
 * copy: anonymous memory from the platform, filled with pread at mmap.
 * MAP_PRIVATE is then exactly Linux's (later writes to the file are not
 * seen, as Linux allows for pages not yet touched). A writable MAP_SHARED
 * mapping is written back with pwrite at msync, at munmap and when the
 * program exits: until then, read(2) and other mappings of the file do
 * not see its changes (nor it theirs).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <asm/unistd_64.h>
#include <asm/stat.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <asm-generic/errno.h>

#include "platform.h"
#include <nablux/nablux.h>

#include "filemap.h"

#define MAX_SHARED 64
#define PAGE PLAT_PAGE_SIZE

/* Writable shared mappings, with a descriptor of their own (the program
 * may close its own right after mmap, as it may on Linux). */
static struct shared {
	uintptr_t addr;
	size_t len;
	long off;
	int fd;		/* 0: free slot (the dup is never below 200) */
} shared[MAX_SHARED];

static long sys(long n, long a, long b, long c, long d)
{
	return nablux_syscall(n, (long[6]){ a, b, c, d, 0, 0 });
}

/* Fills [p, p + len) from the file at off; past its end stays zero. */
static long fill(int fd, char *p, size_t len, long off)
{
	size_t done = 0;

	while (done < len) {
		long r = sys(__NR_pread64, fd, (long)(p + done),
			     (long)(len - done), off + (long)done);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return 0;
}

long filemap_mmap(long addr, long len, long prot, long flags, long fd,
		  long off)
{
	int type = (int)(flags & MAP_TYPE);
	bool writeback = type != MAP_PRIVATE && (prot & PROT_WRITE);
	struct shared *s = NULL;
	long p, r;

	if (len <= 0 || (off & (long)(PAGE - 1)) || off < 0)
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	/* The descriptor must be open for reading (and writing, for a
	 * writable shared mapping), as on Linux. */
	long fl = sys(__NR_fcntl, fd, F_GETFL, 0, 0);
	if (fl < 0)
		return -EBADF;
	if ((fl & O_ACCMODE) == O_WRONLY ||
	    (writeback && (fl & O_ACCMODE) != O_RDWR))
		return -EACCES;
	if (writeback) {
		for (int i = 0; i < MAX_SHARED && !s; i++)
			if (!shared[i].fd)
				s = &shared[i];
		if (!s)
			return -ENOMEM;
	}
	p = (long)plat_mmap((void *)addr, (size_t)len, (int)prot | PROT_WRITE,
			    (int)((flags & ~MAP_TYPE) | MAP_PRIVATE |
				  MAP_ANONYMOUS), -1, 0);
	if (p < 0 && p > -4096)
		return p;
	if ((r = fill((int)fd, (char *)p, (size_t)len, off)) < 0) {
		plat_munmap((void *)p, (size_t)len);
		return r;
	}
	plat_mprotect((void *)p, (size_t)len, (int)prot);
	if (writeback) {
		r = sys(__NR_fcntl, fd, F_DUPFD_CLOEXEC, 200, 0);
		if (r < 0) {
			plat_munmap((void *)p, (size_t)len);
			return r;
		}
		*s = (struct shared){ (uintptr_t)p, (size_t)len, off, (int)r };
	}
	return p;
}

/* Writes back the part of s within [a, a + len) that lies in the file. */
static void write_back(const struct shared *s, uintptr_t a, size_t len)
{
	uintptr_t lo = a > s->addr ? a : s->addr;
	uintptr_t hi = a + len < s->addr + s->len ? a + len : s->addr + s->len;
	struct stat st;

	if (lo >= hi || sys(__NR_fstat, s->fd, (long)&st, 0, 0) < 0)
		return;
	long from = s->off + (long)(lo - s->addr);
	if (from >= (long)st.st_size)
		return;
	if ((long)(hi - lo) > (long)st.st_size - from)
		hi = lo + (uintptr_t)((long)st.st_size - from);
	sys(__NR_pwrite64, s->fd, (long)lo, (long)(hi - lo), from);
}

/* As Linux: the address page-aligned, MS_ASYNC or MS_SYNC (not both),
 * MS_INVALIDATE (nothing to invalidate in a copy). */
long filemap_msync(long addr, long len, long flags)
{
	if ((addr & (long)(PAGE - 1)) ||
	    (flags & ~(long)(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	for (int i = 0; i < MAX_SHARED; i++)
		if (shared[i].fd)
			write_back(&shared[i], (uintptr_t)addr, (size_t)len);
	return 0;
}

long filemap_munmap(long addr, long len)
{
	uintptr_t a = (uintptr_t)addr, e = a + (size_t)len;

	for (int i = 0; i < MAX_SHARED; i++) {
		struct shared *s = &shared[i];

		if (!s->fd || e <= s->addr || a >= s->addr + s->len)
			continue;
		write_back(s, a, (size_t)len);
		/* Unmapped whole: the mapping and its descriptor go. */
		if (a <= s->addr && e >= s->addr + s->len) {
			sys(__NR_close, s->fd, 0, 0, 0);
			s->fd = 0;
		}
	}
	return plat_munmap((void *)addr, (size_t)len);
}

bool filemap_shared(long addr, long len)
{
	uintptr_t a = (uintptr_t)addr, e = a + (size_t)len;

	for (int i = 0; i < MAX_SHARED; i++)
		if (shared[i].fd && e > shared[i].addr &&
		    a < shared[i].addr + shared[i].len)
			return true;
	return false;
}

void filemap_flush_all(void)
{
	for (int i = 0; i < MAX_SHARED; i++)
		if (shared[i].fd)
			write_back(&shared[i], shared[i].addr, shared[i].len);
}
