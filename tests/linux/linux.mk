# Kernel tests and benchmark on the posix host: ordinary processes that
# link the kernel object (non-PIE: the kernel is built without -fpie).
# The kernel's own rules, in case the top Makefile has not included them.
include linux/linux.mk

LINUX_TEST_DEPS := $(LIB)/nablux-linux.o $(OBJ)/linux/host/posix.o

$(BUILD)/tests/linux/%: tests/linux/%.c $(LINUX_TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ilinux/include -no-pie $^ -o $@ -lpthread

ALL += $(BUILD)/tests/linux/ktest $(BUILD)/tests/linux/kbench

# The host side (ktest.c, the posix host) under ASan/UBSan; the kernel
# object itself is not instrumented.
$(BUILD)/tests/linux/ktest-asan: tests/linux/ktest.c linux/host/posix.c \
		linux/host/posix_dev.c linux/host/*.h linux/include/nablux/*.h \
		$(LIB)/nablux-linux.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -Ilinux/include -no-pie \
		tests/linux/ktest.c linux/host/posix.c linux/host/posix_dev.c \
		$(LIB)/nablux-linux.o -o $@ -lpthread

ALL += $(BUILD)/tests/linux/ktest-asan
