#!/bin/bash
# strace-check.sh CMD...
#
# Runs CMD (a nablux-spt command line) under `strace -f -qq`, finds where
# the seccomp filter is installed (seccomp(…) or prctl(PR_SET_SECCOMP, …)),
# and checks that every system call made after it is one of the spt
# allowlist: write, exit_group, epoll_pwait, timerfd_settime,
# clock_gettime, arch_prctl, read, pread64, pwrite64; and rt_sigreturn
# as often as the preemption extension's SIGVTALRM came (its handler's
# return, include/nablux_spt_abi.h).
#
# Prints CMD's output, the distinct calls seen after the filter, and a
# verdict line; exits 0 when CMD exited 0 and only allowed calls were made,
# 1 on a violation, 2 when the check cannot be made (no strace, no filter).
ALLOWED="write exit_group epoll_pwait timerfd_settime clock_gettime arch_prctl read pread64 pwrite64"

if [ $# -eq 0 ]; then
	echo "usage: $0 CMD..." >&2
	exit 2
fi
if ! command -v strace >/dev/null 2>&1; then
	echo "strace-check: strace is not installed" >&2
	exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

strace -f -qq -o "$tmp/trace" "$@"
status=$?
echo "strace-check: command exited with status $status"

# Every line is "PID call(args) = ret", "PID call(args <unfinished ...>",
# "PID <... call resumed>…", or a signal/exit note ("PID --- …", "PID +++ …").
# libseccomp probes with other seccomp() operations first; the filter is
# the last successful SECCOMP_SET_MODE_FILTER (or prctl PR_SET_SECCOMP).
start=$(grep -n -E '^[0-9]+ +(seccomp\(SECCOMP_SET_MODE_FILTER|prctl\(PR_SET_SECCOMP).* = [0-9]+' \
	"$tmp/trace" | tail -1 | cut -d: -f1)
if [ -z "$start" ]; then
	echo "strace-check: no seccomp installation found in the trace" >&2
	tail -20 "$tmp/trace" >&2
	exit 2
fi
echo "strace-check: filter installed at trace line $start: $(sed -n "${start}p" "$tmp/trace" | cut -c1-120)"

tail -n +"$((start + 1))" "$tmp/trace" |
	sed -E -e 's/^[0-9]+ +//' \
	       -e '/^(\+\+\+|---)/d' \
	       -e 's/^<\.\.\. ([a-z0-9_]+) resumed>.*/\1/' \
	       -e 's/^([a-z0-9_]+)\(.*/\1/' |
	sort | uniq -c | sort -rn >"$tmp/calls"

ticks=$(tail -n +"$((start + 1))" "$tmp/trace" | grep -cE '^[0-9]+ +--- SIGVTALRM ')
bad=0
while read -r count name; do
	ok=no
	for a in $ALLOWED; do
		[ "$name" = "$a" ] && ok=yes
	done
	[ "$name" = rt_sigreturn ] && [ "$count" -le "$ticks" ] && ok=yes
	if [ "$ok" = yes ]; then
		echo "strace-check:   $name x$count"
	else
		echo "strace-check:   $name x$count NOT ALLOWED"
		grep -m 3 -E "^[0-9]+ +($name\(|<\.\.\. $name resumed)" \
			"$tmp/trace" | sed 's/^/strace-check:     /'
		bad=1
	fi
done <"$tmp/calls"

signals=$(tail -n +"$((start + 1))" "$tmp/trace" | grep -E '^[0-9]+ +(---|\+\+\+)' |
	grep -v -- '--- SIGVTALRM ')
[ "$ticks" -gt 0 ] && echo "strace-check: note: $ticks SIGVTALRM (preemption ticks)"
[ -n "$signals" ] && echo "$signals" | sed 's/^/strace-check: note: /'

if [ "$bad" -ne 0 ]; then
	echo "strace-check: FAIL: system calls outside the spt allowlist after the filter"
	exit 1
fi
if [ "$status" -ne 0 ]; then
	echo "strace-check: FAIL: the command exited with status $status"
	exit 1
fi
echo "strace-check: ok: only allowlisted system calls after the filter"
exit 0
