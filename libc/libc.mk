# libc.mk: musl for Linux unikernels (scripts/musl-build.sh, cached), the
# sysroot nablux-cc compiles against (musl's headers and libraries, the
# x86_64 Linux UAPI headers of the kernel we run), the dispatch and the
# C start-up.
SYSROOT := $(BUILD)/sysroot
SYSROOT_STAMP := $(SYSROOT)/.stamp
# Guest code that takes system call numbers and layouts from the UAPI.
UAPI_CFLAGS := -isystem $(SYSROOT)/include

$(SYSROOT_STAMP): $(shell find libc/overlay libc/patches libc/include -type f) libc/remove.list \
		scripts/musl-build.sh scripts/debsrc.sh scripts/linux-headers.sh \
		scripts/linux-source.sh
	rm -rf $(SYSROOT).tmp
	mkdir -p $(SYSROOT).tmp/lib
	musl=$$(bash scripts/musl-build.sh | tail -1) && \
	uapi=$$(bash scripts/linux-headers.sh | tail -1) && \
	cp -a $$musl/include $(SYSROOT).tmp/include && \
	cp -a $$uapi/. $(SYSROOT).tmp/include/ && \
	cp $$musl/lib/*.a $$musl/lib/crti.o \
		$$musl/lib/crtn.o $(SYSROOT).tmp/lib/
	cp -r libc/include/. $(SYSROOT).tmp/include/
	rm -rf $(SYSROOT)
	mv $(SYSROOT).tmp $(SYSROOT)
	touch $@

$(OBJ)/libc/%.o: libc/%.c libc/*.h libc/include/nablux/*.h platform/platform.h \
		linux/include/nablux/*.h $(SYSROOT_STAMP)
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) $(UAPI_CFLAGS) -Iplatform -Ilinux/include \
		-Ilibc -Ilibc/include -c $< -o $@

LIBC_OBJS := $(OBJ)/libc/dispatch.o $(OBJ)/libc/filemap.o $(OBJ)/libc/start.o \
	$(OBJ)/libc/dl_find_object.o $(OBJ)/libc/exec.o
ALL += $(SYSROOT_STAMP) $(LIBC_OBJS)
