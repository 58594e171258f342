// SPDX-License-Identifier: GPL-2.0
/*
 * RAM is one region the host allocates at boot ("mem=", default 64 MiB),
 * aligned so that the buddy allocator's largest blocks start at its base;
 * memblock gets all of it.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <asm/nablux.h>

unsigned long memory_start, memory_end;
void *empty_zero_page;

static unsigned long mem_size = 64UL << 20;
static void *ram;
static unsigned long ram_size;

static int __init early_mem(char *p)
{
	mem_size = memparse(p, &p);
	return 0;
}
early_param("mem", early_mem);

void __init bootmem_init(void)
{
	unsigned long align = PAGE_SIZE << (MAX_ORDER - 1);
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };

	mem_size = ALIGN(mem_size, align);
	if (mem_size < 8 * align)
		mem_size = 8 * align;
	ram_size = mem_size + align;
	ram = host_ops->page_alloc(ram_size);
	if (!ram)
		panic("nablux: the host has no %lu bytes of RAM", ram_size);

	memory_start = ALIGN((unsigned long)ram, align);
	memory_end = memory_start + mem_size;
	min_low_pfn = PFN_DOWN(__pa(memory_start));
	max_low_pfn = PFN_DOWN(__pa(memory_end));
	max_pfn = max_low_pfn;
	high_memory = (void *)memory_end;

	memblock_add(__pa(memory_start), mem_size);
	empty_zero_page = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!empty_zero_page)
		panic("nablux: no zero page");

	max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
	free_area_init(max_zone_pfn);
}

void __init mem_init(void)
{
	max_mapnr = max_low_pfn - min_low_pfn;
	memblock_free_all();
}

/* The kernel image is not in RAM: there is no init memory to give back. */
void free_initmem(void)
{
}

void bootmem_cleanup(void)
{
	if (ram)
		host_ops->page_free(ram, ram_size);
	ram = NULL;
}
