#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/platform-mem/run.sh: the memory tests. host_mem (the page
# allocator and mmap & co. under ASan/UBSan, against an ownership model),
# then the unikernels on nablux-spt: allocator stress with a leak check,
# anonymous-memory semantics at 256/512 MiB, and a benchmark smoke run.
source "$(dirname "$0")/../lib.sh"

SPT=$BIN/nablux-spt
K=$BUILD/tests/platform-mem
SEED=${NABLUX_TEST_SEED:-$((RANDOM * 32768 + RANDOM))}

for f in "$K/host_mem" "$K/mem_stress.spt" "$K/mem_mmap.spt" \
	 "$BUILD/bench/bench_mem.spt" "$SPT"; do
	if [ ! -x "$f" ]; then
		t_fail platform-mem "no $f (run make)"
		t_summary
		exit
	fi
done

# --- host ------------------------------------------------------------
t_run host-mem 0 '^SUCCESS$' "$K/host_mem"
t_run host-mem-seed-$SEED 0 '^SUCCESS$' "$K/host_mem" "$SEED"

# --- unikernels ------------------------------------------------------
# 16 B .. 64 MiB, ~860 MiB live at the peak, out of memory now and then.
t_run mem-stress 0 '^SUCCESS$' "$SPT" --mem=1024 "$K/mem_stress.spt" \
	mem_stress 10000 1
t_run mem-stress-seed-$SEED 0 '^SUCCESS$' "$SPT" --mem=1024 \
	"$K/mem_stress.spt" mem_stress 10000 "$SEED"
# A small heap: most large requests fail, nothing may break or leak.
t_run mem-stress-small-heap 0 'out of memory [1-9][0-9]*.*' "$SPT" --mem=48 \
	"$K/mem_stress.spt" mem_stress 4000 7
grep -q '^SUCCESS$' <<<"$T_OUT" && t_ok mem-stress-small-heap-success ||
	t_fail mem-stress-small-heap-success "$(tail -2 <<<"$T_OUT" | tr '\n' '|')"
t_run mem-mmap 0 '^SUCCESS$' "$SPT" --mem=1024 "$K/mem_mmap.spt"

# --- benchmark smoke run ---------------------------------------------
t_run bench-mem 0 '^mmap_munmap_1mib_ns [0-9]+$' "$SPT" --mem=1024 \
	"$BUILD/bench/bench_mem.spt"
for key in alloc_free_small_ns alloc_free_large_ns mmap_256mib_clean_us; do
	grep -Eq "^$key [0-9]+$" <<<"$T_OUT" && t_ok "bench-mem-$key" ||
		t_fail "bench-mem-$key" "missing"
done

t_summary
