#!/bin/bash
# redis-benchmark against the redis unikernel (build/apps/redis, behind a
# tap) and against the same source built natively with musl (in a second
# namespace behind a veth), same run, same client namespace. Then, in a
# second run under strace -c (which slows every host call, so not timed),
# the unikernel tender's host system calls per request; and the memory of
# each server idle after start-up (RSS/PSS).
. "$(dirname "$0")/../../tests/lib.sh"

OUT=$BUILD/apps/redis
SPT=$BIN/nablux-spt
N=${NABLUX_BENCH_REDIS_N:-200000}
why=$(t_net_why)
if [ -n "$why" ] || ! command -v redis-benchmark >/dev/null; then
	echo "redis benchmark skipped: ${why:-no redis-benchmark (redis-tools)}"
	exit 0
fi
[ -f "$OUT/redis.spt" ] || { echo "redis benchmark skipped: make app-redis first"; exit 0; }
T=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_ns_new rbench2 && SERVER2=$NS &&
	t_ns_new rbench && CLIENT=$NS && t_ns_tap tap0 10.0.0.1/24 &&
	t_ns_veth "$SERVER2" 10.0.1.1/24 10.0.1.2/24 || { echo "namespace set-up failed"; exit 1; }

# uk_start [WRAPPER...]: the unikernel on a fresh copy of the image.
uk_start() {
	cp "$OUT/rootfs.img" "$T/root.img"
	ip netns exec "$CLIENT" "$@" "$SPT" --mem=512 --block:rootfs="$T/root.img" \
		--net:tap=tap0 "$OUT/redis.spt" nablux.ip=10.0.0.2/24 redis-server \
		/etc/redis/redis.conf >"$T/uk.log" 2>&1 </dev/null &
	UKPID=$!
	PIDS+=($UKPID)
	wait_pong 10.0.0.2
}
wait_pong() {
	for _ in $(seq 100); do
		[ "$(ip netns exec "$CLIENT" redis-cli -h "$1" ping 2>/dev/null)" = PONG ] && return
		sleep 0.1
	done
}
uk_start
ip netns exec "$SERVER2" "$OUT/native/redis-server" "$OUT/root/etc/redis/redis.conf" \
	--dir "$T" >"$T/native.log" 2>&1 </dev/null &
NATPID=$!
PIDS+=($NATPID)
disown $NATPID	# killed at the end: no job notice
wait_pong 10.0.1.2
MEM_UK=$(t_rss_pss $UKPID)
MEM_NAT=$(t_rss_pss $NATPID)

# bench HOST ARGS...: "TEST rps p50 p99" lines from redis-benchmark --csv.
bench() {
	local host=$1; shift
	ip netns exec "$CLIENT" redis-benchmark -h "$host" -t set,get,incr,lpush -n "$N" -c 50 --csv "$@" 2>/dev/null |
		tr -d '"' | awk -F, 'NR > 1 { print $1, $2, $5, $7 }'
}
echo "## redis-benchmark -t set,get,incr,lpush -n $N -c 50: unikernel (tap) vs native musl build (veth), same run"
echo
printf "| %-14s | %12s | %12s | %6s | %15s | %15s |\n" test "uk req/s" "native req/s" ratio "uk p50/p99 ms" "nat p50/p99 ms"
printf "|%s|%s|%s|%s|%s|%s|\n" ---------------- -------------- -------------- -------- ----------------- -----------------
for pipe in 1 16; do
	paste -d' ' <(bench 10.0.0.2 -P $pipe) <(bench 10.0.1.2 -P $pipe) |
	while read -r t u u50 u99 _ n n50 n99; do
		printf "| %-14s | %12s | %12s | %6s | %15s | %15s |\n" "$t -P $pipe" "$u" "$n" \
			"$(awk -v a="$u" -v b="$n" 'BEGIN { printf "%.2f", a / b }')" "$u50/$u99" "$n50/$n99"
	done
done
ip netns exec "$CLIENT" redis-cli -h 10.0.0.2 shutdown nosave >/dev/null 2>&1
{ wait "$UKPID"; } 2>/dev/null

# Host calls per request: GET, 50 clients, with and without pipelining.
echo
printf "| %-34s | %10s | %8s | %8s | %8s |\n" "unikernel tender, host calls" "per req" read write epoll
printf "|%s|%s|%s|%s|%s|\n" ------------------------------------ ------------ ---------- ---------- ----------
for pipe in 1 16; do
	uk_start strace -f -c -o "$T/strace"
	ip netns exec "$CLIENT" redis-benchmark -h 10.0.0.2 -t get -n 20000 -c 50 -P $pipe -q >/dev/null 2>&1
	ip netns exec "$CLIENT" redis-cli -h 10.0.0.2 shutdown nosave >/dev/null 2>&1
	{ wait "$UKPID"; } 2>/dev/null
	col() { awk -v k="$1" '$NF == k { print $4 }' "$T/strace"; }
	printf "| %-34s | %10s | %8s | %8s | %8s |\n" "GET -P $pipe (20000 requests + boot)" \
		"$(awk '$NF == "total" { printf "%.2f", $4 / 20000 }' "$T/strace")" \
		"$(awk -v c="$(col read)" 'BEGIN { printf "%.2f", c / 20000 }')" \
		"$(awk -v c="$(col write)" 'BEGIN { printf "%.2f", c / 20000 }')" \
		"$(awk -v c="$(col epoll_pwait)" 'BEGIN { printf "%.2f", c / 20000 }')"
done
echo
echo "| idle server, after start-up | RSS / PSS MiB |"
echo "|---|---|"
echo "| redis unikernel (the tender) | $MEM_UK |"
echo "| native redis-server | $MEM_NAT |"
