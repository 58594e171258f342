# SPDX-License-Identifier: ISC
# sandbox.mk: the test unikernels of tests/sandbox, one C file each, all
# linked with one empty manifest (nablux-elftool gen-manifest) by
# nablux-spt-cc into $(BUILD)/tests/sandbox/NAME.spt. Run by run.sh.

SBX_OUT := $(BUILD)/tests/sandbox
SBX_NAMES := hello quiet output globals tls notls ssp fpu time exception \
	zeropage xnow wnox abort seccomp exit heap nodevice clock hostsig nosig
SBX_SPTS := $(SBX_NAMES:%=$(SBX_OUT)/%.spt)
SBX_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror

$(SBX_OUT)/%.o: tests/sandbox/%.c tests/sandbox/util.h $(BIN)/nablux-spt-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-spt-cc $(SBX_CFLAGS) -c $< -o $@

$(SBX_OUT)/manifest.c: tests/sandbox/manifest.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@

$(SBX_OUT)/manifest.o: $(SBX_OUT)/manifest.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc $(SBX_CFLAGS) -c $< -o $@

$(SBX_OUT)/%.spt: $(SBX_OUT)/%.o $(SBX_OUT)/manifest.o \
		$(LIB)/nablux-spt-bindings.o $(LIB)/spt.lds
	$(BIN)/nablux-spt-cc -o $@ $(SBX_OUT)/$*.o $(SBX_OUT)/manifest.o

.PRECIOUS: $(SBX_OUT)/%.o $(SBX_OUT)/manifest.c
.PHONY: tests-sandbox
tests-sandbox: $(SBX_SPTS)

ALL += $(SBX_SPTS)
