# nablux-elftool: gen-manifest, query-abi, query-manifest, query-ext.
# It reads notes with the tender's own parser (tender/elf.c, tender/mft.c),
# compiled here into elftool objects so the two tools never disagree.
# A second, ASan/UBSan build serves the tests.
ELFTOOL_SRCS := elftool/main.c elftool/json.c elftool/gen_manifest.c \
	elftool/query.c tender/elf.c tender/mft.c
ELFTOOL_DEPS := elftool/*.h tender/elf.h tender/mft.h include/*.h
# -iquote, not -I: tender/elf.h must not hide the system <elf.h>.
ELFTOOL_CFLAGS := $(HOST_CFLAGS) -iquote $(CURDIR)/tender
ELFTOOL_ASAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

ELFTOOL_OBJS := $(ELFTOOL_SRCS:%.c=$(OBJ)/elftool/%.o)
ELFTOOL_ASAN_OBJS := $(ELFTOOL_SRCS:%.c=$(OBJ)/elftool/asan/%.o)

$(OBJ)/elftool/asan/%.o: $(CURDIR)/%.c $(ELFTOOL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ELFTOOL_CFLAGS) -O1 $(ELFTOOL_ASAN) -c $< -o $@

$(OBJ)/elftool/%.o: $(CURDIR)/%.c $(ELFTOOL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ELFTOOL_CFLAGS) -c $< -o $@

$(BIN)/nablux-elftool: $(ELFTOOL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

$(BUILD)/asan/nablux-elftool: $(ELFTOOL_ASAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ELFTOOL_ASAN) -o $@ $^

ALL += $(BIN)/nablux-elftool $(BUILD)/asan/nablux-elftool
