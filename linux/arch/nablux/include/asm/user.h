/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_NABLUX_USER_H
#define _ASM_NABLUX_USER_H
/* No core dumps, no a.out. */
#endif
