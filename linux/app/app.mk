# The start-up of Linux unikernels (linux/app/start.c), and the objects a
# Linux unikernel links besides its own: start-up, setup helpers, the
# platform host and its devices, the kernel, the platform.

$(OBJ)/linux/app/start.o: linux/app/start.c linux/include/nablux/*.h \
		linux/host/platform_dev.h linux/host/platform_host.h \
		platform/platform.h $(SYSROOT_STAMP)
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) $(UAPI_CFLAGS) -Iplatform -Ilinux/include \
		-c $< -o $@

LINUX_APP_OBJS := $(OBJ)/linux/app/start.o $(OBJ)/linux/api/setup.guest.o \
	$(PLATFORM_HOST_OBJS) $(LIB)/nablux-linux.o $(LIB)/nablux-platform.o
ALL += $(OBJ)/linux/app/start.o
