# Runtime benchmarks (bench/runtime/docker.sh): a hello as a unikernel
# (nablux-cc) and as a static musl program (musl-gcc) for runc; the
# runtime suite's rt.c (its TCP echo) both ways too.
BRT := $(BUILD)/bench/runtime

$(BRT)/hello.spt: bench/runtime/hello.c $(BIN)/nablux-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-cc -O2 -Wall -Wextra -Werror -o $@ $<
$(BRT)/hello.musl: bench/runtime/hello.c
	@mkdir -p $(@D)
	musl-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

$(BRT)/echo.spt: tests/runtime/rt.c $(BIN)/nablux-cc
	@mkdir -p $(@D)
	$(BIN)/nablux-cc --nablux-net -O2 -Wall -Wextra -Werror -o $@ $<
$(BRT)/echo.musl: tests/runtime/rt.c
	@mkdir -p $(@D)
	musl-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

BENCH_ALL += $(BRT)/hello.spt $(BRT)/hello.musl $(BRT)/echo.spt $(BRT)/echo.musl
