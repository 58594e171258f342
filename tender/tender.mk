# nablux-spt: the tender, a static PIE: no dynamic loader at start-up
# saves ~70 us of boot-to-exit time (a benchmark figure).
TENDER_SRCS := tender/main.c tender/core.c tender/elf.c tender/mft.c \
	tender/options.c tender/module_net.c tender/module_block.c \
	tender/hostsig.c tender/preempt.c
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
	$(CC) -static-pie -o $@ $^ -lseccomp

ALL += $(BIN)/nablux-spt

# The same tender under AddressSanitizer and UBSan, for the hostile-input
# tests (they all end before the seccomp filter, which the sanitizer
# runtime could not live with).
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
TENDER_ASAN_OBJS := $(TENDER_SRCS:%.c=$(BUILD)/asan/%.o) \
	$(OBJ)/tender/launch_x86_64.o

$(BUILD)/asan/tender/%.o: tender/%.c tender/*.h include/*.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(BUILD)/asan/nablux-spt: $(TENDER_ASAN_OBJS)
	$(CC) $(SAN_FLAGS) -o $@ $^ -Wl,-Bstatic -lseccomp -Wl,-Bdynamic

ALL += $(BUILD)/asan/nablux-spt $(BUILD)/fuzz/fuzz-parse

# libFuzzer over everything the tender reads from an executable.
FUZZ_TIME ?= 60
$(BUILD)/fuzz/fuzz-parse: tests/fuzz/fuzz_parse.c tender/elf.c tender/mft.c \
		tender/*.h include/*.h
	@mkdir -p $(dir $@)
	clang -std=gnu11 -g -O1 -Wall -Wextra -Werror -I include -iquote tender \
		-fsanitize=fuzzer,address,undefined -o $@ \
		tests/fuzz/fuzz_parse.c tender/elf.c tender/mft.c

fuzz: $(BUILD)/fuzz/fuzz-parse all
	@bash tests/fuzz/run.sh $(FUZZ_TIME)
