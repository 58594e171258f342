# SPDX-License-Identifier: ISC
# python3.mk: make app-python3 -> build/apps/python3/{python3.spt,root/,
# rootfs.img,test-rootfs.img} and the native reference
# build/apps/python3/native/python3 (see build.sh). The libraries
# (apps/libs) and the compiled source are cached (Debian versions, recipe
# hashes); a change in nablux's runtime only relinks python3.spt.

PYTHON3_OUT := $(BUILD)/apps/python3
PYTHON3_STAMP := $(PYTHON3_OUT)/.stamp

# + : build.sh's make shares this make's jobserver.
$(PYTHON3_STAMP): apps/python3/build.sh apps/python3/python3.mk apps/python3/config.site \
		apps/python3/Setup.local.in apps/python3/nablux_dl.c \
		apps/python3/root.sh apps/mkimage.sh $(wildcard apps/python3/*.patch) $(wildcard apps/libs/*.sh) scripts/debsrc.sh \
		$(BIN)/nablux-cc $(NABLUX_CC_RUNTIME) $(LIB)/nablux-mft-net.o \
		$(LIB)/spt.lds $(SYSROOT_STAMP)
	+bash apps/python3/build.sh $(PYTHON3_OUT)
	touch $@

app-python3: $(PYTHON3_STAMP)
APPS += app-python3
