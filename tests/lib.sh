# Shared helpers for test suites. Source it, call t_* and finish with
# t_summary, which prints "N passed, N failed" and sets the exit status.
# Each check prints one line: "ok NAME" or "FAIL NAME: why".

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
BIN=$BUILD/bin
T_PASS=0
T_FAIL=0
T_SKIP=0

t_ok()   { T_PASS=$((T_PASS + 1)); echo "ok $1"; }
t_fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL $1: $2"; }
t_skip() { T_SKIP=$((T_SKIP + 1)); echo "skip $1: $2"; }

# t_run NAME EXPECTED_STATUS PATTERN CMD...
# Runs CMD (timeout: $T_TIMEOUT s, default 10), captures stdout+stderr
# into $T_OUT, and passes
# when the exit status is EXPECTED_STATUS and the output matches PATTERN
# (grep -E, may be empty to skip the check).
t_run() {
	local name=$1 want=$2 pat=$3; shift 3
	T_OUT=$(timeout -s KILL "${T_TIMEOUT:-10}" "$@" 2>&1 </dev/null)
	T_STATUS=$?
	if [ "$T_STATUS" -ne "$want" ]; then
		t_fail "$name" "status $T_STATUS, want $want; output: $(echo "$T_OUT" | tail -3 | tr '\n' '|')"
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" <<<"$T_OUT"; then
		t_fail "$name" "output lacks /$pat/: $(echo "$T_OUT" | tail -3 | tr '\n' '|')"
	else
		t_ok "$name"
	fi
}

# t_sigrun NAME EXPECTED_STATUS PATTERN SIGNALS CMD...
# As t_run, for a CMD that prints a line "ready" and then waits: once it
# has (at most 10 s), each of SIGNALS ("USR1 TERM", names for kill) is
# sent to CMD's process, 0.2 s apart; then CMD has $T_TIMEOUT s (default
# 10) to end before it is killed. A background job of a script starts
# with SIGINT and SIGQUIT ignored: run CMD under env --default-signal to
# send those.
t_sigrun() {
	local name=$1 want=$2 pat=$3 sigs=$4 out pid i s
	shift 4
	out=$(mktemp) || return 1
	"$@" >"$out" 2>&1 </dev/null &
	pid=$!
	# The shell's own "Killed" notes for CMD go to /dev/null.
	{
		for ((i = 0; i < 100; i++)); do
			grep -q '^ready' "$out" && break
			kill -0 "$pid" || break
			sleep 0.1
		done
		for s in $sigs; do
			kill -"$s" "$pid"
			sleep 0.2
		done
		for ((i = 0; i < ${T_TIMEOUT:-10} * 10; i++)); do
			kill -0 "$pid" || break
			sleep 0.1
		done
		kill -KILL "$pid"
		wait "$pid"
		T_STATUS=$?
	} 2>/dev/null
	T_OUT=$(cat "$out")
	rm -f "$out"
	if [ "$T_STATUS" -ne "$want" ]; then
		t_fail "$name" "status $T_STATUS, want $want; output: $(echo "$T_OUT" | tail -3 | tr '\n' '|')"
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" <<<"$T_OUT"; then
		t_fail "$name" "output lacks /$pat/: $(echo "$T_OUT" | tail -3 | tr '\n' '|')"
	else
		t_ok "$name"
	fi
}

t_summary() {
	if [ "$T_SKIP" -gt 0 ]; then
		echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	else
		echo "$T_PASS passed, $T_FAIL failed"
	fi
	[ "$T_FAIL" -eq 0 ]
}

# ---- network namespaces (every network test runs inside one it made) ----
# t_net_why: empty when namespaces with taps can be made here, else why not
# (a suite prints it as its skip reason).
t_net_why() {
	if [ ! -c /dev/net/tun ]; then
		echo "/dev/net/tun is missing"
	elif ! command -v ip >/dev/null 2>&1; then
		echo "the ip command (iproute2) is missing"
	elif ! ip netns add "nablux-t$$-probe" 2>/dev/null; then
		echo "ip netns add failed (not root?)"
	else
		ip netns del "nablux-t$$-probe"
	fi
}

T_NETNS=()
# t_ns_new NAME: a fresh namespace nablux-t<pid>-NAME with lo up and IPv6
# off (no router solicitations on the taps); sets $NS. t_ns_cleanup
# removes it.
t_ns_new() {
	NS=nablux-t$$-$1
	ip netns add "$NS" || return 1
	T_NETNS+=("$NS")
	ip -n "$NS" link set lo up
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 2>/dev/null
	return 0
}

# t_ns_tap TAP ADDR/LEN [MTU]: a tap in $NS, addressed and up.
t_ns_tap() {
	ip -n "$NS" tuntap add dev "$1" mode tap &&
		ip -n "$NS" addr add "$2" dev "$1" &&
		{ [ -z "${3:-}" ] || ip -n "$NS" link set dev "$1" mtu "$3"; } &&
		ip -n "$NS" link set dev "$1" up
}

# t_ns_veth PEER-NS ADDR PEER-ADDR: a veth pair from $NS (veth0, ADDR) to
# the namespace PEER-NS (veth1, PEER-ADDR), both ends up: a link between
# two network stacks, as the tap is, for the native side of a comparison.
t_ns_veth() {
	ip -n "$NS" link add veth0 type veth peer name veth1 netns "$1" &&
		ip -n "$NS" addr add "$2" dev veth0 &&
		ip -n "$NS" link set veth0 up &&
		ip -n "$1" addr add "$3" dev veth1 &&
		ip -n "$1" link set veth1 up
}

# t_rss_pss PID: "RSS / PSS" of a process in MiB, one decimal
# (/proc/PID/smaps_rollup), for the benchmarks' memory rows.
t_rss_pss() {
	awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } END { printf "%.1f / %.1f", r / 1024, p / 1024 }' \
		"/proc/$1/smaps_rollup"
}

# t_ns_cleanup: kill what runs in the namespaces made by t_ns_new (only
# this script starts anything there) and delete them. Call it from the
# suite's EXIT trap.
t_ns_cleanup() {
	local ns p
	for ns in "${T_NETNS[@]}"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	T_NETNS=()
}

# t_wait_for FILE REGEX: until a line of FILE (a background program's
# output) matches, for at most 10 s; status 1 if none did.
t_wait_for() {
	local i
	for i in $(seq 100); do
		grep -qsE -- "$2" "$1" && return 0
		sleep 0.1
	done
	return 1
}
