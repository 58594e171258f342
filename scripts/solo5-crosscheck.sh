#!/bin/bash
# SPDX-License-Identifier: ISC
# solo5-crosscheck.sh SOLO5_DIR: check nablux-spt against a real Solo5
# build, both ways (issue 8). A developer check, not part of CI (CI has no
# Solo5). Needs root, a built checkout (make) and a built Solo5 v0.12.x:
#
#   git clone https://github.com/Solo5/solo5 && cd solo5 &&
#   git checkout v0.12.1 && ./configure.sh && make
#
# 1. Solo5's own spt tests, with the rules of its tests/tests.bats
#    (reimplemented here), on solo5-spt (the baseline) and on nablux-spt.
# 2. Our unikernels on solo5-spt: tests/sandbox, the hostile fixture, the
#    device tests' unikernels and, if built, Linux unikernels (kboot, the
#    demo with its root file system image).
# 3. Every mutation of tests/hostile/mutate.c on both tenders: the exit
#    statuses must agree, except where tender/README.md says we differ.
#
# Everything runs in a network namespace created here, with tap100
# (10.0.0.1/24), tap101 (10.1.0.1/24) and tap102 (10.2.0.1/24, MTU 9000);
# no traffic leaves it, and it is deleted on exit.
set -u
. "$(dirname "$0")/../tests/lib.sh"

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 SOLO5_DIR" >&2
	exit 2
fi
SOLO5=$(cd "$1" && pwd)
SSPT=$SOLO5/tenders/spt/solo5-spt
NSPT=$BIN/nablux-spt
for f in "$SSPT" "$NSPT" "$SOLO5/tests/test_hello/test_hello.spt" \
	 "$BUILD/tests/hostile/mutate"; do
	if [ ! -x "$f" ] && [ ! -f "$f" ]; then
		echo "$0: $f is missing: build Solo5 and this checkout first" >&2
		exit 2
	fi
done

# --- outside: the namespace, then this script again inside it ---------
if [ "${2:-}" != --in-netns ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "$0: needs root (ip netns, taps, flood ping)" >&2
		exit 2
	fi
	NS=nablux-xc-$$
	cleanup() {
		local p
		# Everything in the namespace was started by this script.
		for p in $(ip netns pids "$NS" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$NS" 2>/dev/null
	}
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	ip netns add "$NS" || exit 1
	ip -n "$NS" link set lo up
	tap() {
		ip -n "$NS" tuntap add dev "$1" mode tap &&
			ip -n "$NS" addr add "$2" dev "$1" &&
			ip -n "$NS" link set dev "$1" mtu "$3" &&
			ip -n "$NS" link set dev "$1" up
	}
	if ! tap tap100 10.0.0.1/24 1500 || ! tap tap101 10.1.0.1/24 1500 ||
	   ! tap tap102 10.2.0.1/24 9000; then
		echo "$0: cannot create the taps in $NS" >&2
		exit 1
	fi
	ip netns exec "$NS" bash "$0" "$SOLO5" --in-netns
	exit
fi

# --- inside -------------------------------------------------------------
TMP=$(mktemp -d /tmp/nablux-crosscheck.XXXXXX) || exit 1
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT

# bg CMD...: start CMD in the background (killed on exit); sets $BG.
bg() {
	"$@" >/dev/null 2>&1 &
	BG=$!
	PIDS+=("$BG")
}

# check NAME CONDITION WHY: count a check whose condition was computed.
check() { if [ "$2" = 0 ]; then t_ok "$1"; else t_fail "$1" "$3"; fi; }

# ---- 1. Solo5's spt tests (tests/tests.bats, the "* spt" cases) ---------
# scase NAME WANT HAS LACKS ARGS...: one case, run as bats' spt_run does
# (from Solo5's tests directory, a 60 s timeout, --mem=2) on $SPT and
# judged as tests.bats judges it: WANT is "success" (status 0 and
# SUCCESS), "abort" (255 and ABORT) or a status; the output must contain
# HAS and not LACKS (substrings; empty: no check).
scase() {
	local name=$1 want=$2 has=$3 lacks=$4 has2 st
	shift 4
	# test_output writes NULs; the redirection keeps bash's
	# "Segmentation fault" notices out of the report.
	T_OUT=$(cd "$SOLO5/tests" &&
		(timeout --foreground 60s "$SPT" --mem=2 "$@" 2>&1 </dev/null |
		 tr -d '\000'; exit "${PIPESTATUS[0]}") 2>/dev/null)
	st=$?
	case $want in
	success) want=0 has2=SUCCESS ;;
	abort) want=255 has2=ABORT ;;
	*) has2= ;;
	esac
	if [ "$st" != "$want" ]; then
		t_fail "$LABEL: $name" "status $st, want $want: $(tail -2 <<<"$T_OUT" | tr '\n' '|')"
	elif [[ "$T_OUT" != *"$has"* || "$T_OUT" != *"$has2"* ]]; then
		t_fail "$LABEL: $name" "output lacks '$has$has2': $(tail -2 <<<"$T_OUT" | tr '\n' '|')"
	elif [ -n "$lacks" ] && [[ "$T_OUT" == *"$lacks"* ]]; then
		t_fail "$LABEL: $name" "output has '$lacks'"
	else
		t_ok "$LABEL: $name"
	fi
}

# solo5_tests: the 24 spt cases of tests.bats on $SPT, named $LABEL.
solo5_tests() {
	local img=$TMP/storage.img i p1 devs=()

	scase hello success '' '' test_hello/test_hello.spt Hello_Solo5
	scase quiet success '' Solo5: -- test_quiet/test_quiet.spt --solo5:quiet
	scase output 0 '' '' test_output/test_output.spt Output_Solo5
	scase globals success '' '' test_globals/test_globals.spt
	scase exception 139 '' '' test_exception/test_exception.spt
	scase zeropage 139 '' '' test_zeropage/test_zeropage.spt
	scase xnow 139 '' '' test_xnow/test_xnow.spt
	scase wnox 139 '' '' test_wnox/test_wnox.spt
	scase notls 139 '' '' test_notls/test_notls.spt
	scase tls success '' '' test_tls/test_tls.spt
	scase ssp abort '' '' test_ssp/test_ssp.spt
	scase fpu success '' '' test_fpu/test_fpu.spt
	scase time success '' '' test_time/test_time.spt
	scase seccomp 159 '' '' test_seccomp/test_seccomp.spt

	dd if=/dev/zero of="$img" bs=4k count=1024 status=none
	scase blk success '' '' --block:storage="$img" -- test_blk/test_blk.spt
	scase "blk block-sector-size=4096" success '' '' --block:storage="$img" \
		--block-sector-size:storage=4096 -- test_blk/test_blk.spt
	dd if=/dev/zero of="$img" bs=2k count=3 status=none
	scase "blk misaligned" 1 "Backing storage size must be block aligned" '' \
		--block:storage="$img" --block-sector-size:storage=4096 \
		-- test_blk/test_blk.spt
	dd if=/dev/zero of="$img" bs=521 count=3 status=none
	scase "blk odd" 1 "Block size must be a multiple of 2" '' \
		--block:storage="$img" --block-sector-size:storage=521 \
		-- test_blk/test_blk.spt
	dd if=/dev/zero of="$img" bs=256 count=1 status=none
	scase "blk too small" 1 \
		"Block size must be a multiple of 2 greater than or equal 512" '' \
		--block:storage="$img" --block-sector-size:storage=256 \
		-- test_blk/test_blk.spt

	bg bash -c 'sleep 1; timeout 60s ping -fq -c 100000 10.0.0.2'
	scase net success '' '' --net:service0=tap100 -- test_net/test_net.spt limit
	kill -KILL "$BG" 2>/dev/null
	bg bash -c 'sleep 1; timeout 60s ping -fq -c 50000 10.0.0.2'
	p1=$BG
	bg bash -c 'sleep 1; timeout 60s ping -fq -c 50000 10.1.0.2'
	scase net_2if success '' '' --net:service0=tap100 --net:service1=tap101 \
		-- test_net_2if/test_net_2if.spt limit
	kill -KILL "$p1" "$BG" 2>/dev/null
	scase net_mtu success "MTU is 9000" '' --net:service0=tap102 \
		-- test_net_mtu/test_net_mtu.spt
	bg bash -c 'sleep 1; timeout 60s ping -fq -c 10000 -p deadbeef 10.0.0.2'
	scase net_ring success '' '' --net:service0=tap100 \
		-- test_net_ring/test_net_ring.spt
	kill -KILL "$BG" 2>/dev/null

	for i in $(seq 0 62); do
		dd if=/dev/zero of="$TMP/storage$i.img" bs=4k count=1 status=none
		devs+=("--block:storage$i=$TMP/storage$i.img")
	done
	scase mft_maxdevices success '' '' "${devs[@]}" \
		-- test_mft_maxdevices/test_mft_maxdevices.spt
	rm -f "$TMP"/storage*.img
}

echo "== Solo5's spt tests on solo5-spt (baseline)"
SPT=$SSPT LABEL=solo5-spt solo5_tests
base=$T_PASS/$((T_PASS + T_FAIL))
P0=$T_PASS F0=$T_FAIL
echo "== Solo5's spt tests on nablux-spt"
SPT=$NSPT LABEL=nablux-spt solo5_tests
solo5_on_nablux=$((T_PASS - P0))/$((T_PASS - P0 + T_FAIL - F0))

# ---- 2. our unikernels on solo5-spt -------------------------------------
P0=$T_PASS F0=$T_FAIL
echo "== tests/sandbox on solo5-spt"
out=$(NABLUX_SPT=$SSPT bash "$ROOT/tests/sandbox/run.sh" 2>&1)
grep -v '^ok ' <<<"$out"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -1)
T_PASS=$((T_PASS + ${line%% passed*}))
f=${line#*passed, }
T_FAIL=$((T_FAIL + ${f%% failed*}))
[ -n "$line" ] || t_fail sandbox "no summary line"

echo "== our device and hostile-test unikernels on solo5-spt"
D=$BUILD/tests/devices
S=$SSPT
truncate -s 1M "$TMP/disk.img"
t_run fixture 0 "fixture cmdline: a b" \
	"$S" --mem=16 --block:disk="$TMP/disk.img" --net:net=tap100 \
	"$BUILD/tests/hostile/fixture.spt" a b
truncate -s 1M "$TMP/d512.img"
t_run blk-512 0 '^SUCCESS' "$S" --block:storage="$TMP/d512.img" \
	"$D/blk.spt" bs=512 capacity=1048576 all=1 fresh=1
truncate -s 4M "$TMP/d4096.img"
t_run blk-4096 0 '^SUCCESS' "$S" --block:storage="$TMP/d4096.img" \
	--block-sector-size:storage=4096 "$D/blk.spt" bs=4096 \
	capacity=4194304 all=1
md=()
for i in $(seq 0 62); do
	truncate -s 512 "$TMP/md$i.img"
	md+=("--block:storage$i=$TMP/md$i.img")
done
t_run maxdevices-63 0 '^SUCCESS' "$S" "${md[@]}" "$D/maxdevices.spt"

# net_case NAME PING-ARGS... -- TENDER-ARGS...: the unikernel answers
# pings (3 per address) and exits 0 with SUCCESS.
net_case() {
	local name=$1 pings=() args=() ok=0
	shift
	while [ "$1" != -- ]; do pings+=("$1"); shift; done
	shift
	args=("$@")
	"$S" "${args[@]}" >"$TMP/net.out" 2>&1 </dev/null &
	local tpid=$!
	PIDS+=("$tpid")
	for ((i = 0; i < 100; i++)); do
		grep -q serving "$TMP/net.out" && break
		sleep 0.05
	done
	# Each entry is ping options and an address: split on purpose.
	for a in "${pings[@]}"; do
		# shellcheck disable=SC2086
		timeout -s KILL 15 ping -q -c 3 -i 0.2 -W 2 $a >/dev/null 2>&1 || ok=1
	done
	for ((i = 0; i < 300; i++)); do
		kill -0 "$tpid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$tpid" 2>/dev/null
	wait "$tpid" 2>/dev/null
	local st=$?
	if [ "$ok" != 0 ] || [ "$st" != 0 ] || ! grep -q '^SUCCESS' "$TMP/net.out"; then
		t_fail "$name" "status $st, pings ok=$ok: $(tail -3 "$TMP/net.out" | tr '\n' '|')"
	else
		t_ok "$name"
	fi
}
net_case net 10.0.0.2 -- --net:service0=tap100 "$D/net.spt" \
	service0=10.0.0.2 count=3 timeout=20
net_case net-2if 10.0.0.2 10.1.0.2 -- --net:service0=tap100 \
	--net:service1=tap101 "$D/net_2if.spt" service0=10.0.0.2 \
	service1=10.1.0.2 count=3 timeout=20
net_case net-mtu9000 "-s 8000 -M do 10.2.0.2" -- --net:service0=tap102 \
	"$D/net.spt" service0=10.2.0.2 count=3 minsize=8000 timeout=20
# A guest that asks for net offload: solo5-spt ignores the nablux note,
# and the guest keeps plain frames (hdr 0).
net_case net-offload-asked 10.0.0.2 -- --net:service0=tap100 \
	"$D/net_vnet.spt" service0=10.0.0.2 count=3 timeout=20
grep -q 'hdr 0$' "$TMP/net.out"
check net-offload-asked-plain $? "the guest saw: $(grep serving "$TMP/net.out")"

echo "== Linux unikernels on solo5-spt"
if [ -f "$BUILD/tests/unikernel/kboot.spt" ]; then
	T_TIMEOUT=60 t_run linux-kboot 0 SUCCESS "$S" --mem=128 \
		"$BUILD/tests/unikernel/kboot.spt"
else
	t_skip linux-kboot "not built"
fi
if [ -f "$BUILD/demo/demo.spt" ] && command -v mke2fs >/dev/null; then
	img=$TMP/rootfs.img
	mke2fs -q -t ext4 -d "$ROOT/demo/rootfs" "$img" 16M >/dev/null
	T_TIMEOUT=60 t_run linux-demo 0 'wrote /from-unikernel.txt' \
		"$S" --mem=128 --block:rootfs="$img" "$BUILD/demo/demo.spt" --solo5:quiet
	debugfs -R 'cat /from-unikernel.txt' "$img" 2>/dev/null | grep -q 'written by pid 1'
	check linux-demo-file $? "/from-unikernel.txt is not in the image"
	e2fsck -fn "$img" >/dev/null 2>&1
	check linux-demo-fsck $? "e2fsck finds errors"
else
	t_skip linux-demo "demo.spt or mke2fs missing"
fi
# A Linux unikernel, which asks for net offload, on solo5-spt's plain tap:
# a TCP echo of 16 MiB each way, compared by SHA-256.
if [ -f "$BUILD/tests/unikernel/knet.spt" ] && command -v python3 >/dev/null; then
	"$S" --mem=128 --net:tap=tap100 "$BUILD/tests/unikernel/knet.spt" \
		10.0.0.2/24 1 >"$TMP/knet.out" 2>&1 </dev/null &
	kpid=$!
	PIDS+=("$kpid")
	t_wait_for "$TMP/knet.out" '^ready'
	got=$(timeout 60 python3 "$ROOT/tests/tools/tcp_echo_check.py" \
		10.0.0.2 7777 sha256 16 2>&1)
	[ "${got#sha256 match}" != "$got" ]
	check linux-knet-plain-16MiB-sha256 $? "$got"
	timeout 20 tail --pid="$kpid" -f /dev/null
	wait "$kpid"
	check linux-knet-exit $? "$(tail -3 "$TMP/knet.out" | tr '\n' '|')"
else
	t_skip linux-knet "knet.spt or python3 missing"
fi
ours_on_solo5=$((T_PASS - P0))/$((T_PASS - P0 + T_FAIL - F0))

# ---- 3. hostile mutations on both tenders -------------------------------
# Differences on purpose (tender/README.md): we refuse (1) what Solo5 runs
# or lets fault, and run what Solo5 aborts on.
declare -A KNOWN=([entry-data]="139 1" [bss-beyond]="0 1" [bss-below]="0 1"
	[dup-abi-segment]="0 1" [mft-props]="134 0" [nablux-small]="0 1"
	[nablux-huge]="0 1" [nablux-long]="0 1" [nablux-dup-segment]="0 1"
	[preempt-unaligned]="0 1" [preempt-text]="0 1" [preempt-entry]="0 1")
echo "== tests/hostile mutations: solo5-spt and nablux-spt agree"
P0=$T_PASS F0=$T_FAIL
MUT=$BUILD/tests/hostile/mutate
for k in $("$MUT" list); do
	f=$TMP/$k.spt
	if [ "$k" = mft-props ]; then in=$D/blk.spt; args=(--block:storage="$TMP/d512.img")
	else in=$BUILD/tests/hostile/fixture.spt
		args=(--block:disk="$TMP/disk.img" --net:net=tap100)
	fi
	"$MUT" "$k" "$in" "$f" || { t_fail "mutation $k" "mutate failed"; continue; }
	# The braces keep bash's "Segmentation fault" notices quiet.
	{ timeout -s KILL 10 "$SSPT" --mem=16 "${args[@]}" "$f" bs=512 \
		>/dev/null 2>&1 </dev/null; } 2>/dev/null
	s=$?
	{ timeout -s KILL 10 "$NSPT" --mem=16 "${args[@]}" "$f" bs=512 \
		>/dev/null 2>&1 </dev/null; } 2>/dev/null
	n=$?
	if [ "$s" = "$n" ]; then
		t_ok "mutation $k: both $s"
	elif [ "${KNOWN[$k]:-}" = "$s $n" ]; then
		t_ok "mutation $k: solo5-spt $s, nablux-spt $n (documented)"
	else
		t_fail "mutation $k" "solo5-spt $s, nablux-spt $n"
	fi
done
mutations=$((T_PASS - P0))/$((T_PASS - P0 + T_FAIL - F0))

echo "== summary"
echo "Solo5 spt tests on solo5-spt (baseline): $base"
echo "Solo5 spt tests on nablux-spt: $solo5_on_nablux"
echo "our unikernels on solo5-spt: $ours_on_solo5"
echo "hostile mutations, same answer or documented: $mutations"
t_summary
