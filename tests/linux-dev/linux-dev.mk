# Device tests on the posix host (tests/linux-dev/run.sh): the kernel with
# a block device on an image file and a net device on a tap.
include linux/linux.mk

$(OBJ)/linux/host/posix_dev.o: linux/host/posix_dev.c \
		linux/host/posix_dev.h linux/include/nablux/*.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ilinux/include -c $< -o $@

$(BUILD)/tests/linux-dev/kdev: tests/linux-dev/kdev.c \
		$(LIB)/nablux-linux.o $(OBJ)/linux/host/posix.o \
		$(OBJ)/linux/host/posix_dev.o $(OBJ)/linux/api/setup.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ilinux/include -no-pie $(filter-out %.h,$^) \
		-o $@ -lpthread

ALL += $(OBJ)/linux/host/posix_dev.o $(BUILD)/tests/linux-dev/kdev
