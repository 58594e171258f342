#!/bin/bash
# The library kernel's test suite (cf. tests/linux/ktest.c) as a Linux
# unikernel on nablux-spt: uksuite.spt (a nablux_main program on the
# Linux unikernel start-up) with nablux.root=none, so /tmp, /proc, /dev
# are on the kernel's RAM root. One boot runs every test; each test's
# "ok NAME" / "FAIL NAME: why" line becomes one check here.
#   uksuite-run-completes   one boot runs every test and exits (10 s)
#   uksuite-run-status      its exit status is 0 and its last line SUCCESS
#                           exactly when no test failed, else 1, "FAILED N"
#   uksuite-<test>          getpid uname enosys ramroot files stat
#                           getdents64 fds getrandom pipe epoll poll eventfd
#                           timerfd clock futex socketpair tcp-lo threads
#                           idle (each way of blocking in the kernel, 200 ms)
#   uksuite-idle-no-spin    the idle test alone costs < 0.25 s of host CPU
#   uksuite-exit-status     a run with a failing test exits 1, not 0
#   uksuite-select          tests named on the command line run alone
#   uksuite-strace-allowlist  the whole suite (threads, sockets, timers)
#                           still makes only the spt allowlist's host calls
. "$(dirname "$0")/../lib.sh"

U=$BUILD/tests/ukernel-suite
SPT=$BIN/nablux-spt
K=$U/uksuite.spt

if [ ! -f "$K" ]; then
	t_fail uksuite-build "no $K: run make"
	t_summary
	exit
fi

# The test names, from the unikernel itself.
names=$(timeout -s KILL 10 "$SPT" --mem=128 "$K" nablux.root=none list 2>/dev/null |
	grep -E '^[a-z0-9-]+$')
if [ -z "$names" ]; then
	t_fail uksuite-list "uksuite.spt list printed no test names"
	names="getpid uname enosys ramroot files stat getdents64 fds getrandom
	       pipe epoll poll eventfd timerfd clock futex socketpair tcp-lo threads
	       idle"
fi

# One boot runs them all. Its status and last line must agree with the
# tests' lines (each test is judged below, on its own line).
t_run uksuite-run-completes 0 '' bash -c '"$0" --mem=128 "$1" nablux.root=none; echo "status $?"' \
	"$SPT" "$K"
all=$T_OUT
st=$(sed -nE 's/^status ([0-9]+)$/\1/p' <<<"$all" | tail -1)
nfail=$(grep -c '^FAIL ' <<<"$all")
if { [ "$nfail" -eq 0 ] && [ "$st" = 0 ] && grep -q '^SUCCESS$' <<<"$all"; } ||
   { [ "$nfail" -gt 0 ] && [ "$st" = 1 ] && grep -q "^FAILED $nfail\$" <<<"$all"; }; then
	t_ok uksuite-run-status
else
	t_fail uksuite-run-status "$nfail FAIL lines, exit status ${st:-none}: $(grep -v '^Solo5:' <<<"$all" | tail -2 | tr '\n' '|')"
fi
# Figures the tests print (timer accuracy, TCP over lo), for the log.
grep -E '^(timerfd|clock|tcp|threads): ' <<<"$all" | sed 's/^/  /'
for n in $names; do
	if grep -q "^ok $n\$" <<<"$all"; then
		t_ok "uksuite-$n"
	elif line=$(grep -m1 "^FAIL $n: " <<<"$all"); then
		t_fail "uksuite-$n" "${line#FAIL $n: }"
	else
		t_fail "uksuite-$n" "no result: $(grep -v '^Solo5:' <<<"$all" | tail -2 | tr '\n' '|')"
	fi
done

# main's status is the unikernel's exit status.
t_run uksuite-exit-status 1 '^FAIL no-such-test: ' "$SPT" --mem=128 "$K" \
	nablux.root=none getpid no-such-test
t_run uksuite-select 0 '^ok pipe$' "$SPT" --mem=128 "$K" nablux.root=none \
	pipe futex
if grep -Eq '^ok (getpid|tcp-lo)$' <<<"$T_OUT"; then
	t_fail uksuite-select-only "tests not asked for ran too"
else
	t_ok uksuite-select-only
fi

# Blocked in the kernel (nanosleep, futex, epoll_wait, poll, timerfd, pipe;
# 1.2 s in all), the tender uses next to no host CPU.
TIMEFORMAT='%U %S'
cpu=$( { time timeout -s KILL 10 "$SPT" --mem=128 "$K" nablux.root=none idle \
	>"$BUILD/tests/ukernel-suite/idle.out" 2>&1; } 2>&1 )
read -r cu cs <<<"$cpu"
if ! grep -q '^ok idle$' "$BUILD/tests/ukernel-suite/idle.out"; then
	t_fail uksuite-idle-no-spin "the idle test failed: $(grep -v '^Solo5:' "$BUILD/tests/ukernel-suite/idle.out" | tail -2 | tr '\n' '|')"
elif awk -v u="$cu" -v s="$cs" 'BEGIN { exit !(u + s < 0.25) }'; then
	t_ok "uksuite-idle-no-spin (${cu}s user ${cs}s sys for 1.2 s blocked)"
else
	t_fail uksuite-idle-no-spin "${cu}s user ${cs}s sys for 1.2 s blocked"
fi

# Whatever the kernel does, the host sees only the spt allowlist.
out=$(bash "$ROOT/tests/devices/strace-check.sh" "$SPT" --mem=128 "$K" \
	nablux.root=none 2>&1)
rc=$?
# (Tests failing in that run are reported above; here only the host calls
# count.)
if grep -q '^strace-check: ok' <<<"$out" ||
   { grep -q '^strace-check: FAIL: the command exited with status' <<<"$out" &&
     ! grep -q 'NOT ALLOWED' <<<"$out" && grep -q '^ok threads$' <<<"$out"; }; then
	t_ok "uksuite-strace-allowlist"
elif [ $rc -eq 2 ] && ! command -v strace >/dev/null; then
	t_skip uksuite-strace-allowlist "strace is not installed"
else
	t_fail uksuite-strace-allowlist "status $rc: $(grep -v '^Solo5:' <<<"$out" | tail -3 | tr '\n' '|')"
fi
t_summary
