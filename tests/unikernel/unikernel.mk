# Linux unikernels: the library kernel on the platform host inside
# nablux-spt (tests/unikernel/run.sh).
include linux/linux.mk

UK_OUT := $(BUILD)/tests/unikernel
UK_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/include \
	-I$(CURDIR)/platform -I$(CURDIR)/linux/include

$(UK_OUT)/%.o: tests/unikernel/%.c $(BIN)/nablux-spt-cc platform/platform.h \
		linux/include/nablux/*.h
	@mkdir -p $(@D)
	$(BIN)/nablux-spt-cc $(UK_CFLAGS) -c $< -o $@

$(UK_OUT)/mft_%.c: tests/unikernel/%.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(UK_OUT)/mft_%.o: $(UK_OUT)/mft_%.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@

UK_LINUX := $(PLATFORM_HOST_OBJS) $(OBJ)/linux/api/setup.guest.o \
	$(LIB)/nablux-linux.o \
	$(LIB)/nablux-platform.o

$(UK_OUT)/kboot.spt: $(UK_OUT)/kboot.o $(UK_OUT)/mft_none.o $(UK_LINUX) \
		$(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(UK_OUT)/kboot.o $(UK_OUT)/mft_none.o \
		$(UK_LINUX)

ALL += $(UK_OUT)/kboot.spt

# Devices: an ext4 root on the "rootfs" block device (kdisk), a TCP echo
# server on the "tap" net device (knet).
$(UK_OUT)/kdisk.o $(UK_OUT)/knet.o: tests/unikernel/ukio.h \
	linux/host/platform_dev.h

$(UK_OUT)/kdisk.spt: $(UK_OUT)/kdisk.o $(UK_OUT)/mft_disk.o $(UK_LINUX) \
		$(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(UK_OUT)/kdisk.o $(UK_OUT)/mft_disk.o \
		$(UK_LINUX)

$(UK_OUT)/knet.spt: $(UK_OUT)/knet.o $(UK_OUT)/mft_net.o $(UK_LINUX) \
		$(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(UK_OUT)/knet.o $(UK_OUT)/mft_net.o \
		$(UK_LINUX)

ALL += $(UK_OUT)/kdisk.spt $(UK_OUT)/knet.spt
