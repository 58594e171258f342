/* SPDX-License-Identifier: ISC */
/* fpu: SSE (packed and scalar) and x87 work in the guest. */
#include "util.h"

static volatile double vd = 2.0;

int solo5_app_main(const struct solo5_start_info *si)
{
	(void)si;
	t_banner("fpu");
	float c[4] = { 2.0f, 5.0f, -3.0f, 0.5f };
	__asm__("movups %0, %%xmm1\n\t"
		"mulps %%xmm1, %%xmm1\n\t"
		"movups %%xmm1, %0"
		: "+m"(c)
		:
		: "xmm1");
	T_CHECK(c[0] == 4.0f && c[1] == 25.0f && c[2] == 9.0f &&
		c[3] == 0.25f);

	volatile float a = 1.5f, b = 5.0f;
	T_CHECK(a * b == 7.5f);
	double d = vd;
	for (int i = 0; i < 10; i++)
		d = d * 1.5 - 0.25;
	T_CHECK(d > 86.99 && d < 87.0);	/* 86.9975... */

	long double x = 2.0L;
	__asm__("fsqrt" : "+t"(x));
	T_CHECK(x > 1.41421L && x < 1.41422L);

	uint32_t mxcsr;
	__asm__ __volatile__("stmxcsr %0" : "=m"(mxcsr));
	T_CHECK((mxcsr & 0x1f80) == 0x1f80);	/* exceptions masked */
	t_puts("SUCCESS\n");
	return SOLO5_EXIT_SUCCESS;
}
