# platform.mk: the platform layer, one relocatable object for unikernels.
# Only plat_* and solo5_app_main stay global, so the next layer's libc
# never sees our memcpy & co., and the opt-in symbols of nablux_spt.h,
# which the bindings' note reads at link time.
PLATFORM_SRCS := $(wildcard platform/*.c)
PLATFORM_ASMS := $(wildcard platform/*.S)
PLATFORM_OBJS := $(PLATFORM_SRCS:%.c=$(OBJ)/%.o) $(PLATFORM_ASMS:%.S=$(OBJ)/%.o)
PLATFORM_CFLAGS := $(GUEST_CFLAGS) -fno-asynchronous-unwind-tables -Iplatform

$(OBJ)/platform/%.o: platform/%.c platform/*.h include/*.h
	@mkdir -p $(@D)
	$(CC) $(PLATFORM_CFLAGS) -c $< -o $@

$(OBJ)/platform/%.o: platform/%.S
	@mkdir -p $(@D)
	$(CC) -c $< -o $@

$(LIB)/nablux-platform.o: $(PLATFORM_OBJS)
	@mkdir -p $(@D)
	$(LD) -r -o $@.tmp $^
	$(OBJCOPY) -w -G 'plat_*' -G solo5_app_main -G 'nablux_spt_opt_*' $@.tmp $@
	rm -f $@.tmp

ALL += $(LIB)/nablux-platform.o
