# The libc suite: C programs built by nablux-cc (and ltest natively too,
# as the reference the same source must pass).
TL := $(BUILD)/tests/libc

$(TL)/%.spt: tests/libc/%.c tests/libc/check.h $(BIN)/nablux-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-cc -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $< -lm
# Not -O2: the recursion must stay a recursion.
$(TL)/deep.spt: tests/libc/deep.c $(BIN)/nablux-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-cc -std=gnu11 -O1 -Wall -Wextra -Werror -o $@ $<
$(TL)/netecho.spt: tests/libc/netecho.c $(BIN)/nablux-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-cc --nablux-net -std=gnu11 -O2 -Wall -Wextra -Werror \
		-o $@ $<
$(TL)/%.native: tests/libc/%.c tests/libc/check.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $< -lm -lpthread -lutil

ALL += $(TL)/ltest.spt $(TL)/ltest.native $(TL)/exits.spt \
	$(TL)/netecho.spt $(TL)/proc.spt $(TL)/proc.native $(TL)/deep.spt \
	$(TL)/sigterm.spt $(TL)/preempt.spt $(TL)/xmem.spt $(TL)/xmem.native \
	$(TL)/pty.spt $(TL)/pty.native $(TL)/spawn.spt
