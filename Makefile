# nablux top-level build. Non-recursive: each layer contributes a fragment.
#   make        host tools into build/bin, guest objects into build/lib
#   make test   every test suite; ends with "N passed, N failed"
#   make bench  benchmarks, printed as tables
#   make fuzz   a bounded libFuzzer run over the tender's ELF/manifest parsing

BUILD   := $(CURDIR)/build
BIN     := $(BUILD)/bin
LIB     := $(BUILD)/lib
OBJ     := $(BUILD)/obj

CC      ?= cc
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/include
# Guest code runs on a bare Solo5 API: no libc, no red zone worries (spt runs
# in user mode), static non-PIE at 0x100000.
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fno-pie -fno-pic -fstack-protector-strong \
	-mstack-protector-guard=global \
	-fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -I$(CURDIR)/include

ALL :=
# Keep generated intermediates (manifest .c files): no rebuild churn.
.SECONDARY:
.PHONY: all test bench fuzz clean
all: everything

include tender/tender.mk
include elftool/elftool.mk
include bindings/bindings.mk
include platform/platform.mk
include libc/libc.mk
include linux/linux.mk
include linux/host/platform_host.mk
include linux/api/api.mk
include linux/app/app.mk
include toolchain/toolchain.mk
include runtime/runtime.mk
include tests/tests.mk
include bench/bench.mk
include demo/demo.mk
include apps/apps.mk

everything: $(ALL)

test: all
	@bash tests/run.sh

bench: all $(BENCH_ALL)
	@bash bench/run.sh

clean:
	rm -rf $(BUILD)

# The README's main command: build everything, run the demo unikernel.
.PHONY: demo
demo: all
	@bash demo/run.sh
