# SPDX-License-Identifier: ISC
# toolchain.mk: $(BIN)/nablux-spt-cc, the compiler wrapper for bare
# Solo5-API unikernels, with this checkout's absolute paths baked in.

$(BIN)/nablux-spt-cc: toolchain/nablux-spt-cc.in toolchain/toolchain.mk \
		$(LIB)/nablux-spt-bindings.o $(LIB)/spt.lds
	@mkdir -p $(@D)
	sed -e 's|@CC@|$(CC)|' -e 's|@INCLUDE@|$(CURDIR)/include|' \
	    -e 's|@LIB@|$(LIB)|' \
	    -e 's|@GCCINC@|$(shell $(CC) -print-file-name=include)|' \
	    $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

ALL += $(BIN)/nablux-spt-cc

# nablux-cc: C programs as Linux unikernels (musl, Linux, the platform),
# with the two default manifests built here.
$(LIB)/nablux-mft-%.c: toolchain/manifest-%.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(LIB)/nablux-mft-%.o: $(LIB)/nablux-mft-%.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@

NABLUX_CC_RUNTIME := $(LIBC_OBJS) $(LINUX_APP_OBJS) \
	$(LIB)/nablux-spt-bindings.o
$(LIB)/nablux-cc.specs: toolchain/nablux-cc.specs
	@mkdir -p $(@D)
	cp $< $@
$(BIN)/nablux-cc: toolchain/nablux-cc.in toolchain/toolchain.mk \
		$(NABLUX_CC_RUNTIME) $(LIB)/spt.lds $(LIB)/nablux-cc.specs $(SYSROOT_STAMP) \
		$(LIB)/nablux-mft-rootfs.o $(LIB)/nablux-mft-net.o \
		$(BIN)/nablux-elftool
	@mkdir -p $(@D)
	sed -e 's|@CC@|$(CC)|' -e 's|@SYSROOT@|$(SYSROOT)|' \
	    -e 's|@LIB@|$(LIB)|' -e 's|@INCLUDE@|$(CURDIR)/include|' \
	    -e 's|@ELFTOOL@|$(BIN)/nablux-elftool|' \
	    -e 's|@GCCINC@|$(shell $(CC) -print-file-name=include)|' \
	    -e 's|@CRTBEGIN@|$(shell $(CC) -print-file-name=crtbeginT.o)|' \
	    -e 's|@CRTEND@|$(shell $(CC) -print-file-name=crtend.o)|' \
	    -e 's|@LIBGCC@|$(shell $(CC) -print-libgcc-file-name)|' \
	    -e 's|@LIBGCC_EH@|$(shell $(CC) -print-file-name=libgcc_eh.a)|' \
	    -e 's|@RUNTIME@|$(NABLUX_CC_RUNTIME)|' \
	    $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

ALL += $(BIN)/nablux-cc

$(BIN)/nablux-run: toolchain/nablux-run.in
	@mkdir -p $(@D)
	sed -e 's|@BIN@|$(BIN)|' $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

ALL += $(BIN)/nablux-run

# nablux-c++: nablux-cc with g++ and libstdc++ (built against our musl
# from Debian's gcc-12 source, cached: scripts/libstdcxx-build.sh).
CXX_STAMP := $(BUILD)/cxx/.stamp
$(CXX_STAMP): scripts/libstdcxx-build.sh scripts/debsrc.sh $(BIN)/nablux-cc $(SYSROOT_STAMP)
	@mkdir -p $(@D)
	d=$$(bash scripts/libstdcxx-build.sh $(SYSROOT)/include $(BIN)/nablux-cc | tail -1) && \
		ln -sfn "$$d" $(BUILD)/cxx/libstdcxx
	touch $@
$(BIN)/nablux-c++: toolchain/nablux-c++.in toolchain/toolchain.mk $(CXX_STAMP)
	@mkdir -p $(@D)
	sed -e 's|@CXX@|$(CXX)|' -e 's|@BIN@|$(BIN)|' \
	    -e 's|@CXXDIR@|$(BUILD)/cxx/libstdcxx|g' $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@
.PHONY: nablux-c++
nablux-c++: $(BIN)/nablux-c++

ALL += $(BIN)/nablux-c++
