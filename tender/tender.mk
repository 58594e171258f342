# nablux-spt: the tender. libseccomp is linked statically so the tender
# starts without loading it (boot-to-exit time is a benchmark).
TENDER_SRCS := tender/main.c tender/core.c tender/elf.c tender/mft.c \
	tender/options.c tender/module_net.c tender/module_block.c
TENDER_OBJS := $(TENDER_SRCS:%.c=$(OBJ)/%.o) $(OBJ)/tender/launch_x86_64.o
NABLUX_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

$(OBJ)/tender/%.o: tender/%.c tender/*.h include/*.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -DNABLUX_VERSION='"$(NABLUX_VERSION)"' -c $< -o $@

$(OBJ)/tender/%.o: tender/%.S
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(BIN)/nablux-spt: $(TENDER_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -Wl,-Bstatic -lseccomp -Wl,-Bdynamic

ALL += $(BIN)/nablux-spt
