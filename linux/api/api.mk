# Setup helpers over the kernel's system calls (linux/include/nablux/
# setup.h), built for the posix host (tests) and as guest code.
$(OBJ)/linux/api/setup.o: linux/api/setup.c linux/include/nablux/*.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ilinux/include -c $< -o $@

$(OBJ)/linux/api/setup.guest.o: linux/api/setup.c linux/include/nablux/*.h \
		$(SYSROOT_STAMP)
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) $(UAPI_CFLAGS) -Ilinux/include -c $< -o $@

ALL += $(OBJ)/linux/api/setup.o $(OBJ)/linux/api/setup.guest.o
