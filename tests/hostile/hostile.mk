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

# Fixtures with N block devices d1..dN: seccomp filters of many sizes.
MANY_N := 15 16 17 18 35 53 54
$(HOSTILE)/many%.json:
	@mkdir -p $(@D)
	{ printf '{"type":"solo5.manifest","version":1,"devices":['; \
	  for i in $$(seq 1 $*); do [ $$i -gt 1 ] && printf ','; \
	  printf '{"name":"d%s","type":"BLOCK_BASIC"}' $$i; done; \
	  printf ']}\n'; } > $@
$(HOSTILE)/many%.c: $(HOSTILE)/many%.json $(BIN)/nablux-elftool
	$(BIN)/nablux-elftool gen-manifest $< $@
$(HOSTILE)/many%.mo: $(HOSTILE)/many%.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@
$(HOSTILE)/many%.spt: $(HOSTILE)/fixture.o $(HOSTILE)/many%.mo \
		$(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(HOSTILE)/fixture.o $(HOSTILE)/many$*.mo

ALL += $(HOSTILE)/mutate $(HOSTILE)/fixture.spt $(MANY_N:%=$(HOSTILE)/many%.spt)
