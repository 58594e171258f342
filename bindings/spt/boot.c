/* SPDX-License-Identifier: ISC */
/*
 * boot.c: start of day after the canary is set: parse the command line,
 * say hello, look at the manifest, lay out memory, run the application.
 */
#include "bindings.h"

void boot_main(struct spt_boot_info *bi) __attribute__((noreturn));

void boot_main(struct spt_boot_info *bi)
{
	static struct solo5_start_info si;

	tls_init_boot();
	/* Before any message, so that --solo5:quiet silences all of them. */
	log_init();
	si.cmdline = cmdline_parse(bi->cmdline);
	log(INFO, "Solo5: nablux spt bindings, spt ABI %d, manifest v%d\n",
	    SPT_ABI_VERSION, MFT_VERSION);
	mft_init(bi);
	yield_init(bi);
	mem_init(bi, &si.heap_start, &si.heap_size);
	solo5_exit(solo5_app_main(&si));
}
