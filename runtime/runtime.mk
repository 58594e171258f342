# SPDX-License-Identifier: ISC
# runtime.mk: $(BIN)/nablux, the runtime command (build, run, and the OCI
# runtime interface for containerd and Docker). The program is
# runtime/nablux.in (Python 3) with this checkout's build/bin baked in,
# installed as $(LIB)/nablux_runtime.py with its bytecode compiled here;
# $(BIN)/nablux only imports it (no 20 ms compile at every call).

$(LIB)/nablux_runtime.py: runtime/nablux.in runtime/runtime.mk
	@mkdir -p $(@D)
	sed -e 's|@BIN@|$(BIN)|' $< > $@.tmp
	mv $@.tmp $@
	/usr/bin/python3 -c 'import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True)' $@

$(BIN)/nablux: $(LIB)/nablux_runtime.py
	@mkdir -p $(@D)
	printf '#!/usr/bin/python3 -IS\n# SPDX-License-Identifier: ISC\n# nablux: see runtime/nablux.in\nimport sys\nsys.path.insert(0, "%s")\nimport nablux_runtime\nnablux_runtime.entry()\n' '$(LIB)' > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

ALL += $(BIN)/nablux
