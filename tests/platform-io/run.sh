#!/bin/bash
# Tests of the platform's start-up, descriptors, devices, time and random:
#   host-*   unit tests on the Solo5 host stand-in under ASan/UBSan
#   args-*   the tender's command line as envp/argv (quoting, env words)
#   misc-*   clocks against the host, sleeps, getrandom (statistics, and
#            different output on two boots), console descriptors
#   blkio-*  unaligned multi-sector I/O at 512 and 4096 byte sectors, read
#            back in the unikernel and compared with the model on the host
#   netio-*  a blocking plat_read and plat_poll on a tap, inside a network
#            namespace this script creates (nablux-t<pid>-io) and removes
#   hostsig-* kill to the tender: plat_host_signal_handler, the default
#            actions without a handler
source "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1

D=$BUILD/tests/platform-io
SPT=$BIN/nablux-spt
TMP=$(mktemp -d /tmp/nablux-platform-io.XXXXXX) || exit 1
PIDS=()

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	t_ns_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

missing=""
for f in "$SPT" "$D/host_io" "$D/blkmodel" "$D/args.spt" "$D/misc.spt" \
	 "$D/blkio.spt" "$D/netio.spt" "$D/hostsig.spt"; do
	[ -f "$f" ] || missing="$missing ${f#"$ROOT"/}"
done
if [ -n "$missing" ]; then
	t_fail build "not built (run make):$missing"
	t_summary
	exit
fi

# ------------------------------------------------------------ host units

for g in cmdline block fd net poll time chacha random; do
	t_run "host-$g" 0 "^$g: [0-9]+ checks passed" "$D/host_io" "$g"
done

# ------------------------------------------------------------------ argv

# t_args NAME WANT ARGS...: the args unikernel's env/argv lines (joined
# with "|") must be WANT.
t_args() {
	local name=$1 want=$2 got st
	shift 2
	T_OUT=$(timeout -s KILL 10 "$SPT" "$D/args.spt" "$@" 2>&1 </dev/null)
	st=$?
	got=$(grep -E '^(argc|envc|env\[|argv\[)' <<<"$T_OUT" | tr '\n' '|')
	if [ "$st" -ne 0 ] || ! grep -q '^SUCCESS' <<<"$T_OUT"; then
		t_fail "$name" "status $st: $(tail -3 <<<"$T_OUT" | tr '\n' '|')"
	elif [ "$got" != "$want" ]; then
		t_fail "$name" "got $got, want $want"
	else
		t_ok "$name"
	fi
}

t_args args-none 'argc 0|envc 0|'
t_args args-env-then-argv \
	'argc 3|envc 2|env[0]=<A=1>|env[1]=<B_2=x=y>|argv[0]=<prog>|argv[1]=<C=3>|argv[2]=<--flag>|' \
	A=1 B_2=x=y prog C=3 --flag
# The tender joins its words with blanks; quoting inside a word is the
# guest's: "V='hello world'" is one env word, 'a b' one argv word.
t_args args-quoting \
	'argc 6|envc 1|env[0]=<V=hello world>|argv[0]=<prog>|argv[1]=<a b>|argv[2]=<c"d>|argv[3]=<e f>|argv[4]=<>|argv[5]=<it'"'"'s>|' \
	"V='hello world'" prog "'a b'" '"c\"d"' 'e\ f' "''" "\"it's\""
t_args args-quoted-name-is-argv \
	'argc 2|envc 0|argv[0]=<A=1>|argv[1]=<B=2>|' "'A=1'" B=2
t_args args-solo5-word-stripped 'argc 1|envc 1|env[0]=<A=1>|argv[0]=<p>|' \
	--solo5:quiet A=1 p
if grep -q '^Solo5:' <<<"$T_OUT"; then
	t_fail args-solo5-quiet "banner printed with --solo5:quiet"
else
	t_ok args-solo5-quiet
fi
words=()
for i in $(seq 4000); do words+=(w); done
t_run args-4000-words 0 '^argc 4000$' "$SPT" "$D/args.spt" "${words[@]}"
t_run args-exit-status 7 '^argv\[0\]=<x>' "$SPT" "$D/args.spt" x

# ------------------------------------------------------ clocks, random

t_run misc-boot1 0 '^SUCCESS' "$SPT" "$D/misc.spt"
out1=$T_OUT
now=$(date +%s)
t_run misc-boot2 0 '^SUCCESS' "$SPT" "$D/misc.spt"
out2=$T_OUT
rt=$(sed -nE 's/^realtime_sec ([0-9]+)/\1/p' <<<"$out1")
if [ -n "$rt" ] && [ $((rt - now)) -ge -5 ] && [ $((rt - now)) -le 5 ]; then
	t_ok misc-realtime-vs-host
else
	t_fail misc-realtime-vs-host "guest realtime '$rt', host $now"
fi
s1=$(sed -nE 's/^random_sample ([0-9a-f]{64})$/\1/p' <<<"$out1")
s2=$(sed -nE 's/^random_sample ([0-9a-f]{64})$/\1/p' <<<"$out2")
if [ -n "$s1" ] && [ -n "$s2" ] && [ "$s1" != "$s2" ]; then
	t_ok misc-random-differs-between-boots
else
	t_fail misc-random-differs-between-boots "samples '$s1' and '$s2'"
fi

# ------------------------------------------------------------------ block

for bs in 512 4096; do
	img=$TMP/blk$bs.img
	truncate -s 4M "$img"
	t_run "blkio-$bs" 0 'read back byte-exact' "$SPT" --block:storage="$img" \
		--block-sector-size:storage=$bs "$D/blkio.spt" blkio seed=$bs \
		ops=4000 bs=$bs cap=4194304
	if "$D/blkmodel" $bs 4000 4194304 $bs "$TMP/want$bs.img" &&
	   cmp -s "$img" "$TMP/want$bs.img"; then
		t_ok "blkio-$bs-image-on-host"
	else
		t_fail "blkio-$bs-image-on-host" "$(cmp "$img" "$TMP/want$bs.img" 2>&1 | head -1)"
	fi
done
# One sector larger than most requests, a device of three sectors.
img=$TMP/blk32k.img
truncate -s 1M "$img"
t_run blkio-32768 0 'read back byte-exact' "$SPT" --block:storage="$img" \
	--block-sector-size:storage=32768 "$D/blkio.spt" blkio seed=3 ops=2000 \
	bs=32768 cap=1048576

# ----------------------------------------------------------- host signals

# Each signal reaches the handler once, in a thread of its own that may
# sleep: those sent meanwhile (USR1, TERM) wait for it and come in signal
# order; main, blocked with no deadline, is woken by the handler.
t_sigrun hostsig-handler 0 '^SUCCESS' "USR1 USR2 USR1 TERM" \
	"$SPT" "$D/hostsig.spt" handler
got=$(sed -nE 's/^got signal ([0-9]+)$/\1/p' <<<"$T_OUT" | tr '\n' ' ')
if [ "$got" = "10 12 10 15 " ]; then t_ok hostsig-handler-order; else
	t_fail hostsig-handler-order "got signals: $got, want 10 12 10 15"; fi
# Without a handler, the platform's default: SIGWINCH is ignored, the
# others end the unikernel with 128 + sig, as when they killed the tender.
t_sigrun hostsig-default-term 143 '^ready' "WINCH TERM" \
	"$SPT" "$D/hostsig.spt" default
t_sigrun hostsig-default-hup 129 '^ready' HUP "$SPT" "$D/hostsig.spt" default
t_sigrun hostsig-default-kill 137 '^ready' KILL "$SPT" "$D/hostsig.spt" default
# The handler's thread does not keep the unikernel alive.
t_run hostsig-daemon 0 '^ready' "$SPT" "$D/hostsig.spt" daemon

# ---------------------------------------------------------------- network

if ! command -v ping >/dev/null 2>&1; then
	net_why="ping is missing"
else
	net_why=$(t_net_why)
fi
if [ -n "$net_why" ]; then
	for n in netio-blocking-read netio-other-thread netio-poll netio-nonblock netio-exit \
		 netwake-idle-no-spin netwake-read-ahead-wakes-reader; do
		t_skip "$n" "$net_why"
	done
else
	# A failed set-up shows as failed checks below.
	t_ns_new io && t_ns_tap tap0 10.0.0.1/24
	out=$TMP/netio.out
	ip netns exec "$NS" "$SPT" --net:service0=tap0 "$D/netio.spt" \
		>"$out" 2>&1 </dev/null &
	tpid=$!
	PIDS+=("$tpid")
	for ((i = 0; i < 100; i++)); do
		grep -q '^ready' "$out" && break
		kill -0 "$tpid" 2>/dev/null || break
		sleep 0.05
	done
	# Let the read block for a while, then ARP requests for 10.0.0.2
	# (nobody answers them: the frames are what counts).
	sleep 0.3
	ip netns exec "$NS" timeout -s KILL 10 ping -q -c 4 -i 0.3 -W 1 \
		10.0.0.2 >/dev/null 2>&1 &
	ppid=$!
	PIDS+=("$ppid")
	for ((i = 0; i < 200; i++)); do
		kill -0 "$tpid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$tpid" 2>/dev/null
	wait "$tpid"
	st=$?
	wait "$ppid" 2>/dev/null
	why=$(tail -3 "$out" | tr '\n' '|')
	t_check_out() {
		if grep -qE -- "$2" "$out"; then t_ok "$1"; else t_fail "$1" "no /$2/: $why"; fi
	}
	t_check_out netio-blocking-read '^blocking read: frame of [0-9]+ bytes'
	t_check_out netio-other-thread 'other thread ticked [1-9]'
	t_check_out netio-poll '^netio: poll POLLIN'
	t_check_out netio-nonblock 'non-blocking read -EAGAIN'
	if [ "$st" -eq 0 ] && grep -q '^SUCCESS' "$out"; then
		t_ok netio-exit
	else
		t_fail netio-exit "status $st: $why"
	fi

	# netwake: a frame nobody waits for must not make idle spin, and a
	# frame read ahead by poll must still wake its blocked reader.
	out=$TMP/netwake.out
	ip netns exec "$NS" "$SPT" --net:service0=tap0 "$D/netwake.spt" \
		>"$out" 2>&1 </dev/null &
	tpid=$!
	PIDS+=("$tpid")
	send_frame() {
		ip netns exec "$NS" python3 -c 'import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("tap0", 0))
s.send(b"\xff" * 6 + b"\x02" * 6 + b"\x88\xb5" + b"\0" * 46)'
	}
	wait_line() {
		for ((i = 0; i < 100; i++)); do
			grep -q "^$1" "$out" && return 0
			kill -0 "$tpid" 2>/dev/null || return 1
			sleep 0.05
		done
		return 1
	}
	if wait_line "ready 1"; then
		send_frame
		sleep 0.2
		t1=$(awk '{print $14 + $15}' "/proc/$tpid/stat" 2>/dev/null)
		sleep 1
		t2=$(awk '{print $14 + $15}' "/proc/$tpid/stat" 2>/dev/null)
		ticks=$((${t2:-999} - ${t1:-0}))
		if [ "$ticks" -le 10 ]; then
			t_ok "netwake-idle-no-spin ($ticks ticks in 1 s)"
		else
			t_fail netwake-idle-no-spin "$ticks CPU ticks in 1 s of idle"
		fi
	else
		t_fail netwake-idle-no-spin "no 'ready 1': $(tail -2 "$out" | tr '\n' '|')"
	fi
	wait_line "ready 2" && { sleep 0.3; send_frame; }
	for ((i = 0; i < 100; i++)); do
		kill -0 "$tpid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$tpid" 2>/dev/null
	wait "$tpid"
	st=$?
	if [ "$st" -eq 0 ] && grep -q '^SUCCESS' "$out"; then
		t_ok netwake-read-ahead-wakes-reader
	else
		t_fail netwake-read-ahead-wakes-reader "status $st: $(tail -2 "$out" | tr '\n' '|')"
	fi
fi

t_summary
