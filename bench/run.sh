#!/bin/bash
# Benchmarks of the sandbox layer, printed as tables. Native baselines run
# in the same invocation on the same machine.
cd "$(dirname "$0")/.." || exit 1
B=build/bench
SPT=build/bin/nablux-spt
RUNS=${NABLUX_BENCH_RUNS:-200}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

fig() { grep -E "^$1 " | awk '{print $2}'; }

echo "## boot to exit (fork+exec to exit status, $RUNS runs)"
printf "| %-34s | %10s | %10s | %10s |\n" what "median us" "p90 us" "min us"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "------------" "------------" "------------"
read -r med p90 min < <($B/spawn_time "$RUNS" "$B/hello_native")
printf "| %-34s | %10s | %10s | %10s |\n" "native static hello" "$med" "$p90" "$min"
read -r med p90 min < <($B/spawn_time "$RUNS" "$SPT" "$B/hello.spt")
printf "| %-34s | %10s | %10s | %10s |\n" "hello.spt on nablux-spt" "$med" "$p90" "$min"
read -r med p90 min < <($B/spawn_time "$RUNS" "$SPT" --mem=32 "$B/hello.spt")
printf "| %-34s | %10s | %10s | %10s |\n" "hello.spt on nablux-spt --mem=32" "$med" "$p90" "$min"
echo

echo "## solo5_yield"
out=$($SPT "$B/bench_yield.spt")
nat=$($B/yield_native)
printf "| %-44s | %14s | %14s |\n" what "nablux-spt ns" "native ns"
printf "|%s|%s|%s|\n" "----------------------------------------------" "----------------" "----------------"
printf "| %-44s | %14s | %14s |\n" "yield round trip (deadline passed)" "$(fig yield_ns <<<"$out")" "-"
printf "| %-44s | %14s | %14s |\n" "100 us sleep overshoot, median" \
	"$(fig sleep100us_overshoot_median_ns <<<"$out")" "$(fig sleep100us_overshoot_median_ns <<<"$nat")"
printf "| %-44s | %14s | %14s |\n" "100 us sleep overshoot, p99" \
	"$(fig sleep100us_overshoot_p99_ns <<<"$out")" "$(fig sleep100us_overshoot_p99_ns <<<"$nat")"
echo

echo "## block I/O, one block per call, 256 MiB image (page cache)"
printf "| %-6s | %-22s | %12s | %12s |\n" sector what "write MiB/s" "read MiB/s"
printf "|%s|%s|%s|%s|\n" "--------" "------------------------" "--------------" "--------------"
# Allocated up front, so neither side pays for growing a sparse file.
dd if=/dev/zero of="$T/disk.img" bs=1M count=256 status=none
for bs in 512 4096; do
	out=$($B/blk_native "$T/disk.img" "$bs")
	printf "| %-6s | %-22s | %12s | %12s |\n" "$bs" "native pwrite/pread" \
		"$(fig write_mibs <<<"$out")" "$(fig read_mibs <<<"$out")"
	out=$($SPT --block:storage="$T/disk.img" --block-sector-size:storage="$bs" "$B/bench_blk.spt")
	printf "| %-6s | %-22s | %12s | %12s |\n" "$bs" "bench_blk.spt" \
		"$(fig write_mibs <<<"$out")" "$(fig read_mibs <<<"$out")"
done
echo

echo "## platform (green threads, page allocator, block I/O through plat_pread/plat_pwrite)"
sched=$($SPT --mem=1024 "$B/bench_sched.spt")
mem=$($SPT --mem=1024 "$B/bench_mem.spt")
printf "| %-52s | %12s |\n" figure value
printf "|%s|%s|\n" "------------------------------------------------------" "--------------"
printf "| %-52s | %12s |\n" "green-thread switch (own TLS each), ns" "$(fig switch_ns <<<"$sched")"
printf "| %-52s | %12s |\n" "green-thread switch (shared TLS), ns" "$(fig switch_same_tp_ns <<<"$sched")"
printf "| %-52s | %12s |\n" "thread create+join, ns" "$(fig create_join_ns <<<"$sched")"
printf "| %-52s | %12s |\n" "sleep wake-up error, median us" "$(fig sleep_overshoot_median_us <<<"$sched")"
printf "| %-52s | %12s |\n" "sleep wake-up error, p99 us" "$(fig sleep_overshoot_p99_us <<<"$sched")"
printf "| %-52s | %12s |\n" "page alloc+free, 1 page, ns" "$(fig alloc_free_small_ns <<<"$mem")"
printf "| %-52s | %12s |\n" "page alloc+free, 1 page, fragmented heap, ns" "$(fig alloc_free_small_frag_ns <<<"$mem")"
printf "| %-52s | %12s |\n" "page alloc+free, 64 MiB, ns" "$(fig alloc_free_large_ns <<<"$mem")"
printf "| %-52s | %12s |\n" "mmap+munmap 1 MiB (zeroed), ns" "$(fig mmap_munmap_1mib_ns <<<"$mem")"
printf "| %-52s | %12s |\n" "mmap 256 MiB never-used pages, us" "$(fig mmap_256mib_clean_us <<<"$mem")"
printf "| %-52s | %12s |\n" "mmap 256 MiB reused (zeroing) pages, us" "$(fig mmap_256mib_dirty_us <<<"$mem")"
echo
printf "| %-6s | %-30s | %12s | %12s |\n" sector "1 MiB buffers" "write MiB/s" "read MiB/s"
printf "|%s|%s|%s|%s|\n" "--------" "--------------------------------" "--------------" "--------------"
for bs in 512 4096; do
	out=$($B/blk_native "$T/disk.img" 1048576)
	printf "| %-6s | %-30s | %12s | %12s |\n" "$bs" "native pwrite/pread" \
		"$(fig write_mibs <<<"$out")" "$(fig read_mibs <<<"$out")"
	out=$($SPT --block:storage="$T/disk.img" --block-sector-size:storage="$bs" "$B/bench_io.spt")
	printf "| %-6s | %-30s | %12s | %12s |\n" "$bs" "bench_io.spt plat_pwrite/pread" \
		"$(fig pwrite_1mib_mibs <<<"$out")" "$(fig pread_1mib_mibs <<<"$out")"
done
echo

echo "## Linux library kernel"
echo '```'
bash tests/linux/bench.sh
echo '```'
io=$($B/kernel_io 2>/dev/null)
col() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' <<<"$io"; }
printf "| %-44s | %14s | %14s |\n" "posix host, same code" "library kernel" "host kernel"
printf "|%s|%s|%s|\n" "----------------------------------------------" "----------------" "----------------"
printf "| %-44s | %14s | %14s |\n" "4 KiB pread from a RAM file system, ns" "$(col read_4k_ns 2)" "$(col read_4k_ns 3)"
printf "| %-44s | %14s | %14s |\n" "TCP over lo, 1-byte round trip, us" "$(col tcp_lo_rtt_us 2)" "$(col tcp_lo_rtt_us 3)"
printf "| %-44s | %14s | %14s |\n" "TCP over lo, 256 MiB stream, MiB/s" "$(col tcp_lo_stream_mibs 2)" "$(col tcp_lo_stream_mibs 3)"
echo
# The same kernel inside nablux-spt (kboot.spt): boot to ready and the
# null system call, median of 20 boots.
K=build/tests/unikernel/kboot.spt
boots=() calls=() spawn=()
for i in $(seq 20); do
	out=$($SPT --mem=128 "$K" 2>/dev/null) || { echo "kboot run $i failed"; break; }
	boots+=("$(fig boot_us <<<"$out")")
	calls+=("$(fig getppid_ns <<<"$out")")
done
med() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
read -r smed sp90 smin < <($B/spawn_time 20 "$SPT" --mem=128 "$K")
printf "| %-52s | %12s |\n" "in nablux-spt (kboot.spt)" "median of 20"
printf "|%s|%s|\n" "------------------------------------------------------" "--------------"
printf "| %-52s | %12s |\n" "kernel boot, nablux_start_kernel -> ready, us" "$(med "${boots[@]}")"
printf "| %-52s | %12s |\n" "null syscall getppid inside the unikernel, ns" "$(med "${calls[@]}")"
printf "| %-52s | %12s |\n" "whole run: exec tender -> exit (boot, tests, halt), us" "$smed"
echo

bash bench/linux/run.sh
bash bench/libc/run.sh
bash bench/linux/counts.sh
bash bench/apps/redis.sh
bash bench/apps/nginx.sh
bash bench/apps/python3.sh
bash bench/runtime/docker.sh
