# SPDX-License-Identifier: ISC
# runtime.mk: $(BIN)/nablux, the runtime command (build, run, and the OCI
# runtime interface for containerd and Docker), with this checkout's
# build/bin baked in.

$(BIN)/nablux: runtime/nablux.in runtime/runtime.mk
	@mkdir -p $(@D)
	sed -e 's|@BIN@|$(BIN)|' $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

ALL += $(BIN)/nablux
