# Device test unikernels (tests/devices): blk, blk_net, net, net_2if,
# maxdevices. Each is built from freestanding C against the Solo5 API with
# the compiler wrapper, and linked with a manifest generated from its JSON
# by nablux-elftool. Run by tests/devices/run.sh.

DEV_SRC := tests/devices
DEV_OUT := $(BUILD)/tests/devices
DEV_CC := $(BIN)/nablux-spt-cc
DEV_ELFTOOL := $(BIN)/nablux-elftool
DEV_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/include
DEV_HDRS := $(DEV_SRC)/tlib.h include/solo5.h include/mft_abi.h

# unikernel: its program object and its manifest (JSON name)
DEV_blk := blk blk
DEV_blk_net := blk blknet
DEV_net := net net
DEV_net_2if := net net_2if
DEV_maxdevices := maxdevices maxdevices
DEV_net_vnet := net_vnet net
DEV_NAMES := blk blk_net net net_2if maxdevices net_vnet
DEV_SPTS := $(DEV_NAMES:%=$(DEV_OUT)/%.spt)

$(DEV_OUT)/%.o: $(DEV_SRC)/%.c $(DEV_HDRS) $(DEV_CC)
	@mkdir -p $(dir $@)
	$(DEV_CC) $(DEV_CFLAGS) -c $< -o $@

# net.c asking for net offload (include/nablux_spt.h).
$(DEV_OUT)/net_vnet.o: $(DEV_SRC)/net.c $(DEV_HDRS) include/nablux_spt.h \
		include/nablux_spt_abi.h $(DEV_CC)
	@mkdir -p $(dir $@)
	$(DEV_CC) $(DEV_CFLAGS) -DNET_VNET -c $< -o $@

$(DEV_OUT)/mft/%.c: $(DEV_SRC)/%.json $(DEV_ELFTOOL)
	@mkdir -p $(dir $@)
	$(DEV_ELFTOOL) gen-manifest $< $@

# Keep the generated manifest sources for inspection.
.PRECIOUS: $(DEV_OUT)/mft/%.c

$(DEV_OUT)/mft/%.o: $(DEV_OUT)/mft/%.c $(DEV_CC)
	$(DEV_CC) $(DEV_CFLAGS) -c $< -o $@

define DEV_SPT_RULE
$(DEV_OUT)/$(1).spt: $(DEV_OUT)/$(word 1,$(DEV_$(1))).o $(DEV_OUT)/tlib.o \
		$(DEV_OUT)/mft/$(word 2,$(DEV_$(1))).o $(DEV_CC)
	$(DEV_CC) -o $$@ $$(filter %.o,$$^)
endef
$(foreach n,$(DEV_NAMES),$(eval $(call DEV_SPT_RULE,$(n))))

.PHONY: tests-devices
tests-devices: $(DEV_SPTS)

# Built by default once the toolchain fragment provides the wrapper, so a
# tree without it yet still builds everything else.
ifneq ($(filter $(DEV_CC),$(ALL)),)
ALL += $(DEV_SPTS)
endif
