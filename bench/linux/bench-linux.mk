# Linux unikernel benchmarks (bench/linux/run.sh): ukbench.c linked three
# times (no device, net "tap", block "rootfs") on the Linux unikernel
# start-up, with --wrap to stamp plat_main and nablux_start_kernel; and
# the native programs they are compared with.
ifndef NABLUX_BENCH_LINUX_MK
NABLUX_BENCH_LINUX_MK := 1

BL_OUT := $(BUILD)/bench/linux
BL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/include \
	-I$(CURDIR)/platform -I$(CURDIR)/linux/include
BL_WRAP := -Wl,--wrap=plat_main -Wl,--wrap=nablux_start_kernel

$(BL_OUT)/ukbench.o: bench/linux/ukbench.c bench/linux/tcp_server.h \
		tests/ukernel-suite/ukt.h $(BIN)/nablux-spt-cc platform/platform.h \
		linux/include/nablux/*.h
	@mkdir -p $(@D)
	$(BIN)/nablux-spt-cc $(BL_CFLAGS) -c $< -o $@

$(BL_OUT)/mft_%.c: bench/linux/%.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(BL_OUT)/mft_%.o: $(BL_OUT)/mft_%.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@

$(BL_OUT)/ukboot.spt: BL_MFT := none
$(BL_OUT)/uknet.spt: BL_MFT := net
$(BL_OUT)/ukdisk.spt: BL_MFT := disk
$(BL_OUT)/ukboot.spt: $(BL_OUT)/mft_none.o
$(BL_OUT)/uknet.spt: $(BL_OUT)/mft_net.o
$(BL_OUT)/ukdisk.spt: $(BL_OUT)/mft_disk.o
$(BL_OUT)/ukboot.spt $(BL_OUT)/uknet.spt $(BL_OUT)/ukdisk.spt: \
		$(BL_OUT)/ukbench.o $(LINUX_APP_OBJS) $(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc $(BL_WRAP) -o $@ $(BL_OUT)/ukbench.o \
		$(BL_OUT)/mft_$(BL_MFT).o $(LINUX_APP_OBJS)

$(BL_OUT)/%: bench/linux/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<
$(BL_OUT)/tcp_server_native: bench/linux/tcp_server.h

BENCH_LINUX := $(addprefix $(BL_OUT)/,ukboot.spt uknet.spt ukdisk.spt \
	boot_time null_native tcp_client tcp_server_native disk_native)
ALL += $(BENCH_LINUX)
.PHONY: bench-linux-build
bench-linux-build: $(BENCH_LINUX)

endif
