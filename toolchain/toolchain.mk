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
