# Kernel tests and benchmark on the posix host: ordinary processes that
# link the kernel object (non-PIE: the kernel is built without -fpie).
# The kernel's own rules, in case the top Makefile has not included them.
include linux/linux.mk

LINUX_TEST_DEPS := $(LIB)/nablux-linux.o $(OBJ)/linux/host/posix.o

$(BUILD)/tests/linux/%: tests/linux/%.c $(LINUX_TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ilinux/include -no-pie $^ -o $@ -lpthread

ALL += $(BUILD)/tests/linux/ktest $(BUILD)/tests/linux/kbench
