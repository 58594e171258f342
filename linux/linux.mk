# linux.mk: the nablux kernel (Debian's linux-source-6.1 with our arch,
# linux/arch/nablux) as one relocatable object whose only global symbols
# are the API of linux/include/nablux/nablux.h, and the posix host that
# runs it inside an ordinary process (tests, benchmarks).
# scripts/linux-build.sh does the kernel build, out of tree in the cache.
ifndef NABLUX_LINUX_MK
NABLUX_LINUX_MK := 1

LINUX_SRCS := $(shell find linux/arch linux/config linux/include \
		linux/patches -type f 2>/dev/null)

$(LIB)/nablux-linux.o: $(LINUX_SRCS) scripts/linux-build.sh \
		scripts/linux-source.sh
	bash scripts/linux-build.sh $@

$(OBJ)/linux/host/posix.o: linux/host/posix.c linux/host/posix.h \
		linux/include/nablux/host.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ilinux/include -c $< -o $@

ALL += $(LIB)/nablux-linux.o $(OBJ)/linux/host/posix.o

endif
