#!/bin/bash
# wrk against the nginx unikernel (build/apps/nginx, behind a tap) and
# against the same source built natively with musl (in a second namespace
# behind a veth), same run, same client namespace, same files (1 KiB and
# 1 MiB). Then, under strace -c (not timed), the tender's host system
# calls per request, and the memory of each idle server (RSS/PSS).
. "$(dirname "$0")/../../tests/lib.sh"

OUT=$BUILD/apps/nginx
SPT=$BIN/nablux-spt
D=${NABLUX_BENCH_NGINX_D:-10}
why=$(t_net_why)
if [ -n "$why" ] || ! command -v wrk >/dev/null; then
	echo "nginx benchmark skipped: ${why:-no wrk (scripts/deps.sh)}"
	exit 0
fi
[ -f "$OUT/nginx.spt" ] || { echo "nginx benchmark skipped: make app-nginx first"; exit 0; }
T=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_ns_new nbench2 && SERVER2=$NS &&
	t_ns_new nbench && CLIENT=$NS && t_ns_tap tap0 10.0.0.1/24 &&
	t_ns_veth "$SERVER2" 10.0.1.1/24 10.0.1.2/24 || { echo "namespace set-up failed"; exit 1; }

R=$T/root
cp -a "$OUT/root" "$R"
head -c 1024 /dev/urandom >"$R/var/www/html/1k.bin"
head -c $((1 << 20)) /dev/urandom >"$R/var/www/html/1m.bin"
# Logs off in both: the benchmark is of serving, not of the access log.
sed -i 's|^\taccess_log .*|\taccess_log off;|' "$R/etc/nginx/nginx.conf"
mke2fs -q -t ext4 -b 4096 -d "$R" "$T/uk.img" 128M >/dev/null

wait_up() {
	for _ in $(seq 100); do
		ip netns exec "$CLIENT" curl -s -o /dev/null -m 1 "http://$1/1k.bin" && return
		sleep 0.1
	done
}
# uk_start [WRAPPER...]
uk_start() {
	# (SIGQUIT back to its default: a background job starts with it ignored)
	env --default-signal=QUIT ip netns exec "$CLIENT" "$@" "$SPT" --mem=256 --block:rootfs="$T/uk.img" \
		--net:tap=tap0 "$OUT/nginx.spt" nablux.ip=10.0.0.2/24 nginx -p / \
		>"$T/uk.log" 2>&1 </dev/null &
	UKPID=$!
	PIDS+=($UKPID)
	wait_up 10.0.0.2
}
uk_start
ip netns exec "$SERVER2" "$OUT/native/nginx" -p "$R/" -c "$R/etc/nginx/nginx.conf" \
	>"$T/native.log" 2>&1 </dev/null &
NATPID=$!
PIDS+=($NATPID)
disown $NATPID
wait_up 10.0.1.2

# Memory of the idle servers (after one request each).
MEM_UK=$(t_rss_pss $UKPID)
MEM_NAT=$(t_rss_pss $NATPID)

# wrk HOST PATH: "req/s MiB/s p50 p99"
bench() {
	ip netns exec "$CLIENT" wrk -t2 -c50 -d"${D}s" --latency "http://$1$2" 2>/dev/null |
		awk '/^Requests\/sec:/ { r = $2 } /^Transfer\/sec:/ { t = $2 }
		     $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
		     END { if (t ~ /GB/) t = t * 1024; else if (t ~ /KB/) t = t / 1024; else t = t + 0
			   printf "%s %.1f %s %s\n", r, t, p50, p99 }'
}
echo "## wrk -t2 -c50 -d${D}s: nginx unikernel (tap) vs native musl build (veth), same run"
echo
printf "| %-8s | %10s | %10s | %6s | %9s | %9s | %17s | %17s |\n" file "uk req/s" "nat req/s" ratio "uk MiB/s" "nat MiB/s" "uk p50/p99" "nat p50/p99"
printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n" ---------- ------------ ------------ -------- ----------- ----------- ------------------- -------------------
for f in /1k.bin /1m.bin; do
	read -r u ut u50 u99 <<<"$(bench 10.0.0.2 $f)"
	read -r n nt n50 n99 <<<"$(bench 10.0.1.2 $f)"
	printf "| %-8s | %10s | %10s | %6s | %9s | %9s | %17s | %17s |\n" "$f" "$u" "$n" \
		"$(awk -v a="$u" -v b="$n" 'BEGIN { if (b > 0) printf "%.2f", a / b }')" "$ut" "$nt" "$u50/$u99" "$n50/$n99"
done
echo
echo "| idle server, after one request | RSS / PSS MiB |"
echo "|---|---|"
echo "| nginx unikernel (the tender) | $MEM_UK |"
echo "| native nginx | $MEM_NAT |"
kill -QUIT $UKPID
{ wait "$UKPID"; } 2>/dev/null

# Host calls per request, one connection each (wrk's requests are counted
# by wrk: strace's count includes boot and shutdown, a few hundred).
echo
printf "| %-40s | %9s | %8s | %8s | %8s | %9s |\n" "unikernel tender, host calls" "per req" read write epoll requests
printf "|%s|%s|%s|%s|%s|%s|\n" ------------------------------------------ ----------- ---------- ---------- ---------- -----------
for f in /1k.bin /1m.bin; do
	uk_start strace -f -c -o "$T/strace"
	n=$(ip netns exec "$CLIENT" wrk -t1 -c1 -d3s "http://10.0.0.2$f" 2>/dev/null |
		awk '/requests in/ { print $1 }')
	kill -QUIT "$(pgrep -P $UKPID)"	# the tender, strace's child
	{ wait "$UKPID"; } 2>/dev/null
	col() { awk -v k="$1" -v n="$n" '$NF == k { c = $4 } END { printf "%.2f", c / n }' "$T/strace"; }
	printf "| %-40s | %9s | %8s | %8s | %8s | %9s |\n" "GET $f, keep-alive, 1 connection" \
		"$(awk -v n="$n" '$NF == "total" { printf "%.2f", $4 / n }' "$T/strace")" \
		"$(col read)" "$(col write)" "$(col epoll_pwait)" "$n"
done
