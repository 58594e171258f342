// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/meminfo as the program must see it: all the memory of the
 * unikernel, not only the kernel's share. The kernel's RAM is one block
 * of the platform's memory; the program's heap and mappings come from
 * the rest, which the kernel never sees. The core's meminfo entry is
 * permanent, so this file offers /proc/nablux/meminfo -- the core's text
 * with MemTotal, MemFree and MemAvailable widened by the platform's
 * figures, everything else as the core wrote it -- and the start-up
 * bind-mounts it over /proc/meminfo (as LXCFS does for containers). The
 * same figures as sysinfo(2) gets from the dispatch.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
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

static int __init nablux_meminfo_init(void)
{
	struct file_system_type *proc = get_fs_type("proc");
	struct proc_dir_entry *dir;

	if (!host_ops->mem_stats || !proc)
		return 0;
	core_proc = kern_mount(proc);
	if (IS_ERR(core_proc)) {
		pr_warn("nablux: no /proc/nablux/meminfo: %ld\n",
			PTR_ERR(core_proc));
		return 0;
	}
	dir = proc_mkdir("nablux", NULL);
	if (!dir || !proc_create_single("meminfo", 0444, dir, meminfo_show))
		pr_warn("nablux: no /proc/nablux/meminfo\n");
	return 0;
}
late_initcall(nablux_meminfo_init);
