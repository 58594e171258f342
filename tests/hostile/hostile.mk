# The hostile-input suite: a fixture unikernel and the tool that breaks it.
HOSTILE := $(BUILD)/tests/hostile

$(HOSTILE)/mutate: tests/hostile/mutate.c include/*.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -o $@ $<

$(HOSTILE)/manifest.c: tests/hostile/manifest.json $(BIN)/nablux-elftool
	@mkdir -p $(dir $@)
	$(BIN)/nablux-elftool gen-manifest $< $@

$(HOSTILE)/%.o: tests/hostile/%.c $(BIN)/nablux-spt-cc
	@mkdir -p $(dir $@)
	$(BIN)/nablux-spt-cc -c $< -o $@

$(HOSTILE)/manifest.o: $(HOSTILE)/manifest.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@

$(HOSTILE)/fixture.spt: $(HOSTILE)/fixture.o $(HOSTILE)/manifest.o \
		$(LIB)/nablux-spt-bindings.o $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -o $@ $(HOSTILE)/fixture.o $(HOSTILE)/manifest.o

ALL += $(HOSTILE)/mutate $(HOSTILE)/fixture.spt
