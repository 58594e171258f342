# Tests of the Linux unikernel start-up (linux/app) and of the demo.
APP_OUT := $(BUILD)/tests/app

$(APP_OUT)/app.o: tests/app/app.c linux/include/nablux/*.h platform/platform.h \
		$(BIN)/nablux-spt-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-spt-cc -std=gnu11 -O2 -Wall -Wextra -Werror -Iplatform \
		-Ilinux/include -c $< -o $@
$(APP_OUT)/mft_%.c: tests/app/%.json $(BIN)/nablux-elftool
	@mkdir -p $(@D)
	$(BIN)/nablux-elftool gen-manifest $< $@
$(APP_OUT)/mft_%.o: $(APP_OUT)/mft_%.c $(BIN)/nablux-spt-cc
	$(BIN)/nablux-spt-cc -c $< -o $@
$(APP_OUT)/app-%.spt: $(APP_OUT)/app.o $(APP_OUT)/mft_%.o $(LINUX_APP_OBJS) \
		$(LIB)/nablux-spt-bindings.o
	$(BIN)/nablux-spt-cc -o $@ $(APP_OUT)/app.o $(APP_OUT)/mft_$*.o \
		$(LINUX_APP_OBJS)

ALL += $(APP_OUT)/app-disk.spt $(APP_OUT)/app-net.spt
