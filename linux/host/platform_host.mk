# The platform host: the kernel's host operations on the platform layer,
# compiled as guest code for Linux unikernels.
$(OBJ)/linux/host/platform_host.o: linux/host/platform_host.c \
		linux/host/platform_host.h linux/include/nablux/host.h \
		platform/platform.h include/solo5.h
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -Iplatform -Ilinux/include -c $< -o $@

$(OBJ)/linux/host/jmp_x86_64.o: linux/host/jmp_x86_64.S
	@mkdir -p $(@D)
	$(CC) -c $< -o $@

PLATFORM_HOST_OBJS := $(OBJ)/linux/host/platform_host.o \
	$(OBJ)/linux/host/jmp_x86_64.o
ALL += $(PLATFORM_HOST_OBJS)

# The platform host's devices (block and net over Solo5 devices).
$(OBJ)/linux/host/platform_dev.o: linux/host/platform_dev.c \
		linux/host/platform_dev.h linux/include/nablux/*.h \
		platform/platform.h platform/errors.h
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -Iplatform -Ilinux/include -c $< -o $@

PLATFORM_HOST_OBJS += $(OBJ)/linux/host/platform_dev.o
ALL += $(OBJ)/linux/host/platform_dev.o
