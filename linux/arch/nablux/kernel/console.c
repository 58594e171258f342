// SPDX-License-Identifier: GPL-2.0
/* The console is the host's print. */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/init.h>
#include <asm/nablux.h>

static void host_console_write(struct console *con, const char *s,
			       unsigned int n)
{
	host_ops->print(s, n);
}

static struct console host_console = {
	.name	= "host",
	.write	= host_console_write,
	.flags	= CON_PRINTBUFFER,
	.index	= -1,
};

void __init console_setup(void)
{
	register_console(&host_console);
}

/* For messages when printk cannot be used (no CPU, or before boot). */
void host_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	host_ops->print(buf, n);
}
