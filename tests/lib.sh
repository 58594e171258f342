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

t_summary() {
	if [ "$T_SKIP" -gt 0 ]; then
		echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	else
		echo "$T_PASS passed, $T_FAIL failed"
	fi
	[ "$T_FAIL" -eq 0 ]
}
