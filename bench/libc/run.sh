#!/bin/bash
# libc benchmarks: lbench as a Linux unikernel (ext4 root) vs the same
# source against Debian's musl natively (files on the host's file system),
# same run. Host system calls per operation of the unikernel from strace -c
# (the baseline of a run doing nothing subtracted).
cd "$(dirname "$0")/../.." || exit 1
B=build/bench/libc
SPT=build/bin/nablux-spt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/root/tmp" "$T/native"
mke2fs -q -t ext4 -d "$T/root" "$T/root.img" 64M >/dev/null
UK=("$SPT" --block:rootfs="$T/root.img" "$B/lbench.spt" lbench)

fig() { awk -v n="$1" '$1 == n { print $2 }'; }
# host_calls ARGS...: host system calls the tender makes for lbench ARGS.
host_calls() {
	strace -f -c -o "$T/strace" "${UK[@]}" "$@" >/dev/null 2>&1
	awk '$NF == "total" { print $(NF-2) }' "$T/strace"
}

echo "## libc: unikernel (nablux-cc) vs native musl (musl-gcc -static), same run"
echo
uk=$("${UK[@]}" run /tmp) || { echo "lbench.spt failed: $uk"; exit 1; }
nat=$("$B/lbench.musl" run "$T/native") || { echo "lbench.musl failed"; exit 1; }
base=$(host_calls hello)
printf "| %-26s | %12s | %12s | %8s | %18s |\n" "ns per operation" unikernel "native musl" ratio "host calls per op"
printf "|%s|%s|%s|%s|%s|\n" "----------------------------" "--------------" "--------------" "----------" "--------------------"
for n in getppid:1000000 fprintf:1000000 malloc_free:1000000 open_read_close:100000 stat:100000 \
	 thread_create_join:10000 raise_to_handler:100000 pthread_kill_to_handler:10000 \
	 spawn_wait:1000; do
	name=${n%%:*} ops=${n#*:}
	u=$(fig "${name}_ns" <<<"$uk") v=$(fig "${name}_ns" <<<"$nat")
	calls=$(host_calls run /tmp "${name}_ns")
	printf "| %-26s | %12s | %12s | %8s | %18s |\n" "$name" "$u" "$v" \
		"$(awk -v a="$u" -v b="$v" 'BEGIN { printf "%.2f", a / b }')" \
		"$(awk -v c="$calls" -v b="$base" -v n="$ops" 'BEGIN { printf "%.3f", (c - b) / n }')"
done
echo

RUNS=${NABLUX_BENCH_RUNS:-50}
echo "## start-up: fork+exec -> exit status, $RUNS runs (us)"
echo
printf "| %-52s | %10s | %10s | %10s |\n" what median p90 min
printf "|%s|%s|%s|%s|\n" "------------------------------------------------------" "------------" "------------" "------------"
row() { read -r m p n; printf "| %-52s | %10s | %10s | %10s |\n" "$1" "$m" "$p" "$n"; }
build/bench/spawn_time "$RUNS" "$B/lbench.musl" hello | row "native musl hello (static)"
build/bench/spawn_time "$RUNS" "$SPT" build/bench/hello.spt | row "bare Solo5 hello.spt on nablux-spt"
build/bench/spawn_time "$RUNS" "${UK[@]}" hello |
	row "musl hello unikernel (boot, mount, main, halt)"
build/bench/spawn_time -m "$RUNS" "${UK[@]}" stamp |
	row "musl hello unikernel, fork+exec -> main (ext4 root)"
echo "host calls of the musl hello unikernel, exec -> exit: $base"
