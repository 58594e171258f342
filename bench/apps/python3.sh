#!/bin/bash
# python3 in the unikernel (build/apps/python3, with a tap in a namespace
# of its own) and the same source built natively with musl, same run:
# start-up (`python3 -c pass`, exec to exit, median of N), two CPU-bound
# timeit loops (a json round trip of a 100-key dict; sorted() with a key
# function), the memory of an idle interpreter (RSS/PSS), and the native
# interpreter's system calls per json round trip (strace -c, not timed:
# in the unikernel the same calls are function calls).
. "$(dirname "$0")/../../tests/lib.sh"

OUT=$BUILD/apps/python3
SPT=$BIN/nablux-spt
N=${NABLUX_BENCH_PY_RUNS:-30}
why=$(t_net_why)
[ -z "$why" ] || { echo "python3 benchmark skipped: $why"; exit 0; }
[ -f "$OUT/python3.spt" ] || { echo "python3 benchmark skipped: make app-python3 first"; exit 0; }
T=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
t_ns_new pybench && t_ns_tap tap0 10.0.0.1/24 || { echo "namespace set-up failed"; exit 1; }
cp --sparse=always "$OUT/rootfs.img" "$T/uk.img"

# uk ARG...: python3 in the unikernel; ARG is one guest word each (quoted).
uk() {
	local a w=
	for a in "$@"; do w+=" '${a//\'/\'\\\'\'}'"; done
	ip netns exec "$NS" "$SPT" --mem=512 --block:rootfs="$T/uk.img" --net:tap=tap0 \
		"$OUT/python3.spt" /usr/bin/python3 "${w# }"
}
nat() { ip netns exec "$NS" "$OUT/native/python3" "$@"; }
median_us() { # CMD...: median exec-to-exit time of N runs, us
	local i t0 t1
	for i in $(seq "$N"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
# timeit SIDE SETUP STMT: usec per loop (best of 5)
timeit() {
	local s=$1; shift
	$s -m timeit -n 2000 -r 5 -s "$1" "$2" 2>&1 | sed -n 's/.*best of 5: \([0-9.]*\) \(u\|m\)sec per loop/\1 \2/p' |
		awk '{print ($2 == "m") ? $1 * 1000 : $1}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

J_SETUP='import json; d = {"k%d" % i: [i, str(i), i / 3, None, True] for i in range(100)}'
J_STMT='json.loads(json.dumps(d))'
S_SETUP='x = list(range(1000))'
S_STMT='sorted(x, key=lambda v: -v)'

echo "## python3 (Debian's 3.11.2): unikernel vs the same source native (musl, static), same run"
printf "| %-40s | %12s | %12s | %8s |\n" figure unikernel native ratio
printf "|%s|%s|%s|%s|\n" "------------------------------------------" "--------------" "--------------" "----------"
u=$(median_us uk -c pass); n=$(median_us nat -c pass)
printf "| %-40s | %12s | %12s | %8s |\n" "python3 -c pass, exec to exit, median us" "$u" "$n" "$(ratio "$u" "$n")"
u=$(timeit uk "$J_SETUP" "$J_STMT"); n=$(timeit nat "$J_SETUP" "$J_STMT")
printf "| %-40s | %12s | %12s | %8s |\n" "json dumps+loads, 100 keys, us per loop" "$u" "$n" "$(ratio "$u" "$n")"
u=$(timeit uk "$S_SETUP" "$S_STMT"); n=$(timeit nat "$S_SETUP" "$S_STMT")
printf "| %-40s | %12s | %12s | %8s |\n" "sorted(1000, key=lambda), us per loop" "$u" "$n" "$(ratio "$u" "$n")"
# Idle: each interpreter sleeping, after 2 s.
ip netns exec "$NS" "$SPT" --mem=512 --block:rootfs="$T/uk.img" --net:tap=tap0 "$OUT/python3.spt" \
	/usr/bin/python3 -c "'import time; time.sleep(30)'" >/dev/null 2>&1 &
up=$!
PIDS+=("$up")
"$OUT/native/python3" -c 'import time; time.sleep(30)' &
np=$!
PIDS+=("$np")
sleep 2
mem() { echo "$(awk '/^VmRSS/ {print $2}' "/proc/$1/status") $(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup")"; }
read -r urss upss < <(mem "$up"); read -r nrss npss < <(mem "$np")
{ kill -KILL "$up" "$np"; wait "$up" "$np"; } 2>/dev/null
printf "| %-40s | %12s | %12s | %8s |\n" "idle interpreter RSS, KiB" "$urss" "$nrss" "$(ratio "$urss" "$nrss")"
printf "| %-40s | %12s | %12s | %8s |\n" "idle interpreter PSS, KiB" "$upss" "$npss" "$(ratio "$upss" "$npss")"
if command -v strace >/dev/null; then
	strace -f -c -o "$T/st" "$OUT/native/python3" -m timeit -n 2000 -r 5 -s "$J_SETUP" "$J_STMT" >/dev/null 2>&1
	calls=$(awk '$NF == "total" {print $(NF-2)}' "$T/st")
	echo
	echo "native: $calls system calls for 10000 json round trips (mallocng's mmap/munmap/madvise);" \
		"in the unikernel they are calls into the platform's allocator"
fi
