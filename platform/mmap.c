/* SPDX-License-Identifier: ISC */
/*
 * mmap.c: anonymous memory for the application (mmap, munmap, mprotect,
 * brk) on top of the page allocator.
 *
 * The mapping records are one byte per page of the allocator's range
 * (0.025% of it, taken from the allocator at start-up): MAPPED plus the
 * protection. Only pages marked MAPPED were given to the application, so
 * munmap frees those and nothing else (never the kernel's RAM or a
 * thread's stack, which come from plat_pages_alloc unmarked), unmapping
 * unmapped pages is a no-op, and splitting a mapping (partial munmap,
 * mprotect of a part) needs no memory and cannot fail. The cost is a
 * byte per page on mmap/munmap, 1/4096 of touching the memory itself.
 *
 * Protections are recorded, not enforced: spt gives the guest no way to
 * change page protections (its memory is one host mapping, RW, or RWX
 * under the tender's --x-exec-heap). PROT_EXEC is refused (EACCES)
 * unless the memory is executable: code made there would fault.
 *
 * brk: the initial break is the bottom of the heap (as on Linux, just
 * above the executable). The allocator fills the heap from the top, so
 * the pages above the break stay free as long as possible; when they are
 * not, brk returns the old break and musl falls back to mmap.
 */
#include "pages.h"

/* Linux x86_64 values. */
#define PROT_SEM 0x8			/* accepted, meaningless here */
#define PROT_GROWSDOWN 0x01000000	/* mprotect only; ignored */
#define PROT_GROWSUP 0x02000000
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#ifndef EINVAL	/* host tests may have <errno.h> */
#define EBADF 9
#define ENOMEM 12
#define EACCES 13
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#endif

#define MAPPED 0x80	/* page record: given to the application */
#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC)
#define PROT_OK (PROT_ALL | PROT_SEM)

/* Word-sized reads of the record bytes, to skip runs 8 pages at a time. */
typedef uint64_t __attribute__((may_alias)) word_t;

static uint8_t *rec;		/* one per page of [base, base + npages) */
static uintptr_t base;
static size_t npages;
static uintptr_t brk_start, brk_cur;
static bool exec_ok;

void mmap_init(uintptr_t b, size_t n)
{
	base = b;
	npages = n;
	rec = mem_alloc((n + PAGE_MASK) >> PAGE_SHIFT, MEM_ZERO);
	if (!rec)
		plat_panic("mmap: no memory for the mapping records");
	brk_start = brk_cur = b;
}

void mmap_allow_exec(bool allow)
{
	exec_ok = allow;
}

#define ERR(e) ((void *)(intptr_t)(e))

static inline uintptr_t addr_of(size_t p)
{
	return base + (p << PAGE_SHIFT);
}

/* Clip [addr, addr + len) to the managed range as page numbers [*p, *e);
 * false if nothing of it is in there. */
static bool clip(uintptr_t addr, uintptr_t end, size_t *p, size_t *e)
{
	uintptr_t top = addr_of(npages);

	if (end <= base || addr >= top)
		return false;
	*p = addr < base ? 0 : (addr - base) >> PAGE_SHIFT;
	*e = end > top ? npages : (end - base) >> PAGE_SHIFT;
	return *p < *e;
}

/* First page in [p, e) whose MAPPED bit equals (want), or e. */
static size_t scan(size_t p, size_t e, bool want)
{
	const uint64_t hi = 0x8080808080808080ULL;

	while (p < e) {
		/* Unmapped records are zero bytes, mapped ones have bit 7. */
		if (!(p & 7) && e - p >= 8 &&
		    (*(const word_t *)&rec[p] & hi) == (want ? 0 : hi)) {
			p += 8;
			continue;
		}
		if (!!(rec[p] & MAPPED) == want)
			return p;
		p++;
	}
	return e;
}

/* Give the mapped pages of [p, e) back to the allocator. */
static void unmap_pages(size_t p, size_t e)
{
	while ((p = scan(p, e, true)) < e) {
		size_t q = scan(p, e, false);

		memset(&rec[p], 0, q - p);
		plat_pages_free((void *)addr_of(p), q - p);
		p = q;
	}
}

static void mark(uintptr_t addr, size_t n, int prot)
{
	memset(&rec[(addr - base) >> PAGE_SHIFT], MAPPED | (prot & PROT_ALL), n);
}

/* MAP_FIXED: [addr, +n pages) must be this process's memory: mapped
 * pages are replaced (zeroed), free ones allocated. Anything else there
 * (the executable, the kernel's RAM, stacks) or outside the heap: no. */
static void *map_fixed(uintptr_t addr, size_t n, int prot, bool noreplace)
{
	size_t p, e, q;

	if (addr < base || n > npages || addr > addr_of(npages - n))
		return ERR(-ENOMEM);
	p = (addr - base) >> PAGE_SHIFT;
	e = p + n;
	/* Check all of it first, so a failure changes nothing. */
	for (size_t i = p; i < e; i = q) {
		bool m = rec[i] & MAPPED;

		q = scan(i, e, !m);
		if (m && noreplace)
			return ERR(-EEXIST);
		if (!m && !mem_is_free(addr_of(i), q - i))
			return ERR(-ENOMEM);
	}
	for (size_t i = p; i < e; i = q) {
		bool m = rec[i] & MAPPED;

		q = scan(i, e, !m);
		if (m)
			memset((void *)addr_of(i), 0, (q - i) << PAGE_SHIFT);
		else
			mem_alloc_at(addr_of(i), q - i, MEM_ZERO);
	}
	mark(addr, n, prot);
	return (void *)addr;
}

void *plat_mmap(void *addr, size_t len, int prot, int flags, int fd,
		long off)
{
	int type = flags & MAP_TYPE;
	uintptr_t a = (uintptr_t)addr;
	void *p;

	if (len == 0 || (off & (long)PAGE_MASK) || (prot & ~PROT_OK))
		return ERR(-EINVAL);
	/* One process: a shared anonymous mapping is a private one. */
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    type != MAP_SHARED_VALIDATE)
		return ERR(-EINVAL);
	if (!(flags & MAP_ANONYMOUS))
		return ERR(fd < 0 ? -EBADF : -ENODEV);
	/* Linux ignores fd here; we insist on -1 to catch confused callers. */
	if (fd != -1)
		return ERR(-EINVAL);
	if ((prot & PROT_EXEC) && !exec_ok)
		return ERR(-EACCES);
	if (len > SIZE_MAX - PAGE_MASK)
		return ERR(-ENOMEM);
	size_t n = (len + PAGE_MASK) >> PAGE_SHIFT;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (a & PAGE_MASK)
			return ERR(-EINVAL);
		/* Linux: NOREPLACE wins when both flags are given. */
		return map_fixed(a, n, prot, flags & MAP_FIXED_NOREPLACE);
	}
	/* A hint is honoured when that range is free, as Linux does. */
	p = NULL;
	if (a && !(a & PAGE_MASK))
		p = mem_alloc_at(a, n, MEM_ZERO);
	if (!p)
		p = mem_alloc(n, MEM_ZERO);
	if (!p)
		return ERR(-ENOMEM);
	mark((uintptr_t)p, n, prot);
	return p;
}

int plat_munmap(void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	size_t p, e;

	if ((a & PAGE_MASK) || len == 0 || len > SIZE_MAX - PAGE_MASK)
		return -EINVAL;
	uintptr_t end = a + ((len + PAGE_MASK) & ~PAGE_MASK);

	if (end < a)
		return -EINVAL;
	if (clip(a, end, &p, &e))
		unmap_pages(p, e);
	return 0;
}

int plat_mprotect(void *addr, size_t len, int prot)
{
	uintptr_t a = (uintptr_t)addr;
	size_t p, e;

	if ((a & PAGE_MASK) ||
	    (prot & ~(PROT_OK | PROT_GROWSDOWN | PROT_GROWSUP)))
		return -EINVAL;
	if (len == 0)
		return 0;
	if (len > SIZE_MAX - PAGE_MASK)
		return -ENOMEM;
	uintptr_t end = a + ((len + PAGE_MASK) & ~PAGE_MASK);

	/* All of it must be mapped (Linux: -ENOMEM otherwise). */
	if (end < a || a < base || end > addr_of(npages) ||
	    !clip(a, end, &p, &e) || scan(p, e, false) != e)
		return -ENOMEM;
	if ((prot & PROT_EXEC) && !exec_ok)
		return -EACCES;
	for (size_t i = p; i < e; i++)
		rec[i] = (uint8_t)(MAPPED | (prot & PROT_ALL));
	return 0;
}

uintptr_t plat_brk(uintptr_t newbrk)
{
	uintptr_t old_top = (brk_cur + PAGE_MASK) & ~PAGE_MASK;

	if (newbrk < brk_start || newbrk > addr_of(npages))
		return brk_cur;
	uintptr_t new_top = (newbrk + PAGE_MASK) & ~PAGE_MASK;

	if (new_top > old_top) {
		size_t n = (new_top - old_top) >> PAGE_SHIFT;

		if (!mem_alloc_at(old_top, n, MEM_ZERO))
			return brk_cur;
		mark(old_top, n, PROT_READ | PROT_WRITE);
	} else if (new_top < old_top) {
		unmap_pages((new_top - base) >> PAGE_SHIFT,
			    (old_top - base) >> PAGE_SHIFT);
	}
	brk_cur = newbrk;
	return brk_cur;
}

void mmap_walk(void (*fn)(void *arg, uintptr_t lo, uintptr_t hi, int prot,
			  int kind),
	       void *arg)
{
	size_t hb = (brk_start - base) >> PAGE_SHIFT;
	size_t he = (((brk_cur + PAGE_MASK) & ~PAGE_MASK) - base) >> PAGE_SHIFT;
	size_t p = 0, q;

	while ((p = scan(p, npages, true)) < npages) {
		bool heap = p >= hb && p < he;

		for (q = p + 1; q < npages && rec[q] == rec[p] &&
		     (q >= hb && q < he) == heap; q++)
			;
		fn(arg, addr_of(p), addr_of(q), rec[p] & PROT_ALL,
		   heap ? PLAT_MAP_HEAP : PLAT_MAP_ANON);
		p = q;
	}
}
