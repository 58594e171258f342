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
