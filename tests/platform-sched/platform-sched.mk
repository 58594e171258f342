# Scheduler tests (tests/platform-sched): the host unit tests under
# ASan/UBSan (host_sched, on the Solo5 stand-in), the same tests as the
# unikernel sched_tests.spt, net_wait.spt (a wait on a net handle), and
# the benchmark bench_sched.spt. The unikernels link every platform
# object directly (not the localised nablux-platform.o) so tests can
# reach internal calls such as sched_wait_handles.

PST_SRC := tests/platform-sched
PST_OUT := $(BUILD)/tests/platform-sched
PST_CC := $(BIN)/nablux-spt-cc
PST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/include \
	-I$(CURDIR)/platform

# ---- host: sched.c and the switch under ASan/UBSan
PST_HOST_CFLAGS := $(HOST_CFLAGS) $(SAN_FLAGS) -Iplatform \
	-Itests/platform-host -I$(PST_SRC) -DSCHED_TEST_HOST
PST_HOST_OBJS := $(addprefix $(PST_OUT)/host/,sched.o hostsig.o \
	switch_x86_64.o sched_tests.o host_main.o host_stubs.o) \
	$(BUILD)/platform-host/solo5_host.o

$(PST_OUT)/host/%.o: platform/%.c platform/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(PST_HOST_CFLAGS) -c $< -o $@
$(PST_OUT)/host/%.o: platform/%.S
	@mkdir -p $(@D)
	$(CC) -c $< -o $@
$(PST_OUT)/host/%.o: $(PST_SRC)/%.c $(PST_SRC)/*.h platform/*.h \
		tests/platform-host/solo5_host.h
	@mkdir -p $(@D)
	$(CC) $(PST_HOST_CFLAGS) -c $< -o $@

$(PST_OUT)/host_sched: $(PST_HOST_OBJS)
	$(CC) $(SAN_FLAGS) -o $@ $^

# ---- unikernels
$(PST_OUT)/%.o: $(PST_SRC)/%.c platform/*.h include/*.h $(PST_CC)
	@mkdir -p $(@D)
	$(PST_CC) $(PST_CFLAGS) -c $< -o $@

$(PST_OUT)/mft_%.c: $(PST_SRC)/%.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(PST_OUT)/mft_%.o: $(PST_OUT)/mft_%.c $(PST_CC)
	$(PST_CC) $(PST_CFLAGS) -c $< -o $@

PST_GUEST := $(PLATFORM_OBJS) $(LIB)/nablux-spt-bindings.o

$(PST_OUT)/sched_tests.spt: $(PST_OUT)/sched_tests.o $(PST_OUT)/guest_main.o \
		$(PST_OUT)/mft_none.o $(PST_GUEST)
	$(PST_CC) -o $@ $(filter-out %/nablux-spt-bindings.o,$^)
$(PST_OUT)/net_wait.spt: $(PST_OUT)/net_wait.o $(PST_OUT)/mft_net.o \
		$(PST_GUEST)
	$(PST_CC) -o $@ $(filter-out %/nablux-spt-bindings.o,$^)
$(BUILD)/bench/bench_sched.spt: $(PST_OUT)/bench_sched.o \
		$(PST_OUT)/mft_none.o $(PST_GUEST)
	@mkdir -p $(@D)
	$(PST_CC) -o $@ $(filter-out %/nablux-spt-bindings.o,$^)

PST_ALL := $(PST_OUT)/host_sched $(PST_OUT)/sched_tests.spt \
	$(PST_OUT)/net_wait.spt $(BUILD)/bench/bench_sched.spt

.PHONY: tests-platform-sched
tests-platform-sched: $(PST_ALL)
ALL += $(PST_ALL)
