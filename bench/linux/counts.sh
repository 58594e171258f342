#!/bin/bash
# Host costs of a Linux unikernel, in counts (machine-independent, unlike
# the timings): the tender's host system calls by type and its page faults
# per operation, and the memory (PSS) of idle instances. Markdown tables
# on stdout. Build first (make; make bench builds bench/hello.spt).
#
# Counts come from perf stat (syscall tracepoints, exact, no slow-down)
# when it can count them, else from strace -c -f (exact, but it slows
# every call down, so timer-driven counts may come out higher), with page
# faults then from /proc/PID/stat (NABLUX_COUNT_TOOL=perf|strace forces
# one). Operations:
#  (a) exec of the tender -> nablux_main (ukboot.spt "exit": plat_exit at
#      main, no halt), whole process;
#  (b) TCP 1-byte round trip, (c) a MiB streamed up / down: uknet.spt's
#      TCP server in a network namespace made here (tap0, removed on
#      exit), counted while the namespace's tcp_client runs; per round
#      trip (warm-up included) or per MiB;
#  (d) an idle second of uknet.spt waiting in accept.
# (c) again with the tender keeping the tap plain (--net-offload:tap=off:
# MTU-sized frames, as on solo5-spt) and, for the floor, the native
# server (tcp_server_native) in a second namespace behind a veth: its
# own system calls per MiB. A table of MiB/s each way, same runs.
# The floor: a bare Solo5 hello.spt, exec -> exit. PSS: 1 and 10 identical
# idle instances (ukboot.spt "idle", hello.spt "idle"), from
# /proc/PID/smaps_rollup, averaged over the instances.
. "$(dirname "$0")/../../tests/lib.sh"	# the namespace helpers
cd "$(dirname "$0")/../.." || exit 1
B=build/bench/linux
SPT=build/bin/nablux-spt
HELLO=build/bench/hello.spt
RR=${NABLUX_BENCH_RR:-10000}
MIB=${NABLUX_BENCH_COUNT_MIB:-64}
IDLE_S=${NABLUX_BENCH_IDLE_S:-5}
TYPES="read write epoll_pwait timerfd_settime clock_gettime arch_prctl pread64 pwrite64"

for f in "$B/ukboot.spt" "$B/uknet.spt" "$B/tcp_client" "$B/tcp_server_native" \
	 "$HELLO" "$SPT"; do
	[ -e "$f" ] || { echo "bench/linux/counts: no $f (run make bench)"; exit 1; }
done

T=$(mktemp -d) || exit 1
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- counting: perf or strace, into "NAME COUNT" lines ------------------
EV="-e raw_syscalls:sys_enter -e page-faults"
for s in $TYPES; do EV="$EV -e syscalls:sys_enter_$s"; done
TOOL=${NABLUX_COUNT_TOOL:-}	# perf or strace: force one
if [ -n "$TOOL" ]; then
	:
elif command -v perf >/dev/null && perf stat -x, $EV -o "$T/p" true 2>/dev/null &&
   grep -q 'raw_syscalls' "$T/p"; then
	TOOL=perf
elif command -v strace >/dev/null; then
	TOOL=strace
else
	echo "skipped: neither perf (with syscall tracepoints) nor strace"
	exit 0
fi

# perf's or strace's output file -> "total N", "faults N", "<syscall> N".
normalise() {
	if [ "$TOOL" = perf ]; then
		awk -F, '$1 ~ /^[0-9]+$/ {
			n = $3; sub(/^raw_syscalls:sys_enter$/, "total", n)
			sub(/^syscalls:sys_enter_/, "", n); sub(/^page-faults$/, "faults", n)
			print n, $1 }' "$1"
	else
		awk '$1 ~ /^[0-9.]+$/ && NF >= 5 { print $NF, $4 }' "$1"
	fi
}

faults_of() {	# PID: minor + major faults so far
	awk '{ print $10 + $12 }' "/proc/$1/stat" 2>/dev/null
}

# count_run OUT CMD...: the whole run of CMD.
count_run() {
	local out=$1; shift
	if [ "$TOOL" = perf ]; then
		perf stat -x, $EV -o "$T/raw" -- "$@" >"$T/run.out" 2>&1 </dev/null
	else
		strace -f -qq -c -o "$T/raw" -- "$@" >"$T/run.out" 2>&1 </dev/null
	fi
	normalise "$T/raw" >"$out"
}

# count_attach OUT PID CMD...: what PID does while CMD runs.
count_attach() {
	local out=$1 pid=$2 cp f0 f1; shift 2
	if [ "$TOOL" = perf ]; then
		perf stat -x, $EV -o "$T/raw" -p "$pid" &
	else
		strace -f -qq -c -o "$T/raw" -p "$pid" &
	fi
	cp=$!
	sleep 0.5	# attached before the work starts
	f0=$(faults_of "$pid")
	"$@" >"$T/work.out" 2>&1
	f1=$(faults_of "$pid")
	kill -INT "$cp" 2>/dev/null
	wait "$cp"
	normalise "$T/raw" >"$out"
	if [ "$TOOL" = strace ] && [ -n "$f0" ] && [ -n "$f1" ]; then
		echo "faults $((f1 - f0))" >>"$out"
	fi
}

# row LABEL FILE DIVISOR: one table row, counts divided by DIVISOR.
row() {
	awk -v label="$1" -v d="$3" -v types="$TYPES" '
		{ v[$1] = $2 }
		END {
			n = split(types, t, " "); sum = 0
			line = sprintf("| %-36s | %8s", label, fmt(v["total"] / d))
			for (i = 1; i <= n; i++) {
				line = line sprintf(" | %7s", fmt(v[t[i]] / d)); sum += v[t[i]]
			}
			line = line sprintf(" | %6s", fmt((v["total"] - sum) / d))
			f = ("faults" in v) ? fmt(v["faults"] / d) : "-"
			print line sprintf(" | %7s |", f)
		}
		function fmt(x) { return d == 1 ? sprintf("%d", x) : sprintf("%.2f", x) }
	' "$2"
}

header() {
	printf "| %-36s | %8s" "$1" "syscalls"
	for s in $TYPES; do printf " | %7s" "${s%%_*}"; done
	printf " | %6s | %7s |\n" other faults
	printf "|%s|%s" "--------------------------------------" "----------"
	for s in $TYPES; do printf "|%s" "---------"; done
	printf "|%s|%s|\n" "--------" "---------"
}

echo "## Host costs in counts ($TOOL): host system calls by type, page faults"
echo
header "per operation"
count_run "$T/boot" "$SPT" --mem=128 "$B/ukboot.spt" --solo5:quiet exit
row "(a) exec -> nablux_main" "$T/boot" 1
count_run "$T/hello" "$SPT" "$HELLO" --solo5:quiet
row "floor: bare Solo5 hello, exec->exit" "$T/hello" 1

# ---- TCP and idle, in a namespace ----------------------------------------
why=$(t_net_why)
if [ -z "$why" ] && ! { t_ns_new native && NS2=$NS &&
			t_ns_new counts && t_ns_tap tap0 10.0.0.1/24 &&
			t_ns_veth "$NS2" 10.0.1.1/24 10.0.1.2/24; }; then
	why="namespace set-up failed"
fi
fig() { sed -nE "s/^$1 ([0-9.]+)$/\1/p" "$T/work.out" | head -1; }
wait_line() {	# FILE PATTERN PID: up to 10 s
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
if [ -n "$why" ]; then
	echo "| (b)-(d) skipped: $why |"
else
	# One server for four connections: a warm-up, rr, up, down. No
	# timeout(1) in between: $! must be the tender (ip netns exec execs).
	ip netns exec "$NS" "$SPT" --mem=256 --net:tap=tap0 \
		"$B/uknet.spt" --solo5:quiet nablux.mem=192 nablux.ip=10.0.0.2/24 \
		tcp 7777 4 >"$T/uk.out" 2>&1 </dev/null &
	uk=$!
	PIDS+=("$uk")
	if ! wait_line "$T/uk.out" '^ready' "$uk"; then
		echo "| (b)-(d) skipped: unikernel not ready: $(tail -2 "$T/uk.out" | tr '\n' ' ') |"
	else
		cl() { ip netns exec "$NS" timeout 120 "$B/tcp_client" 10.0.0.2 7777 "$@"; }
		cl rr 100 >/dev/null
		count_attach "$T/idle" "$uk" sleep "$IDLE_S"
		count_attach "$T/rr" "$uk" cl rr "$RR"
		count_attach "$T/up" "$uk" cl up "$MIB"
		up_on=$(fig up_MiBps)
		count_attach "$T/down" "$uk" cl down "$MIB"
		down_on=$(fig down_MiBps)
		vnet=$(ip -n "$NS" -d link show tap0 | grep -o 'vnet_hdr o[nf]*')
		row "(b) TCP 1-byte round trip" "$T/rr" "$((RR + 1000))"
		row "(c) TCP stream up, per MiB" "$T/up" "$MIB"
		row "(c) TCP stream down, per MiB" "$T/down" "$MIB"
		row "(d) idle second (waiting in accept)" "$T/idle" "$IDLE_S"
	fi
	wait "$uk" 2>/dev/null
	# The same, the tap kept plain; then the native floor behind a veth.
	ip netns exec "$NS" "$SPT" --mem=256 --net-offload:tap=off \
		--net:tap=tap0 "$B/uknet.spt" --solo5:quiet nablux.mem=192 \
		nablux.ip=10.0.0.2/24 tcp 7777 3 >"$T/uk.out" 2>&1 </dev/null &
	uk=$!
	PIDS+=("$uk")
	if wait_line "$T/uk.out" '^ready' "$uk"; then
		cl rr 100 >/dev/null
		count_attach "$T/up_off" "$uk" cl up "$MIB"
		up_off=$(fig up_MiBps)
		count_attach "$T/down_off" "$uk" cl down "$MIB"
		down_off=$(fig down_MiBps)
		row "(c) up, per MiB, plain frames" "$T/up_off" "$MIB"
		row "(c) down, per MiB, plain frames" "$T/down_off" "$MIB"
	fi
	wait "$uk" 2>/dev/null
	ip netns exec "$NS2" "$B/tcp_server_native" 7777 3 >"$T/nat.out" 2>&1 </dev/null &
	nat=$!
	PIDS+=("$nat")
	if wait_line "$T/nat.out" '^ready' "$nat"; then
		ncl() { ip netns exec "$NS" timeout 120 "$B/tcp_client" 10.0.1.2 7777 "$@"; }
		ncl rr 100 >/dev/null
		count_attach "$T/up_nat" "$nat" ncl up "$MIB"
		up_nat=$(fig up_MiBps)
		count_attach "$T/down_nat" "$nat" ncl down "$MIB"
		down_nat=$(fig down_MiBps)
		row "(c) up, per MiB, native via veth" "$T/up_nat" "$MIB"
		row "(c) down, per MiB, native via veth" "$T/down_nat" "$MIB"
	fi
	wait "$nat" 2>/dev/null
	STREAM=1
fi
echo
echo "(a): the tender's own start-up included (loading the ELF: pread64)."
echo "(b): $RR round trips + 1000 warm-up; (c): $MIB MiB each way; uknet.spt"
echo "on tap0 in a network namespace, against tcp_client (tap ${vnet:-?}: net"
echo "offload); the native rows count the native server's own system calls."
echo
if [ -n "${STREAM:-}" ]; then
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-" }'; }
	echo "## TCP stream, $MIB MiB one way (MiB/s; the runs counted above)"
	echo
	printf "| %-40s | %9s | %9s | %11s | %11s |\n" "server" "up" "down" \
		"up/native" "down/native"
	printf "|%s|%s|%s|%s|%s|\n" "------------------------------------------" \
		"-----------" "-----------" "-------------" "-------------"
	srow() {
		printf "| %-40s | %9s | %9s | %11s | %11s |\n" "$1" "${2:--}" "${3:--}" \
			"$(ratio "$2" "$up_nat")" "$(ratio "$3" "$down_nat")"
	}
	srow "unikernel, net offload (tap0)" "$up_on" "$down_on"
	srow "unikernel, offload off (plain frames)" "$up_off" "$down_off"
	srow "native server, 2nd namespace via veth" "$up_nat" "$down_nat"
	echo
	echo "Counted while they ran ($TOOL attached), so slower than bench/linux/run.sh's"
	echo "figures where the tool costs per call."
	echo
fi

# ---- PSS of idle instances -------------------------------------------------
# pss_of N CMD...: PSS of N idle instances of CMD, in MiB, mean over them,
# into $pss.
pss_of() {
	local n=$1 pids=() p i kb ok=1 sum=0; shift
	for ((i = 0; i < n; i++)); do
		"$@" >"$T/pss.$i" 2>&1 </dev/null &
		pids+=($!)
		PIDS+=($!)
	done
	for ((i = 0; i < n; i++)); do
		wait_line "$T/pss.$i" '^ready\|^Hello' "${pids[$i]}" || ok=
	done
	sleep 0.5
	for p in "${pids[@]}"; do
		kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null)
		[ -n "$kb" ] || ok=
		sum=$((sum + ${kb:-0}))
	done
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ -n "$ok" ]; then
		pss=$(awk -v s="$sum" -v n="$n" 'BEGIN { printf "%.1f", s / n / 1024 }')
	else
		pss=failed
	fi
}
echo "## PSS per idle instance (MiB, /proc/PID/smaps_rollup)"
echo
printf "| %-44s | %12s | %12s |\n" "" "1 instance" "10 instances"
printf "|%s|%s|%s|\n" "----------------------------------------------" \
	"--------------" "--------------"
pss_row() {	# LABEL CMD...
	local label=$1 one; shift
	pss_of 1 "$@"
	one=$pss
	pss_of 10 "$@"
	printf "| %-44s | %12s | %12s |\n" "$label" "$one" "$pss"
}
pss_row "Linux unikernel (ukboot.spt, --mem=128)" \
	"$SPT" --mem=128 "$B/ukboot.spt" --solo5:quiet idle 60
pss_row "floor: bare Solo5 hello.spt (--mem=128)" \
	"$SPT" --mem=128 "$HELLO" --solo5:quiet idle 60
echo
