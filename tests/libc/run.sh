#!/bin/bash
# C programs built by nablux-cc: the libc conformance program (natively as
# the reference, then as a unikernel on an ext4 root), the ways a program
# ends (status, atexit, stdio flush, a clean image), child processes
# (posix_spawn, vfork+execve), and no syscall instruction in any unikernel
# outside the bindings' host calls.
. "$(dirname "$0")/../lib.sh"

SPT=$BIN/nablux-spt
L=$BUILD/tests/libc
T=$(mktemp -d)
trap 't_ns_cleanup; rm -rf "$T"' EXIT

# count_checks OUTPUT PREFIX: the program's own "ok"/"FAIL" lines count as
# this suite's checks.
count_checks() {
	local out=$1 prefix=$2 line
	while IFS= read -r line; do
		case $line in
		"ok "*) t_ok "$prefix${line#ok }" ;;
		"FAIL "*) line=${line#FAIL }; t_fail "$prefix${line%%:*}" "${line#*: }" ;;
		esac
	done <<<"$out"
}

# checked_run NAME PREFIX SECS CMD...: CMD (a unikernel that prints its own
# "ok"/"FAIL" lines) within SECS seconds; its lines count as checks
# PREFIX..., its status 0 as NAME. Its output stays in $out.
checked_run() {
	local name=$1 prefix=$2 secs=$3 status
	shift 3
	out=$(timeout -s KILL "$secs" "$@" 2>&1)
	status=$?
	count_checks "$out" "$prefix"
	[ "$status" -eq 0 ] && t_ok "$name" ||
		t_fail "$name" "status $status: $(tail -3 <<<"$out" | tr '\n' '|')"
}

# The reference: the same source, natively (glibc), must pass.
mkdir -p "$T/native"
out=$(LTEST_GREETING="hello world" timeout 60 "$L/ltest.native" "$T/native" 2>&1)
if grep -q '^[0-9]* passed, 0 failed' <<<"$out"; then
	t_ok native-reference
else
	t_fail native-reference "$(grep -m3 FAIL <<<"$out" | tr '\n' '|')"
fi

# The unikernel, on an ext4 root with /tmp as its work directory.
mkdir -p "$T/root/tmp"
cp "$L/ltest.spt" "$T/root/ltest"
mke2fs -q -t ext4 -d "$T/root" "$T/l.img" 64M >/dev/null
before=$(date +%s%N)
out=$(timeout -s KILL 120 "$SPT" --mem=1024 --block:rootfs="$T/l.img" "$L/ltest.spt" \
	"LTEST_GREETING='hello world'" nablux.hostname=ltest-host /ltest /tmp 2>&1)
status=$?
after=$(date +%s%N)
count_checks "$out" "uk-"
[ "$status" -eq 0 ] && t_ok uk-status || t_fail uk-status "status $status: $(tail -3 <<<"$out" | tr '\n' '|')"
rt=$(sed -n 's/^realtime-ns //p' <<<"$out")
if [ -n "$rt" ] && [ "$rt" -ge $((before - 10000000)) ] && [ "$rt" -le $((after + 10000000)) ]; then
	t_ok uk-realtime-agrees-with-host
else
	t_fail uk-realtime-agrees-with-host "guest $rt, host run $before..$after"
fi
grep -q '^Solo5:\|^nablux:' <<<"$out" && t_fail uk-only-program-output "$(grep -m2 '^Solo5:\|^nablux:' <<<"$out" | tr '\n' '|')" ||
	t_ok uk-only-program-output
e2fsck -fn "$T/l.img" >/dev/null 2>&1 && t_ok uk-image-clean ||
	t_fail uk-image-clean "$(e2fsck -fn "$T/l.img" 2>&1 | tail -2 | tr '\n' '|')"

# The process model: threads and signals, natively as the reference,
# then in the unikernel; exit() from a second thread.
out=$(cd "$T" && timeout 120 "$L/proc.native" 2>&1)
grep -q '^[0-9]* passed, 0 failed' <<<"$out" && t_ok proc-native-reference ||
	t_fail proc-native-reference "$(grep -m3 FAIL <<<"$out" | tr '\n' '|')"
mkdir -p "$T/proot/tmp"
checked_run uk-proc-status uk- 180 "$BIN/nablux-run" -m 2048 -d "$T/proot" "$L/proc.spt"
grep '^thread create+join' <<<"$out"
t_run exit-from-thread-status 7 "" "$BIN/nablux-run" -o "$T/et.img" "$L/proc.spt" exit-thread
e2fsck -fn "$T/et.img" >/dev/null 2>&1 && t_ok exit-from-thread-image-clean ||
	t_fail exit-from-thread-image-clean "$(e2fsck -fn "$T/et.img" 2>&1 | tail -2 | tr '\n' '|')"

# Child processes: posix_spawn, vfork and execve of a program linked into
# the unikernel (its copy in the image is /spawn: execve of it is refused,
# of another copy not linked in ENOENT); fork stays ENOSYS, said once.
mkdir -p "$T/vroot/tmp" "$T/vroot/usr/bin"
cp "$L/spawn.spt" "$T/vroot/spawn"
cp "$L/spawn.spt" "$T/vroot/spawn-copy"
mke2fs -q -t ext4 -d "$T/vroot" "$T/v.img" 64M >/dev/null
checked_run spawn-status spawn- 120 "$SPT" --block:rootfs="$T/v.img" "$L/spawn.spt" /spawn
grep '^posix_spawn+waitpid' <<<"$out"
# A child's _exit drops what it left in stdout's buffer (shared with pid 1).
grep -q "^parent's pending output ... done$" <<<"$out" &&
	t_ok spawn-parent-output-its-own || t_fail spawn-parent-output-its-own "not on the console"
grep -q "never flushed" <<<"$out" && t_fail spawn-child-output-dropped "the parent printed it" ||
	t_ok spawn-child-output-dropped
[ "$(grep -c 'execve of the program itself is not supported' <<<"$out")" -eq 1 ] &&
	t_ok spawn-self-exec-said || t_fail spawn-self-exec-said "no one-line diagnostic"
e2fsck -fn "$T/v.img" >/dev/null 2>&1 && t_ok spawn-image-clean ||
	t_fail spawn-image-clean "$(e2fsck -fn "$T/v.img" 2>&1 | tail -2 | tr '\n' '|')"
out=$(timeout -s KILL 30 "$SPT" --block:rootfs="$T/v.img" "$L/spawn.spt" /spawn fork 2>&1)
status=$?
count_checks "$out" "spawn-"
[ "$status" -eq 0 ] && [ "$(grep -c 'nablux: fork is not supported' <<<"$out")" -eq 1 ] &&
	t_ok spawn-fork-said-once || t_fail spawn-fork-said-once "status $status: $(tr '\n' '|' <<<"$out")"

# /tmp is the image's: filling it gives ENOSPC, and the image stays clean.
t_run tmp-fills-enospc 0 "No space left on device" "$BIN/nablux-run" -s 32M -o "$T/fill.img" "$L/proc.spt" fill-tmp
e2fsck -fn "$T/fill.img" >/dev/null 2>&1 && t_ok tmp-fill-image-clean ||
	t_fail tmp-fill-image-clean "$(e2fsck -fn "$T/fill.img" 2>&1 | tail -2 | tr '\n' '|')"

# nablux.cwd: the working directory, or a clear refusal.
mkdir -p "$T/croot/var/lib"
t_run cwd-option 0 "^cwd=/var/lib$" "$BIN/nablux-run" -d "$T/croot" -O cwd=/var/lib "$L/proc.spt" cwd
t_run cwd-missing 1 "changing to the working directory: /nope" "$BIN/nablux-run" -d "$T/croot" -O cwd=/nope "$L/proc.spt" cwd

# main() has an 8 MiB stack; an overflow is found, not silent.
t_run stack-7MiB-recursion 0 "^done" "$BIN/nablux-run" "$L/deep.spt" 7000
t_run stack-overflow-found 255 "stack overflow" "$BIN/nablux-run" "$L/deep.spt" 8600 sys

# Executable memory: PROT_EXEC is EACCES unless the tender makes guest
# memory executable (--x-exec-heap); then code made there runs, as it
# does natively.
out=$(timeout 10 "$L/xmem.native" exec 2>&1)
grep -q '^[0-9]* passed, 0 failed' <<<"$out" && t_ok xmem-native-reference ||
	t_fail xmem-native-reference "$(grep -m3 FAIL <<<"$out" | tr '\n' '|')"
mkdir -p "$T/xroot"
mke2fs -q -t ext4 -d "$T/xroot" "$T/x.img" 16M >/dev/null
checked_run uk-noexec-status uk-noexec- 20 "$SPT" --block:rootfs="$T/x.img" "$L/xmem.spt" xmem
checked_run uk-x-exec-heap-status uk-x-exec-heap- 20 \
	"$SPT" --x-exec-heap --block:rootfs="$T/x.img" "$L/xmem.spt" xmem exec

# Pseudo-terminals (devpts, /dev/ptmx): the pair both ways, cooked and
# raw, natively as the reference, then in the unikernel.
if [ -e /dev/ptmx ]; then
	out=$(timeout 20 "$L/pty.native" 2>&1)
	grep -q '^[0-9]* passed, 0 failed' <<<"$out" && t_ok pty-native-reference ||
		t_fail pty-native-reference "$(grep -m3 FAIL <<<"$out" | tr '\n' '|')"
else
	t_skip pty-native-reference "the host has no /dev/ptmx"
fi
checked_run uk-pty-status uk-pty- 30 "$BIN/nablux-run" "$L/pty.spt"

# Signals from outside: SIGUSR1 twice, then SIGTERM, reach the program's
# handlers; it writes a file and exits 0, leaving a clean image. A program
# without handlers ignores SIGTERM (pid 1); SIGKILL still ends it.
mkdir -p "$T/sroot"
mke2fs -q -t ext4 -d "$T/sroot" "$T/s.img" 16M >/dev/null
"$SPT" --block:rootfs="$T/s.img" "$L/sigterm.spt" sigterm >"$T/sig.out" 2>&1 &
spid=$!
t_wait_for "$T/sig.out" ready
kill -USR1 "$spid"; sleep 0.2; kill -USR1 "$spid"; sleep 0.2; kill -TERM "$spid"
for _ in $(seq 100); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$spid" 2>/dev/null
wait "$spid"
st=$?
[ "$st" -eq 0 ] && grep -q "terminated after 2 SIGUSR1" "$T/sig.out" && t_ok host-sigterm-handler ||
	t_fail host-sigterm-handler "status $st: $(tr '\n' '|' <"$T/sig.out")"
[ "$(debugfs -R 'cat /sigterm.txt' "$T/s.img" 2>/dev/null)" = "terminated after 2 SIGUSR1" ] &&
	e2fsck -fn "$T/s.img" >/dev/null 2>&1 && t_ok host-sigterm-image ||
	t_fail host-sigterm-image "no /sigterm.txt or not clean"
"$SPT" --block:rootfs="$T/s.img" "$L/proc.spt" proc pause >"$T/nohandler.out" 2>&1 &
npid=$!
sleep 1
kill -TERM "$npid"
sleep 1
if kill -0 "$npid" 2>/dev/null; then
	t_ok host-sigterm-ignored-without-handler
else
	t_fail host-sigterm-ignored-without-handler "the tender ended: $(tr '\n' '|' <"$T/nohandler.out")"
fi
kill -KILL "$npid" 2>/dev/null
{ wait "$npid"; } 2>/dev/null
[ $? -eq 137 ] && t_ok host-sigkill || t_fail host-sigkill "status not 137"

# Preemption (the tender's extension, platform/preempt.c): a thread in a
# loop without system calls no longer keeps the one CPU from a sleeping
# thread, from two threads holding every register kind through it, and
# from SIGALRM. Each hung for ever before. Its CPU time is counted
# (cputime: ITIMER_VIRTUAL never fired before).
for how in sleep fp alarm cputime; do
	checked_run "preempt-$how-status" preempt- 60 "$BIN/nablux-run" "$L/preempt.spt" "$how"
	grep -E '^(sleep|registers|SIGALRM|SIGVTALRM)' <<<"$out"
done
# Ticks come with CPU time only: ~100 per second of a busy guest, none
# for an idle one (strace counts the tender's SIGVTALRM).
if command -v strace >/dev/null; then
	for run in "busy 2" "idle 2"; do
		tr=$T/ticks
		s0=$(date +%s%N)
		timeout -s KILL 60 strace -f -qq -e trace=none -e signal=SIGVTALRM \
			-o "$tr" "$BIN/nablux-run" "$L/preempt.spt" $run >/dev/null 2>&1
		ms=$((($(date +%s%N) - s0) / 1000000))
		n=$(grep -c SIGVTALRM "$tr")
		echo "preempt ticks: ${run% *} ${run#* } s: $n in $ms ms"
		if [ "${run% *}" = busy ]; then
			[ "$n" -ge 50 ] && [ "$n" -le 400 ] && t_ok "preempt-ticks-busy ($n)" ||
				t_fail preempt-ticks-busy "$n ticks"
		else
			[ "$n" -eq 0 ] && t_ok preempt-ticks-idle-none ||
				t_fail preempt-ticks-idle-none "$n ticks"
		fi
	done
else
	t_skip preempt-ticks "strace is missing"
fi

# The ways out. exits HOW: status, the file it wrote first, atexit's file,
# stdout's buffered tail, and the image's state.
exits() {
	local how=$1 want=$2 atexit=$3 tail=$4 clean=$5 img=$T/e-$1.img
	mkdir -p "$T/eroot"
	mke2fs -q -t ext4 -d "$T/eroot" "$img" 16M >/dev/null
	t_run "exit-$how-status" "$want" "unflushed output of $how" \
		"$SPT" --block:rootfs="$img" "$L/exits.spt" exits "$how"
	grep -q "and a tail" <<<"$T_OUT"
	[ $? -eq $((1 - tail)) ] && t_ok "exit-$how-stdio-flush" ||
		t_fail "exit-$how-stdio-flush" "want tail=$tail: $T_OUT"
	if [ "$clean" = 1 ]; then
		e2fsck -fn "$img" >/dev/null 2>&1 &&
			! dumpe2fs -h "$img" 2>/dev/null | grep -q needs_recovery &&
			t_ok "exit-$how-image-clean" ||
			t_fail "exit-$how-image-clean" "$(e2fsck -fn "$img" 2>&1 | tail -2 | tr '\n' '|')"
		[ "$(debugfs -R 'cat /exit-how.txt' "$img" 2>/dev/null)" = "$how" ] &&
			t_ok "exit-$how-file" || t_fail "exit-$how-file" "no /exit-how.txt"
		debugfs -R 'cat /exit-atexit.txt' "$img" 2>/dev/null | grep -q "atexit ran"
		[ $? -eq $((1 - atexit)) ] && t_ok "exit-$how-atexit" ||
			t_fail "exit-$how-atexit" "want atexit=$atexit"
	else
		e2fsck -fy "$img" >/dev/null 2>&1
		[ $? -le 1 ] && t_ok "exit-$how-image-recovers" ||
			t_fail "exit-$how-image-recovers" "e2fsck -fy could not repair it"
	fi
}
#     how    status atexit tail clean
exits exit   5      1      1    1
exits return 6      1      1    1
exits _exit  7      0      0    1
exits abort  134    0      0    1
exits fault  139    0      0    0

# Sockets on eth0: a musl TCP/UDP echo server (nablux-cc --nablux-net)
# reached from the namespace this test makes, while another of its
# threads spins on system calls for 30 s (the CPU must still serve it).

# netecho_run NAME MiB ARGS...: the echo server on eth0 (ARGS: how its
# other thread spins) gets a line and MiB over TCP and a datagram over
# UDP from the namespace, then ends having served them.
netecho_run() {
	local name=$1 mib=$2 npid got st
	shift 2
	ip netns exec "$NS" timeout -s KILL 60 "$SPT" --block:rootfs="$T/n.img" \
		--net:tap=tap0 "$L/netecho.spt" nablux.ip=10.0.0.2/24 \
		netecho 2 "$@" >"$T/netecho.out" 2>&1 </dev/null &
	npid=$!
	t_wait_for "$T/netecho.out" listening
	got=$(ip netns exec "$NS" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.0.0.2 7777 line "hello $name" 2>&1)
	[ "$got" = "hello $name" ] && t_ok "net-$name-tcp-line" || t_fail "net-$name-tcp-line" "got: $got"
	got=$(ip netns exec "$NS" timeout 30 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.0.0.2 7777 bulk "$mib" 2>&1)
	[ "${got%% *}" = exact ] && t_ok "net-$name-tcp-${mib}MiB (${got#* })" ||
		t_fail "net-$name-tcp-${mib}MiB" "got: $got"
	got=$(ip netns exec "$NS" timeout 10 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b"datagram", ("10.0.0.2", 7778))
print(s.recvfrom(100)[0].decode())' 2>&1)
	[ "$got" = datagram ] && t_ok "net-$name-udp" || t_fail "net-$name-udp" "got: $got"
	wait "$npid"
	st=$?
	[ "$st" -eq 0 ] && grep -q "served 2 connections and one datagram from 10.0.0.1" "$T/netecho.out" &&
		t_ok "net-$name-exit" || t_fail "net-$name-exit" "status $st: $(tail -2 "$T/netecho.out" | tr '\n' '|')"
}

why=$(t_net_why)
if [ -n "$why" ]; then
	t_skip net-eth0 "$why"
elif t_ns_new libc && t_ns_tap tap0 10.0.0.1/24; then
	mkdir -p "$T/nroot"
	mke2fs -q -t ext4 -d "$T/nroot" "$T/n.img" 16M >/dev/null
	netecho_run eth0 8 30
	# The same with a thread that spins without any system call: only
	# preemption gives the server the CPU.
	netecho_run eth0-spinner 1 1 pure
else
	t_fail net-eth0 "could not make namespace $NS with tap0"
fi

# No syscall instruction outside the bindings' host calls (sys_x86_64.c),
# in every unikernel the build made -- but seccomp.spt, whose one job is
# to make a forbidden host call (the sandbox suite), and the fuzzer's
# corpus (copies and mutants).
allowed=$(nm --defined-only "$BUILD/obj/bindings/spt/sys_x86_64.o" | awk '$2 ~ /[tT]/ {print $3}' | sort -u)
n=0 bad=
for spt in $(find "$BUILD" -path "$BUILD/fuzz" -prune -o -name '*.spt' -type f ! -name seccomp.spt -print); do
	n=$((n + 1))
	funcs=$(objdump -d --no-show-raw-insn "$spt" |
		awk '/^[0-9a-f]+ <.*>:$/ { f = substr($2, 2, length($2) - 3) }
		     $2 == "syscall" { print f }' | sort -u)
	for f in $funcs; do
		grep -qx "$f" <<<"$allowed" || bad="$bad ${spt#$BUILD/}:$f"
	done
done
[ "$n" -gt 0 ] && [ -z "$bad" ] && t_ok "no-syscall-instruction ($n unikernels)" ||
	t_fail no-syscall-instruction "${bad:-no unikernels found}"

t_summary
