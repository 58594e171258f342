# libc benchmarks (bench/libc/run.sh): lbench.c as a unikernel (nablux-cc)
# and natively against Debian's musl (musl-gcc, static).
BLC := $(BUILD)/bench/libc

$(BLC)/lbench.spt: bench/libc/lbench.c $(BIN)/nablux-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-cc -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<
$(BLC)/lbench.musl: bench/libc/lbench.c
	@mkdir -p $(@D)
	musl-gcc -static -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $< -lpthread

BENCH_ALL += $(BLC)/lbench.spt $(BLC)/lbench.musl
