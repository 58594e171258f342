/* SPDX-License-Identifier: ISC */
/*
 * pages.c: the page allocator over the Solo5 heap.
 *
 * Free memory is a set of extents (runs of free pages), always fully
 * coalesced, each in two AVL trees: by address (neighbours when freeing,
 * the extent that holds a given address) and by (size, address) (best
 * fit, lowest address on ties). Every operation is O(log n) in the number
 * of extents. Allocations are not recorded, so freeing any page-aligned
 * part of an allocation is an ordinary free.
 *
 * Metadata: the extent nodes are an array carved from the top of the heap
 * by mem_init(), sized for the worst case: free extents are separated by
 * allocated pages, so n pages never hold more than n/2 + 1 of them. So no
 * operation needs memory to proceed (no refill from the allocator itself,
 * no failure halfway) and no node ever lives in a page handed out. It
 * costs 36 bytes per two pages (0.44%) of address space, but unused nodes
 * are handed out lowest index first, so only what the peak number of
 * extents needs is ever touched (on spt, untouched heap costs no host
 * memory).
 *
 * Placement: allocations come from the top of the best-fitting extent, so
 * the heap fills downwards from its end, and the bottom of the heap
 * (where mmap.c puts the initial break) stays free for brk to grow into.
 *
 * Clean pages: the Solo5 heap starts zeroed (fresh host memory on spt; a
 * host test must pass a zeroed arena). Each extent remembers one run of
 * pages never written since boot; MEM_ZERO zeroes only the other pages.
 * A large mmap on a fresh heap then costs no zeroing and, on spt, no host
 * memory until touched (256 MiB: 25 us instead of 108 ms). Freed pages
 * are dirty; when extents merge, the longer clean run survives.
 */
#include "pages.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAGES_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(PAGES_ASAN)
/* Host tests: free pages are poisoned, so a stray access to them, by the
 * allocator itself included, is caught. */
#include <sanitizer/asan_interface.h>
#define POISON(a, n) ASAN_POISON_MEMORY_REGION((void *)(a), (n))
#define UNPOISON(a, n) ASAN_UNPOISON_MEMORY_REGION((void *)(a), (n))
#else
#define POISON(a, n) ((void)0)
#define UNPOISON(a, n) ((void)0)
#endif

enum { BY_ADDR, BY_SIZE };

/* Page numbers are counted from the allocator's base: 32 bits cover a
 * 16 TiB heap. Node 0 is "none". */
struct ext {
	uint32_t start, npages;
	uint32_t clean_lo, clean_hi;	/* never-written pages; empty if equal */
	uint32_t kid[2][2];		/* [tree][left, right] */
	uint8_t height[2];		/* [tree] */
};

static struct ext *nodes;
static uint32_t node_cap, node_next, node_free;
static uint32_t root[2];
static uintptr_t base;
static size_t npages_all;	/* pages managed, metadata excluded */
static size_t nfree, ntotal;

#define KID(t, i, d) (nodes[i].kid[t][d])

static inline uintptr_t page_addr(uint32_t p)
{
	return base + ((uintptr_t)p << PAGE_SHIFT);
}

static inline uint32_t ext_end(uint32_t i)
{
	return nodes[i].start + nodes[i].npages;
}

/* ---- node pool ---------------------------------------------------------- */

static uint32_t node_get(void)
{
	uint32_t i = node_free;

	if (i)
		node_free = KID(BY_ADDR, i, 0);
	else if (node_next < node_cap)
		i = node_next++;
	else
		plat_panic("page allocator: out of extent nodes");
	return i;
}

static void node_put(uint32_t i)
{
	KID(BY_ADDR, i, 0) = node_free;
	node_free = i;
}

/* ---- AVL trees, one implementation for both orders ---------------------- */

static inline int height(int t, uint32_t i)
{
	return i ? nodes[i].height[t] : 0;
}

static bool less(int t, uint32_t a, uint32_t b)
{
	if (t == BY_SIZE && nodes[a].npages != nodes[b].npages)
		return nodes[a].npages < nodes[b].npages;
	return nodes[a].start < nodes[b].start;
}

static void fix_height(int t, uint32_t i)
{
	int l = height(t, KID(t, i, 0)), r = height(t, KID(t, i, 1));

	nodes[i].height[t] = (uint8_t)(1 + (l > r ? l : r));
}

/* Rotate the child on side d up into i's place; returns it. */
static uint32_t rotate(int t, uint32_t i, int d)
{
	uint32_t c = KID(t, i, d);

	KID(t, i, d) = KID(t, c, !d);
	KID(t, c, !d) = i;
	fix_height(t, i);
	fix_height(t, c);
	return c;
}

static uint32_t rebalance(int t, uint32_t i)
{
	int b = height(t, KID(t, i, 0)) - height(t, KID(t, i, 1));

	if (b > 1 || b < -1) {
		int d = b < 0;		/* the heavy side */
		uint32_t c = KID(t, i, d);

		if (height(t, KID(t, c, !d)) > height(t, KID(t, c, d)))
			KID(t, i, d) = rotate(t, c, !d);
		return rotate(t, i, d);
	}
	fix_height(t, i);
	return i;
}

/* Make c the child of r on side d, rebalancing r only if that subtree
 * changed: above the point where heights stop changing, nothing does. */
static uint32_t relink(int t, uint32_t r, int d, uint32_t old, int old_h,
		       uint32_t c)
{
	KID(t, r, d) = c;
	if (c == old && height(t, c) == old_h)
		return r;
	return rebalance(t, r);
}

static uint32_t avl_insert(int t, uint32_t r, uint32_t x)
{
	if (!r) {
		KID(t, x, 0) = KID(t, x, 1) = 0;
		nodes[x].height[t] = 1;
		return x;
	}
	int d = !less(t, x, r);

	uint32_t c = KID(t, r, d);
	int h = height(t, c);

	return relink(t, r, d, c, h, avl_insert(t, c, x));
}

static uint32_t remove_min(int t, uint32_t r, uint32_t *min)
{
	if (!KID(t, r, 0)) {
		*min = r;
		return KID(t, r, 1);
	}
	KID(t, r, 0) = remove_min(t, KID(t, r, 0), min);
	return rebalance(t, r);
}

/* Remove node x, found by its key (keys are unique in both orders). */
static uint32_t avl_remove(int t, uint32_t r, uint32_t x)
{
	if (!r)
		plat_panic("page allocator: extent missing from its tree");
	if (r == x) {
		uint32_t l = KID(t, r, 0), g = KID(t, r, 1), m;

		if (!g)
			return l;
		g = remove_min(t, g, &m);
		KID(t, m, 0) = l;
		KID(t, m, 1) = g;
		return rebalance(t, m);
	}
	int d = !less(t, x, r);

	uint32_t c = KID(t, r, d);
	int h = height(t, c);

	return relink(t, r, d, c, h, avl_remove(t, c, x));
}

/* Give x a new (start, npages). Address order never changes when an
 * extent grows or shrinks (extents do not overlap); size order often does
 * not either (the big extent stays the biggest), and then the tree is left
 * alone: one read-only walk instead of a removal and an insertion. */
static void tree_insert(int t, uint32_t x);
static void tree_remove(int t, uint32_t x);

static void set_extent(uint32_t x, uint32_t start, uint32_t npages)
{
	uint32_t lo = 0, hi = 0, i = root[BY_SIZE];

	while (i && i != x) {
		if (less(BY_SIZE, x, i)) {
			hi = i;
			i = KID(BY_SIZE, i, 0);
		} else {
			lo = i;
			i = KID(BY_SIZE, i, 1);
		}
	}
	if (!i)
		plat_panic("page allocator: extent missing from its tree");
	/* Its neighbours in size order. */
	for (i = KID(BY_SIZE, x, 0); i; i = KID(BY_SIZE, i, 1))
		lo = i;
	for (i = KID(BY_SIZE, x, 1); i; i = KID(BY_SIZE, i, 0))
		hi = i;
	uint32_t old_start = nodes[x].start, old_npages = nodes[x].npages;

	nodes[x].start = start;
	nodes[x].npages = npages;
	if ((!lo || less(BY_SIZE, lo, x)) && (!hi || less(BY_SIZE, x, hi)))
		return;
	nodes[x].start = old_start;
	nodes[x].npages = old_npages;
	tree_remove(BY_SIZE, x);
	nodes[x].start = start;
	nodes[x].npages = npages;
	tree_insert(BY_SIZE, x);
}

static void tree_insert(int t, uint32_t x)
{
	root[t] = avl_insert(t, root[t], x);
}

static void tree_remove(int t, uint32_t x)
{
	root[t] = avl_remove(t, root[t], x);
}

/* The extent with the largest start <= p (0 if none). */
static uint32_t addr_floor(uint32_t p)
{
	uint32_t i = root[BY_ADDR], best = 0;

	while (i) {
		if (nodes[i].start <= p) {
			best = i;
			i = KID(BY_ADDR, i, 1);
		} else {
			i = KID(BY_ADDR, i, 0);
		}
	}
	return best;
}

/* The extents with the largest start <= p and the smallest start > p
 * (0 if none), in one walk. */
static void addr_around(uint32_t p, uint32_t *below, uint32_t *above)
{
	uint32_t i = root[BY_ADDR];

	*below = *above = 0;
	while (i) {
		if (nodes[i].start <= p) {
			*below = i;
			i = KID(BY_ADDR, i, 1);
		} else {
			*above = i;
			i = KID(BY_ADDR, i, 0);
		}
	}
}

/* Smallest extent of at least n pages, lowest address among equals. */
static uint32_t best_fit(uint32_t n)
{
	uint32_t i = root[BY_SIZE], best = 0;

	while (i) {
		if (nodes[i].npages >= n) {
			best = i;
			i = KID(BY_SIZE, i, 0);
		} else {
			i = KID(BY_SIZE, i, 1);
		}
	}
	return best;
}

/* ---- allocation ---------------------------------------------------------- */

/* Keep the clean run inside the extent (it may have shrunk). */
static void clip_clean(uint32_t i)
{
	struct ext *e = &nodes[i];
	uint32_t lo = e->clean_lo, hi = e->clean_hi, end = e->start + e->npages;

	if (lo < e->start)
		lo = e->start;
	if (hi > end)
		hi = end;
	if (lo >= hi)
		lo = hi = 0;
	e->clean_lo = lo;
	e->clean_hi = hi;
}

static void zero_pages(uint32_t p, uint32_t n)
{
	if (n)
		memset((void *)page_addr(p), 0, (size_t)n << PAGE_SHIFT);
}

/* Zero [p, p + n) except the part inside the clean run [lo, hi). */
static void zero_dirty(uint32_t p, uint32_t n, uint32_t lo, uint32_t hi)
{
	uint32_t e = p + n;

	if (lo < p)
		lo = p;
	if (hi > e)
		hi = e;
	if (lo >= hi) {
		zero_pages(p, n);
		return;
	}
	zero_pages(p, lo - p);
	zero_pages(hi, e - hi);
}

/* Take [p, p + n) out of extent x, which holds it. */
static void *take(uint32_t x, uint32_t p, uint32_t n, int flags)
{
	struct ext *e = &nodes[x];
	uint32_t s = e->start, end = ext_end(x);
	uint32_t lo = e->clean_lo, hi = e->clean_hi;

	if (p == s && p + n == end) {
		tree_remove(BY_SIZE, x);
		tree_remove(BY_ADDR, x);
		node_put(x);
	} else if (p == s) {
		set_extent(x, p + n, end - (p + n));
		clip_clean(x);
	} else {
		set_extent(x, s, p - s);
		clip_clean(x);
		if (p + n < end) {
			uint32_t y = node_get();

			nodes[y].start = p + n;
			nodes[y].npages = end - (p + n);
			nodes[y].clean_lo = lo;
			nodes[y].clean_hi = hi;
			clip_clean(y);
			tree_insert(BY_ADDR, y);
			tree_insert(BY_SIZE, y);
		}
	}
	nfree -= n;
	UNPOISON(page_addr(p), (size_t)n << PAGE_SHIFT);
	if (flags & MEM_ZERO)
		zero_dirty(p, n, lo, hi);
	return (void *)page_addr(p);
}

void *mem_alloc(size_t npages, int flags)
{
	if (npages == 0 || npages > npages_all)
		return NULL;
	uint32_t x = best_fit((uint32_t)npages);

	if (!x)
		return NULL;
	return take(x, ext_end(x) - (uint32_t)npages, (uint32_t)npages, flags);
}

/* The page number of [addr, addr + npages pages) if that lies in the
 * managed range and addr is page aligned, else -1. */
static int64_t page_of(uintptr_t addr, size_t npages)
{
	if ((addr & PAGE_MASK) || addr < base || npages > npages_all)
		return -1;
	uintptr_t p = (addr - base) >> PAGE_SHIFT;

	if (p > npages_all - npages)
		return -1;
	return (int64_t)p;
}

/* The extent holding all of [p, p + n), or 0. */
static uint32_t holder(uint32_t p, uint32_t n)
{
	uint32_t x = addr_floor(p);

	return x && ext_end(x) >= p + n ? x : 0;
}

void *mem_alloc_at(uintptr_t addr, size_t npages, int flags)
{
	int64_t p = page_of(addr, npages);
	uint32_t x;

	if (npages == 0 || p < 0 || !(x = holder((uint32_t)p, (uint32_t)npages)))
		return NULL;
	return take(x, (uint32_t)p, (uint32_t)npages, flags);
}

bool mem_is_free(uintptr_t addr, size_t npages)
{
	int64_t p = page_of(addr, npages);

	return npages && p >= 0 && holder((uint32_t)p, (uint32_t)npages);
}

void *plat_pages_alloc(size_t npages)
{
	return mem_alloc(npages, 0);
}

void plat_pages_free(void *ptr, size_t npages)
{
	if (npages == 0)
		return;
	int64_t pp = page_of((uintptr_t)ptr, npages);

	if (pp < 0)
		plat_panic("plat_pages_free: not the allocator's pages");
	uint32_t p = (uint32_t)pp, n = (uint32_t)npages, end = p + n;
	uint32_t l, r;

	addr_around(p, &l, &r);

	if ((l && ext_end(l) > p) || (r && nodes[r].start < end))
		plat_panic("plat_pages_free: pages already free");
	POISON(page_addr(p), (size_t)n << PAGE_SHIFT);
	bool ml = l && ext_end(l) == p, mr = r && nodes[r].start == end;

	if (ml && mr) {
		tree_remove(BY_SIZE, r);
		tree_remove(BY_ADDR, r);
		set_extent(l, nodes[l].start, nodes[l].npages + n +
			   nodes[r].npages);
		if (nodes[r].clean_hi - nodes[r].clean_lo >
		    nodes[l].clean_hi - nodes[l].clean_lo) {
			nodes[l].clean_lo = nodes[r].clean_lo;
			nodes[l].clean_hi = nodes[r].clean_hi;
		}
		node_put(r);
	} else if (ml) {
		set_extent(l, nodes[l].start, nodes[l].npages + n);
	} else if (mr) {
		set_extent(r, p, nodes[r].npages + n);
	} else {
		uint32_t x = node_get();

		nodes[x].start = p;
		nodes[x].npages = n;
		nodes[x].clean_lo = nodes[x].clean_hi = 0;
		tree_insert(BY_ADDR, x);
		tree_insert(BY_SIZE, x);
	}
	nfree += n;
}

void plat_mem_stats(struct plat_mem_stats *st)
{
	uint32_t i = root[BY_SIZE];

	st->total = ntotal;
	st->free = nfree;
	st->largest_free = 0;
	while (i) {
		st->largest_free = nodes[i].npages;
		i = KID(BY_SIZE, i, 1);
	}
}

void mem_range(uintptr_t *b, size_t *n)
{
	*b = base;
	*n = npages_all;
}

void mem_init(uintptr_t heap_start, size_t heap_size)
{
	uintptr_t lo = (heap_start + PAGE_MASK) & ~PAGE_MASK;
	uintptr_t hi = (heap_start + heap_size) & ~PAGE_MASK;
	size_t pages = hi > lo ? (hi - lo) >> PAGE_SHIFT : 0;

	if (pages > UINT32_MAX)
		pages = UINT32_MAX;
	/* n/2 + 1 extents at most, node 0 unused, one spare. */
	size_t meta = ((pages / 2 + 3) * sizeof(struct ext) + PAGE_MASK) >>
		      PAGE_SHIFT;
	if (pages < meta + 16)
		plat_panic("page allocator: heap too small");

	base = lo;
	npages_all = pages - meta;
	nodes = (struct ext *)page_addr((uint32_t)npages_all);
	node_cap = (uint32_t)(((size_t)meta << PAGE_SHIFT) / sizeof(struct ext));
	node_next = 1;
	node_free = 0;
	root[BY_ADDR] = root[BY_SIZE] = 0;
	POISON(base, npages_all << PAGE_SHIFT);
	nfree = 0;
	plat_pages_free((void *)base, npages_all);
	/* All of it is still as Solo5 handed it over: zero. */
	nodes[root[BY_ADDR]].clean_lo = 0;
	nodes[root[BY_ADDR]].clean_hi = (uint32_t)npages_all;
	mmap_init(base, npages_all);
	/* What the rest of the system can have. */
	ntotal = nfree;
}

/* ---- self-check ---------------------------------------------------------- */

static uint32_t check_prev;
static size_t check_count, check_pages;

static int check_tree(int t, uint32_t i)
{
	if (!i)
		return 0;
	if (i >= node_next)
		plat_panic("mem_check: bad node index");
	int l = check_tree(t, KID(t, i, 0));
	const struct ext *e = &nodes[i];

	if (check_prev && !less(t, check_prev, i))
		plat_panic("mem_check: tree out of order");
	if (t == BY_ADDR) {
		if (e->npages == 0 || e->start > npages_all ||
		    e->npages > npages_all - e->start)
			plat_panic("mem_check: extent outside the heap");
		/* Fully coalesced: a gap between any two extents. */
		if (check_prev && ext_end(check_prev) >= e->start)
			plat_panic("mem_check: adjacent or overlapping extents");
		if (e->clean_lo != e->clean_hi &&
		    (e->clean_lo < e->start || e->clean_hi > ext_end(i) ||
		     e->clean_lo > e->clean_hi))
			plat_panic("mem_check: clean run outside its extent");
	} else {
		/* Every extent in the size tree is also in the address tree. */
		if (addr_floor(e->start) != i)
			plat_panic("mem_check: size tree extent not by address");
	}
	check_prev = i;
	check_count++;
	check_pages += e->npages;
	int r = check_tree(t, KID(t, i, 1));

	if (l - r > 1 || r - l > 1 || e->height[t] != 1 + (l > r ? l : r))
		plat_panic("mem_check: tree unbalanced");
	return e->height[t];
}

size_t mem_check(void)
{
	size_t n[2];

	for (int t = BY_ADDR; t <= BY_SIZE; t++) {
		check_prev = 0;
		check_count = check_pages = 0;
		check_tree(t, root[t]);
		if (check_pages != nfree)
			plat_panic("mem_check: free page count");
		n[t] = check_count;
	}
	if (n[BY_ADDR] != n[BY_SIZE])
		plat_panic("mem_check: trees differ");
	/* Nodes in use plus the free list account for every handed-out one. */
	size_t idle = 0;

	for (uint32_t i = node_free; i; i = KID(BY_ADDR, i, 0))
		if (++idle > node_cap)
			plat_panic("mem_check: node free list loops");
	if (n[BY_ADDR] + idle != node_next - 1)
		plat_panic("mem_check: nodes leaked");
	return n[BY_ADDR];
}
