# Benchmark unikernels and their native baselines.
BENCH := $(BUILD)/bench

$(BENCH)/%.o: bench/%.c bench/guest_util.h $(BIN)/nablux-spt-cc
	@mkdir -p $(dir $@)
	$(BIN)/nablux-spt-cc -c $< -o $@

$(BENCH)/mft_%.c: bench/%.json $(BIN)/nablux-elftool
	@mkdir -p $(dir $@)
	$(BIN)/nablux-elftool gen-manifest $< $@

$(BENCH)/mft_%.o: $(BENCH)/mft_%.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@

$(BENCH)/hello.spt: $(BENCH)/hello.o $(BENCH)/mft_none.o $(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(BENCH)/hello.o $(BENCH)/mft_none.o
$(BENCH)/bench_yield.spt: $(BENCH)/bench_yield.o $(BENCH)/mft_none.o $(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(BENCH)/bench_yield.o $(BENCH)/mft_none.o
$(BENCH)/bench_blk.spt: $(BENCH)/bench_blk.o $(BENCH)/mft_blk.o $(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(BENCH)/bench_blk.o $(BENCH)/mft_blk.o

$(BENCH)/spawn_time: bench/spawn_time.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $<
$(BENCH)/hello_native: bench/hello_native.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<
$(BENCH)/yield_native: bench/yield_native.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $<
$(BENCH)/blk_native: bench/blk_native.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $<

BENCH_ALL := $(addprefix $(BENCH)/,hello.spt bench_yield.spt bench_blk.spt \
	spawn_time hello_native blk_native yield_native)
bench: $(BENCH_ALL)

# The library kernel against the host kernel (4 KiB reads, TCP over lo).
$(BENCH)/kernel_io: bench/kernel_io.c bench/linux/tcp_server.h $(OBJ)/linux/api/setup.o \
		$(LIB)/nablux-linux.o $(OBJ)/linux/host/posix.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Ilinux/include -no-pie -o $@ \
		$(filter-out %.h,$^) -lpthread
BENCH_ALL += $(BENCH)/kernel_io
include bench/linux/bench-linux.mk
include bench/libc/bench-libc.mk
include bench/runtime/bench-runtime.mk
