// SPDX-License-Identifier: GPL-2.0
/*
 * /proc files about memory as the program must see them: all of the
 * unikernel's, not only the kernel's share. The kernel's RAM is one block
 * of the platform's memory; the program's image, heap and mappings are
 * the platform's, which the kernel never sees. The core's entries stay;
 * this file offers its own in /proc/nablux, and the start-up bind-mounts
 * them over the core's (as LXCFS does for containers):
 *
 *   meminfo  the core's text (read from a private proc mount) with
 *            MemTotal, MemFree and MemAvailable widened by the
 *            platform's figures: the same as sysinfo(2) gets from the
 *            dispatch
 *   maps     the platform's mappings, for /proc/self/maps (pid 1's
 *            address space is the only one)
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/nablux.h>

/* A mount of proc of our own, where /proc/meminfo is the core's file. */
static struct vfsmount *core_proc;

#define TEXT_MAX (2 * PAGE_SIZE)

static ssize_t core_meminfo(char *buf)
{
	struct file *f = file_open_root_mnt(core_proc, "meminfo", O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n, len = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while ((n = kernel_read(f, buf + len, TEXT_MAX - 1 - len, &pos)) > 0)
		len += n;
	fput(f);
	if (n < 0)
		return n;
	if (len == TEXT_MAX - 1)
		return -EFBIG;
	buf[len] = 0;
	return len;
}

static int meminfo_show(struct seq_file *m, void *v)
{
	unsigned long total, free, kb;
	char *buf = kmalloc(TEXT_MAX, GFP_KERNEL), *line, *next;
	ssize_t r = buf ? core_meminfo(buf) : -ENOMEM;

	if (r < 0) {
		kfree(buf);
		return r;
	}
	host_ops->mem_stats(&total, &free);
	for (line = buf; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			next++;
		if (sscanf(line, "%*s %lu", &kb) == 1) {
			if (str_has_prefix(line, "MemTotal:")) {
				seq_printf(m, "%-16s%8lu kB\n", "MemTotal:",
					   total >> 10);
				continue;
			}
			if (str_has_prefix(line, "MemFree:") ||
			    str_has_prefix(line, "MemAvailable:")) {
				seq_printf(m, "%-16.*s%8lu kB\n",
					   (int)(strchr(line, ':') - line + 1),
					   line, kb + (free >> 10));
				continue;
			}
		}
		seq_write(m, line, next - line);
	}
	kfree(buf);
	return 0;
}

/*
 * In the core's layout (fs/proc/task_nommu.c). The executable's segments
 * are not a mapping of the program's file in the root (the tender loaded
 * them from the host's), so they show without a path: with one, readers
 * such as libffi map that file at offsets that are not the image's.
 */
static void map_line(void *arg, unsigned long start, unsigned long end,
		     int prot, int kind)
{
	struct seq_file *m = arg;

	if (start >= end)
		return;
	seq_setwidth(m, 25 + sizeof(void *) * 6 - 1);
	seq_printf(m, "%08lx-%08lx %c%c%cp %08x %02x:%02x %u ", start, end,
		   prot & PROT_READ ? 'r' : '-',
		   prot & PROT_WRITE ? 'w' : '-',
		   prot & PROT_EXEC ? 'x' : '-', 0, 0, 0, 0);
	if (kind == NABLUX_MAP_HEAP) {
		seq_pad(m, ' ');
		seq_puts(m, "[heap]");
	}
	seq_putc(m, '\n');
}

static int maps_show(struct seq_file *m, void *v)
{
	host_ops->mem_maps(map_line, m);
	return 0;
}

static int __init nablux_procmem_init(void)
{
	struct file_system_type *proc = get_fs_type("proc");
	struct proc_dir_entry *dir;

	if (!host_ops->mem_stats && !host_ops->mem_maps)
		return 0;
	dir = proc_mkdir("nablux", NULL);
	if (!dir)
		return -ENOMEM;
	if (host_ops->mem_maps &&
	    !proc_create_single("maps", 0444, dir, maps_show))
		pr_warn("nablux: no /proc/nablux/maps\n");
	if (!host_ops->mem_stats || !proc)
		return 0;
	core_proc = kern_mount(proc);
	if (IS_ERR(core_proc) ||
	    !proc_create_single("meminfo", 0444, dir, meminfo_show))
		pr_warn("nablux: no /proc/nablux/meminfo\n");
	return 0;
}
late_initcall(nablux_procmem_init);
