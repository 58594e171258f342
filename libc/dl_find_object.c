// SPDX-License-Identifier: MIT
/*
 * _dl_find_object: glibc's lookup of the loaded object containing an
 * address. The host's libgcc_eh (built against glibc 2.36) calls it from
 * _Unwind_Find_FDE when a C++ exception unwinds, after searching the
 * frames registered with __register_frame_info. A unikernel is one static
 * object, and crtbeginT.o registers its whole .eh_frame at start-up: an
 * address the registered frames do not cover is in no object, which is
 * what -1 says.
 */
struct dl_find_object;

int _dl_find_object(void *address, struct dl_find_object *result)
{
	(void)address;
	(void)result;
	return -1;
}
