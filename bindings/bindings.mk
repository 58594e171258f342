# SPDX-License-Identifier: ISC
# bindings.mk: the guest side of the Solo5 API for spt.
#   $(LIB)/nablux-spt-bindings.o  one relocatable object; only the Solo5
#                                 API, nablux_spt.h's calls, _start and
#                                 __stack_chk_* stay global
#   $(LIB)/spt.lds                the linker script for spt unikernels

OBJCOPY ?= objcopy

BINDINGS_SPT_SRCS := $(wildcard bindings/spt/*.c)
BINDINGS_SPT_OBJS := $(patsubst bindings/spt/%.c,$(OBJ)/bindings/spt/%.o,$(BINDINGS_SPT_SRCS))

# GUEST_CFLAGS keeps the canary in a global, not at %fs:0x28: the guest
# owns %fs (TLS base 0 until it sets one up), see bindings/spt/ssp.c.
BINDINGS_CFLAGS := $(GUEST_CFLAGS) \
	-fno-asynchronous-unwind-tables -Ibindings/spt

# start.c sets the canary, so it must not check it.
$(OBJ)/bindings/spt/start.o: BINDINGS_CFLAGS += -fno-stack-protector

$(OBJ)/bindings/spt/%.o: bindings/spt/%.c bindings/spt/bindings.h \
		$(wildcard include/*.h)
	@mkdir -p $(@D)
	$(CC) $(BINDINGS_CFLAGS) -c $< -o $@

$(LIB)/nablux-spt-bindings.o: $(BINDINGS_SPT_OBJS)
	@mkdir -p $(@D)
	$(LD) -r -o $@.tmp $^
	$(OBJCOPY) -w -G 'solo5_*' -G 'nablux_spt_*' -G _start -G '__stack_chk_*' $@.tmp $@
	rm -f $@.tmp

$(LIB)/spt.lds: bindings/spt/spt.lds
	@mkdir -p $(@D)
	cp $< $@

ALL += $(LIB)/nablux-spt-bindings.o $(LIB)/spt.lds
