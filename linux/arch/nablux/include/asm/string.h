/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_STRING_H
#define _ASM_NABLUX_STRING_H

/* lib/string.c's generic versions for now. */

#endif
