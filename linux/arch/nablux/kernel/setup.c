// SPDX-License-Identifier: GPL-2.0
/*
 * Boot and halt.
 *
 * nablux_start_kernel runs start_kernel on a new host thread, which then
 * becomes the idle task. kernel_init (pid 1) finishes booting and "execs"
 * /init, a file we create and a binary format that only accepts it; when
 * it would return to user space, its host thread hands pid 1 to the thread
 * that called nablux_start_kernel and ends.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/start_kernel.h>
#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/string.h>
#include <linux/reboot.h>
#include <linux/syscalls.h>
#include <linux/tick.h>
#include <linux/sched/task.h>
#include <linux/sched/signal.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <asm/setup.h>
#include <asm/nablux.h>
#include <nablux/nablux.h>

const struct nablux_host *host_ops;
struct nablux_host_tls *task_key;
/* Application memory (asm/uaccess.h); all but the zero page by default. */
unsigned long user_lo = PAGE_SIZE, user_hi = ~0UL;

struct nablux_host_sem *boot_sem;
nablux_thread_t boot_caller;
nablux_thread_t boot_init_thread;
struct task_struct *boot_pid1;
static nablux_thread_t boot_idle_thread;
static int started;

static char command_line[COMMAND_LINE_SIZE];

/* A panic ends the host process (posix) or unikernel, not a busy loop. */
static int host_panic_notify(struct notifier_block *nb, unsigned long event,
			     void *msg)
{
	host_ops->panic();
	return NOTIFY_DONE;
}

static struct notifier_block host_panic_nb = {
	.notifier_call	= host_panic_notify,
	.priority	= INT_MIN,	/* after every other notifier */
};

void __init setup_arch(char **cmdline_p)
{
	atomic_notifier_chain_register(&panic_notifier_list, &host_panic_nb);
	strscpy(command_line, boot_command_line, COMMAND_LINE_SIZE);
	*cmdline_p = command_line;
	parse_early_param();
	console_setup();
	bootmem_init();
}

static void __init boot_main(void *unused)
{
	if (threads_init()) {
		host_printf("nablux: no boot semaphore\n");
		host_ops->panic();
	}
	cpu_set_owner(host_ops->thread_self());
	start_kernel();
}

int __ref nablux_start_kernel(const struct nablux_host *host,
			      const char *cmdline)
{
	if (started)
		return -EALREADY;
	started = 1;
	host_ops = host;
	if (host_ops->user_range)
		host_ops->user_range(&user_lo, &user_hi);
	time_boot();

	strscpy(boot_command_line, cmdline ? cmdline : "", COMMAND_LINE_SIZE);
	boot_caller = host_ops->thread_self();
	boot_sem = host_ops->sem_alloc(0);
	if (!boot_sem)
		return -ENOMEM;
	if (host_ops->tls_alloc(&task_key))
		goto err_sem;
	if (cpu_baton_init())
		goto err_tls;
	boot_idle_thread = host_ops->thread_create(boot_main, NULL);
	if (!boot_idle_thread)
		goto err_cpu;

	host_ops->sem_down(boot_sem);
	host_ops->thread_join(boot_init_thread);
	host_ops->tls_set(task_key, boot_pid1);
	return 0;

err_cpu:
	cpu_baton_cleanup();
err_tls:
	host_ops->tls_free(task_key);
err_sem:
	host_ops->sem_free(boot_sem);
	return -ENOMEM;
}

long nablux_halt(void)
{
	static const long none[6];
	struct task_struct *self;
	long err;

	if (!host_ops || cpu_is_down)
		return -ENODEV;
	self = host_ops->tls_get(task_key);
	if (!self || !same_thread_group(self, boot_pid1))
		return -EPERM;

	nablux_syscall(__NR_sync, none);
	err = cpu_enter(self);
	if (err)
		return err;
	kernel_restart_prepare(NULL);

	/* From here on no interrupt, timer or new task gets in. */
	cpu_shutdown();
	local_irq_disable();
	time_cleanup();
	threads_cleanup();
	irq_cleanup();

	bootmem_cleanup();
	cpu_baton_cleanup();
	host_ops->tls_set(task_key, NULL);
	host_ops->tls_free(task_key);
	host_ops->sem_free(boot_sem);
	return 0;
}

/* The only program there is: "/init", which returns to the host. */
static int init_load_binary(struct linux_binprm *bprm)
{
	int err;

	if (strcmp(bprm->filename, "/init"))
		return -ENOEXEC;
	err = begin_new_exec(bprm);
	if (err)
		return err;
	setup_new_exec(bprm);
	return 0;
}

static struct linux_binfmt init_binfmt = {
	.load_binary	= init_load_binary,
};

static int __init init_file_setup(void)
{
	struct file *file;

	file = filp_open("/init", O_CREAT | O_RDONLY, 0700);
	if (IS_ERR(file)) {
		pr_err("nablux: cannot create /init: %ld\n", PTR_ERR(file));
		return PTR_ERR(file);
	}
	fput(file);
	register_binfmt(&init_binfmt);
	return 0;
}
late_initcall(init_file_setup);
