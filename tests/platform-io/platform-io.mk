# platform-io.mk: tests of the platform's start-up, descriptors, devices,
# time and random (tests/platform-io/run.sh), and bench_io.spt.
#   $(PIO_OUT)/host_io     host unit tests (ASan/UBSan) on the Solo5 host
#                          stand-in, the scheduler and allocator stubbed
#   $(PIO_OUT)/blkmodel    host tool: the image blkio.spt leaves behind
#   $(PIO_OUT)/*.spt       unikernels on nablux-platform.o

PIO_SRC := tests/platform-io
PIO_OUT := $(BUILD)/tests/platform-io
PIO_CC := $(BIN)/nablux-spt-cc
PIO_GCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/platform \
	-I$(CURDIR)/include

# ---- host unit tests
PIO_HOST_PLAT := fd console block net poll time proc chacha20 entropy \
	random cmdline panic
PIO_HOST_OBJS := $(PIO_HOST_PLAT:%=$(PIO_OUT)/host/platform/%.o) \
	$(PIO_OUT)/host/host_io.o $(PIO_OUT)/host/host_stubs.o \
	$(PIO_OUT)/host/blkcheck.o
PIO_HOST_CFLAGS := $(HOST_CFLAGS) $(SAN_FLAGS) -Iplatform -Itests/platform-host

$(PIO_OUT)/host/platform/%.o: platform/%.c platform/*.h include/solo5.h
	@mkdir -p $(@D)
	$(CC) $(PIO_HOST_CFLAGS) -c $< -o $@

$(PIO_OUT)/host/%.o: $(PIO_SRC)/%.c $(PIO_SRC)/*.h platform/*.h \
		tests/platform-host/solo5_host.h
	@mkdir -p $(@D)
	$(CC) $(PIO_HOST_CFLAGS) -c $< -o $@

$(PIO_OUT)/host_io: $(PIO_HOST_OBJS) $(BUILD)/platform-host/solo5_host.o
	$(CC) $(SAN_FLAGS) -o $@ $^ -lm -pthread

$(PIO_OUT)/blkmodel: $(PIO_SRC)/blkmodel.c $(PIO_SRC)/model.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $<

# ---- unikernels
$(PIO_OUT)/%.o: $(PIO_SRC)/%.c $(PIO_SRC)/*.h platform/platform.h $(PIO_CC)
	@mkdir -p $(@D)
	$(PIO_CC) $(PIO_GCFLAGS) -c $< -o $@

.PRECIOUS: $(PIO_OUT)/mft/%.c
$(PIO_OUT)/mft/%.c: $(PIO_SRC)/%.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@

$(PIO_OUT)/mft/%.o: $(PIO_OUT)/mft/%.c $(PIO_CC)
	$(PIO_CC) $(PIO_GCFLAGS) -c $< -o $@

# unikernel: program object, manifest, extra objects
PIO_args := args none
PIO_misc := misc none
PIO_blkio := blkio storage blkcheck
PIO_netio := netio net
PIO_netwake := netwake net
PIO_hostsig := hostsig none
PIO_SPT_NAMES := args misc blkio netio netwake hostsig

define PIO_SPT_RULE
$(PIO_OUT)/$(1).spt: $(PIO_OUT)/$(word 1,$(PIO_$(1))).o \
		$(PIO_OUT)/mft/$(word 2,$(PIO_$(1))).o \
		$(patsubst %,$(PIO_OUT)/%.o,$(wordlist 3,9,$(PIO_$(1)))) \
		$(PIO_OUT)/tio.o $(LIB)/nablux-platform.o $(PIO_CC)
	$(PIO_CC) -o $$@ $$(filter %.o,$$^)
endef
$(foreach n,$(PIO_SPT_NAMES),$(eval $(call PIO_SPT_RULE,$(n))))

# ---- benchmark: 1 MiB plat_pread/plat_pwrite over "storage"
$(BUILD)/bench/bench_io.spt: $(PIO_OUT)/bench_io.o $(PIO_OUT)/mft/storage.o \
		$(PIO_OUT)/tio.o $(LIB)/nablux-platform.o $(PIO_CC)
	@mkdir -p $(@D)
	$(PIO_CC) -o $@ $(filter %.o,$^)

PIO_ALL := $(PIO_OUT)/host_io $(PIO_OUT)/blkmodel \
	$(PIO_SPT_NAMES:%=$(PIO_OUT)/%.spt) $(BUILD)/bench/bench_io.spt
.PHONY: tests-platform-io
tests-platform-io: $(PIO_ALL)
ALL += $(PIO_ALL)
