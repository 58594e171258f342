# SPDX-License-Identifier: ISC
# Memory tests (tests/platform-mem): host_mem, the page allocator and the
# anonymous-memory calls under ASan/UBSan over a host arena; the unikernels
# mem_stress.spt and mem_mmap.spt; the benchmark bench_mem.spt. The
# unikernels link the platform's objects directly (not the localised
# nablux-platform.o) so they can run the allocator's self-check.

PMEM_SRC := tests/platform-mem
PMEM_OUT := $(BUILD)/tests/platform-mem
PMEM_CC := $(BIN)/nablux-spt-cc
PMEM_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/include \
	-I$(CURDIR)/platform

# ---- host
$(PMEM_OUT)/host_mem: $(PMEM_SRC)/host_mem.c platform/pages.c platform/mmap.c \
		platform/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -Iplatform -o $@ $(PMEM_SRC)/host_mem.c \
		platform/pages.c platform/mmap.c

# ---- unikernels
$(PMEM_OUT)/%.o: $(PMEM_SRC)/%.c $(PMEM_SRC)/tutil.h platform/*.h \
		include/*.h $(PMEM_CC)
	@mkdir -p $(@D)
	$(PMEM_CC) $(PMEM_CFLAGS) -c $< -o $@

$(PMEM_OUT)/mft_none.c: $(PMEM_SRC)/none.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(PMEM_OUT)/mft_none.o: $(PMEM_OUT)/mft_none.c $(PMEM_CC)
	$(PMEM_CC) $(PMEM_CFLAGS) -c $< -o $@

PMEM_GUEST := $(PMEM_OUT)/mft_none.o $(PLATFORM_OBJS) \
	$(LIB)/nablux-spt-bindings.o $(LIB)/spt.lds

$(PMEM_OUT)/%.spt: $(PMEM_OUT)/%.o $(PMEM_GUEST)
	$(PMEM_CC) -o $@ $(filter %.o,$(filter-out %/nablux-spt-bindings.o,$^))
$(BUILD)/bench/bench_mem.spt: $(PMEM_OUT)/bench_mem.o $(PMEM_GUEST)
	@mkdir -p $(@D)
	$(PMEM_CC) -o $@ $(filter %.o,$(filter-out %/nablux-spt-bindings.o,$^))

.PRECIOUS: $(PMEM_OUT)/%.o $(PMEM_OUT)/mft_none.c

PMEM_ALL := $(PMEM_OUT)/host_mem $(PMEM_OUT)/mem_stress.spt \
	$(PMEM_OUT)/mem_mmap.spt $(BUILD)/bench/bench_mem.spt
.PHONY: tests-platform-mem
tests-platform-mem: $(PMEM_ALL)
ALL += $(PMEM_ALL)
