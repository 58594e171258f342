# The library kernel's test suite as a Linux unikernel on nablux-spt
# (tests/ukernel-suite/run.sh): uksuite.spt, a nablux_main program linked
# with the Linux unikernel start-up ($(LINUX_APP_OBJS)).
include linux/linux.mk

UKS_OUT := $(BUILD)/tests/ukernel-suite
UKS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/include \
	-I$(CURDIR)/platform -I$(CURDIR)/linux/include

$(UKS_OUT)/%.o: tests/ukernel-suite/%.c tests/ukernel-suite/ukt.h \
		$(BIN)/nablux-spt-cc platform/platform.h linux/include/nablux/*.h
	@mkdir -p $(@D)
	$(BIN)/nablux-spt-cc $(UKS_CFLAGS) -c $< -o $@

$(UKS_OUT)/mft_none.c: tests/ukernel-suite/none.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(UKS_OUT)/mft_none.o: $(UKS_OUT)/mft_none.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@

$(UKS_OUT)/uksuite.spt: $(UKS_OUT)/uksuite.o $(UKS_OUT)/mft_none.o \
		$(LINUX_APP_OBJS) $(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(UKS_OUT)/uksuite.o $(UKS_OUT)/mft_none.o \
		$(LINUX_APP_OBJS)

ALL += $(UKS_OUT)/uksuite.spt

# The Linux unikernel benchmarks' build rules (bench/linux), until
# bench/bench.mk includes them itself (the fragment has a guard).
include bench/linux/bench-linux.mk
