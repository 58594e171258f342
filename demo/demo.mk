# The README's demo: a Linux unikernel with an ext4 root (demo/run.sh).
DEMO := $(BUILD)/demo

$(DEMO)/demo.o: demo/demo.c linux/include/nablux/*.h platform/platform.h \
		$(BIN)/nablux-spt-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-spt-cc -std=gnu11 -O2 -Wall -Wextra -Werror -Iplatform \
		-Ilinux/include -c $< -o $@
$(DEMO)/mft.c: demo/demo.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(DEMO)/mft.o: $(DEMO)/mft.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@
$(DEMO)/demo.spt: $(DEMO)/demo.o $(DEMO)/mft.o $(LINUX_APP_OBJS) \
		$(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(DEMO)/demo.o $(DEMO)/mft.o $(LINUX_APP_OBJS)

ALL += $(DEMO)/demo.spt
