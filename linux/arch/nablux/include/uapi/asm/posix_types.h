/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* nablux's user ABI is x86_64's: use x86's layout as it is. */
#include "../../../../x86/include/uapi/asm/posix_types_64.h"
