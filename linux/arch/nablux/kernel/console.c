// SPDX-License-Identifier: GPL-2.0
/*
 * The host console: the kernel's printk output, and a tty (ttyH0, which
 * /dev/console opens) for programs' stdout and stderr. Both write through
 * the host's print; the host console has no input.
 */
#include <linux/kernel.h>
#include <linux/console.h>
#include <linux/init.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <asm/nablux.h>

static struct tty_driver *host_tty;
static struct tty_port host_tty_port;

static void host_console_write(struct console *con, const char *s,
			       unsigned int n)
{
	host_ops->print(s, n);
}

static struct tty_driver *host_console_device(struct console *con, int *index)
{
	*index = 0;
	return host_tty;
}

static struct console host_console = {
	.name	= "host",
	.write	= host_console_write,
	.device	= host_console_device,
	.flags	= CON_PRINTBUFFER,
	.index	= -1,
};

void __init console_setup(void)
{
	register_console(&host_console);
}

static int host_tty_open(struct tty_struct *tty, struct file *filp)
{
	return tty_port_open(&host_tty_port, tty, filp);
}

static void host_tty_close(struct tty_struct *tty, struct file *filp)
{
	tty_port_close(&host_tty_port, tty, filp);
}

static int host_tty_write(struct tty_struct *tty, const unsigned char *buf,
			  int count)
{
	host_ops->print((const char *)buf, count);
	return count;
}

/* The host takes any amount at once. */
static unsigned int host_tty_write_room(struct tty_struct *tty)
{
	return 65536;
}

static const struct tty_operations host_tty_ops = {
	.open		= host_tty_open,
	.close		= host_tty_close,
	.write		= host_tty_write,
	.write_room	= host_tty_write_room,
};

static const struct tty_port_operations host_tty_port_ops;

static int __init host_tty_init(void)
{
	struct tty_driver *d;
	int err;

	d = tty_alloc_driver(1, TTY_DRIVER_REAL_RAW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	d->driver_name = "host";
	d->name = "ttyH";
	d->type = TTY_DRIVER_TYPE_CONSOLE;
	d->init_termios = tty_std_termios;
	/* The host's own terminal, if any, does its output processing:
	 * bytes pass unchanged (no "\n" -> "\r\n"). */
	d->init_termios.c_oflag &= ~OPOST;
	tty_set_operations(d, &host_tty_ops);
	tty_port_init(&host_tty_port);
	host_tty_port.ops = &host_tty_port_ops;
	tty_port_link_device(&host_tty_port, d, 0);
	err = tty_register_driver(d);
	if (err) {
		tty_driver_kref_put(d);
		tty_port_destroy(&host_tty_port);
		return err;
	}
	host_tty = d;
	return 0;
}
device_initcall(host_tty_init);

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
