# The Solo5 API on POSIX, for host unit tests of the platform (ASan/UBSan).
$(BUILD)/platform-host/solo5_host.o: tests/platform-host/solo5_host.c \
		tests/platform-host/solo5_host.h include/solo5.h \
		include/nablux_spt.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c $< -o $@
