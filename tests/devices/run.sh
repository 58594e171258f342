#!/bin/bash
# Device tests of the sandbox: block devices (512 and 4096 byte sectors,
# refused requests, images the tender must refuse), network devices (an
# ICMP echo responder pinged from the host, two interfaces, MTU 9000,
# --net-mac, @FD, taps that are missing, down or busy; net offload
# negotiated: a guest that does not ask keeps plain frames, one that asks
# gets virtio_net_hdr frames unless the device is kept plain), a manifest with 63
# devices, and an strace check that only the spt allowlist is used once
# the seccomp filter is in place.
#
# Network tests run only inside network namespaces this script creates
# (nablux-t<pid>-<name>); taps and addresses live there and no traffic
# leaves them. Everything is removed on exit, also on failure.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1

HERE=$ROOT/tests/devices
D=$BUILD/tests/devices
SPT=$BIN/nablux-spt
TMP=$(mktemp -d /tmp/nablux-devices.XXXXXX) || exit 1
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

# t_refuse NAME CMD...: the tender must refuse with status 1 and an
# error on stderr of the form "nablux-spt: …".
t_refuse() {
	local name=$1
	shift
	timeout -s KILL 10 "$@" >"$TMP/refuse.out" 2>"$TMP/refuse.err" </dev/null
	local st=$? first
	first=$(head -1 "$TMP/refuse.err")
	if [ "$st" -ne 1 ]; then
		t_fail "$name" "status $st, want 1; stderr: $(head -3 "$TMP/refuse.err" | tr '\n' '|')"
	elif [[ "$first" != nablux-spt:* ]]; then
		t_fail "$name" "stderr does not start with 'nablux-spt:': $first"
	else
		t_ok "$name"
	fi
}

# t_check NAME CONDITION-COMMAND... WHY: passes when the command succeeds.
t_check() {
	local name=$1 why=${*: -1}
	local cmd=("${@:2:$#-2}")
	if "${cmd[@]}"; then t_ok "$name"; else t_fail "$name" "$why"; fi
}

# nonzero FILE: the file holds a byte other than NUL.
nonzero() { [ -n "$(tr -d '\000' <"$1" | head -c 1)" ]; }

missing=""
for f in "$SPT" "$D/blk.spt" "$D/blk_net.spt" "$D/net.spt" "$D/net_2if.spt" \
	 "$D/maxdevices.spt"; do
	[ -x "$f" ] || [ -f "$f" ] || missing="$missing ${f#"$ROOT"/}"
done
if [ -n "$missing" ]; then
	t_fail build "not built (run make):$missing"
	t_summary
	exit
fi

# ---------------------------------------------------------------- block

img=$TMP/disk512.img
truncate -s 1M "$img"
t_run blk-512-all 0 '^SUCCESS' \
	"$SPT" --block:storage="$img" "$D/blk.spt" bs=512 capacity=1048576 all=1 fresh=1
t_check blk-512-written nonzero "$img" "the image is still all zeros"

img=$TMP/disk4096.img
truncate -s 4M "$img"
t_run blk-4096-all 0 '^SUCCESS' \
	"$SPT" --block:storage="$img" --block-sector-size:storage=4096 \
	"$D/blk.spt" bs=4096 capacity=4194304 all=1
t_check blk-4096-written nonzero "$img" "the image is still all zeros"

# The same image seen with 512-byte sectors.
t_run blk-4096-image-as-512 0 '^SUCCESS' \
	"$SPT" --block:storage="$img" --block-sector-size:storage=512 \
	"$D/blk.spt" bs=512 capacity=4194304

img=$TMP/dd.img
dd if=/dev/zero of="$img" bs=4k count=1024 status=none
t_run blk-dd-image-512 0 '^SUCCESS' \
	"$SPT" --block:storage="$img" "$D/blk.spt" bs=512 capacity=4194304

# Large sparse images: first and last 64 blocks and a stride between;
# the untested blocks around them must still be zeros.
truncate -s 1G "$TMP/big512.img" "$TMP/big4096.img"
t_run blk-1g-512-stride 0 '^SUCCESS' \
	"$SPT" --block:storage="$TMP/big512.img" "$D/blk.spt" bs=512 \
	capacity=1073741824 fresh=1
t_run blk-1g-4096-stride 0 '^SUCCESS' \
	"$SPT" --block:storage="$TMP/big4096.img" \
	--block-sector-size:storage=4096 "$D/blk.spt" bs=4096 \
	capacity=1073741824 fresh=1

# Devices of exactly one block.
img=$TMP/one512.img
truncate -s 512 "$img"
t_run blk-one-block-512 0 '^SUCCESS' \
	"$SPT" --block:storage="$img" "$D/blk.spt" bs=512 capacity=512
img=$TMP/one4096.img
truncate -s 4096 "$img"
t_run blk-one-block-4096 0 '^SUCCESS' \
	"$SPT" --block:storage="$img" --block-sector-size:storage=4096 \
	"$D/blk.spt" bs=4096 capacity=4096

# Images and options the tender must refuse.
truncate -s 0 "$TMP/empty.img"
truncate -s 100 "$TMP/small100.img"
truncate -s 2048 "$TMP/small2048.img"
truncate -s 1000 "$TMP/odd1000.img"
truncate -s 6144 "$TMP/odd6144.img"
truncate -s 1M "$TMP/ok.img"
t_refuse blk-refuse-empty "$SPT" --block:storage="$TMP/empty.img" "$D/blk.spt"
t_refuse blk-refuse-empty-4096 "$SPT" --block:storage="$TMP/empty.img" \
	--block-sector-size:storage=4096 "$D/blk.spt"
t_refuse blk-refuse-too-small-512 "$SPT" --block:storage="$TMP/small100.img" \
	"$D/blk.spt"
t_refuse blk-refuse-too-small-4096 "$SPT" --block:storage="$TMP/small2048.img" \
	--block-sector-size:storage=4096 "$D/blk.spt"
t_refuse blk-refuse-not-multiple-512 "$SPT" --block:storage="$TMP/odd1000.img" \
	"$D/blk.spt"
t_refuse blk-refuse-not-multiple-4096 "$SPT" --block:storage="$TMP/odd6144.img" \
	--block-sector-size:storage=4096 "$D/blk.spt"
t_refuse blk-refuse-missing-file "$SPT" --block:storage="$TMP/nosuch.img" \
	"$D/blk.spt"
t_refuse blk-refuse-directory "$SPT" --block:storage="$TMP" "$D/blk.spt"
t_refuse blk-refuse-not-attached "$SPT" "$D/blk.spt"
t_refuse blk-refuse-undeclared "$SPT" --block:storage="$TMP/ok.img" \
	--block:other="$TMP/ok.img" "$D/blk.spt"
# (outside a namespace, so the interface named is one that cannot exist)
t_refuse blk-refuse-net-option-for-block "$SPT" --block:storage="$TMP/ok.img" \
	--net:storage=nablxnotap0 "$D/blk.spt"
t_refuse blk-refuse-sector-1000 "$SPT" --block:storage="$TMP/ok.img" \
	--block-sector-size:storage=1000 "$D/blk.spt"
t_refuse blk-refuse-sector-256 "$SPT" --block:storage="$TMP/ok.img" \
	--block-sector-size:storage=256 "$D/blk.spt"

# ----------------------------------------------------------- maxdevices

md_args=()
for i in $(seq 0 62); do
	truncate -s 512 "$TMP/md$i.img"
	md_args+=("--block:storage$i=$TMP/md$i.img")
done
t_run maxdevices-63 0 '^SUCCESS' "$SPT" "${md_args[@]}" "$D/maxdevices.spt"
md_bad=""
for i in $(seq 0 62); do
	[ "$(head -1 "$TMP/md$i.img" | tr -d '\000')" = "nablux maxdevices storage$i" ] ||
		md_bad="$md_bad storage$i"
done
if [ -z "$md_bad" ]; then
	t_ok maxdevices-each-image-written
else
	t_fail maxdevices-each-image-written "wrong contents in:$md_bad"
fi
t_refuse maxdevices-refuse-one-missing "$SPT" "${md_args[@]:1}" \
	"$D/maxdevices.spt"

{
	printf '{"type":"solo5.manifest","version":1,"devices":['
	for i in $(seq 0 63); do
		[ "$i" -gt 0 ] && printf ','
		printf '{"name":"storage%d","type":"BLOCK_BASIC"}' "$i"
	done
	printf ']}\n'
} >"$TMP/mft64.json"
t_run maxdevices-64-refused-by-elftool 1 'maximum 63' \
	"$BIN/nablux-elftool" gen-manifest "$TMP/mft64.json" "$TMP/mft64.c"

# -------------------------------------------------------------- network

if ! command -v ping >/dev/null 2>&1; then
	net_why="ping (iputils-ping) is missing"
else
	net_why=$(t_net_why)
fi

# start_tender OUT ARGS...: runs nablux-spt in $NS in the background;
# sets $TPID.
start_tender() {
	local out=$1
	shift
	# No timeout wrapper: $TPID is the tender itself (ip netns exec
	# executes it), so killing it leaves nothing behind; the unikernel's
	# own timeout and finish_tender bound its run.
	ip netns exec "$NS" "$SPT" "$@" >"$out" 2>&1 </dev/null &
	TPID=$!
	PIDS+=("$TPID")
}

# wait_output FILE REGEX COUNT SECONDS: until FILE has COUNT matching lines.
wait_output() {
	local i
	for ((i = 0; i < $4 * 20; i++)); do
		[ "$(grep -cE -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
		kill -0 "$TPID" 2>/dev/null || break
		sleep 0.05
	done
	[ "$(grep -cE -- "$2" "$1" 2>/dev/null)" -ge "$3" ]
}

# finish_tender NAME OUT: waits for the tender (at most 15 s) and checks
# exit status 0 and SUCCESS.
finish_tender() {
	local name=$1 out=$2 st i
	for ((i = 0; i < 300; i++)); do
		kill -0 "$TPID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$TPID" 2>/dev/null
	wait "$TPID"
	st=$?
	if [ "$st" -ne 0 ]; then
		t_fail "$name" "status $st, want 0; output: $(tail -4 "$out" | tr '\n' '|')"
	elif ! grep -q '^SUCCESS' "$out"; then
		t_fail "$name" "no SUCCESS; output: $(tail -4 "$out" | tr '\n' '|')"
	else
		t_ok "$name"
	fi
}

# t_ping NAME ARGS...: ping from inside $NS; passes when every request
# got its reply.
t_ping() {
	local name=$1
	shift
	if ip netns exec "$NS" timeout -s KILL 15 ping -q "$@" \
		>"$TMP/ping.out" 2>&1; then
		t_ok "$name"
	else
		t_fail "$name" "$(grep -E 'transmitted|error|unreachable' "$TMP/ping.out" | head -2 | tr '\n' '|')"
	fi
}

NET_TESTS="net-ping net-ping-unikernel net-mtu1500-reported
net-offload-not-asked-plain net-offload-ping net-offload-unikernel
net-offload-granted net-offload-tap-vnet net-offload-off-ping
net-offload-off-unikernel net-offload-off-plain net-offload-fd-ping
net-offload-fd-unikernel net-offload-fd-granted
net-offload-refuse-vnet-fd-plain-guest net-offload-refuse-bad-value
net-mtu9000-ping-8000 net-mtu9000-unikernel net-mtu9000-reported net-mac
net-2if-ping-service0 net-2if-ping-service1 net-2if-unikernel net-fd-ping
net-fd-unikernel net-refuse-no-such-tap net-refuse-tap-down
net-refuse-same-tap-twice net-refuse-not-attached net-refuse-bad-mac
net-refuse-bad-fd strace-allowlist"

if [ -n "$net_why" ]; then
	for t in $NET_TESTS; do
		t_skip "$t" "$net_why"
	done
	t_summary
	exit
fi

# tap_vnet on|off [TAP]: whether the tap in $NS has IFF_VNET_HDR now.
tap_vnet() {
	ip -n "$NS" -d link show "${2:-tap0}" | grep -q "vnet_hdr $1"
}

# One interface, MTU 1500: three pings answered, then exit 0.
if t_ns_new ping && t_ns_tap tap0 10.0.0.1/24; then
	out=$TMP/net-ping.out
	start_tender "$out" --net:service0=tap0 "$D/net.spt" \
		service0=10.0.0.2 count=3 timeout=20
	if wait_output "$out" 'serving 10\.0\.0\.2' 1 5; then
		# A Solo5 guest (no nablux note word): plain frames.
		t_check net-offload-not-asked-plain tap_vnet off
		t_ping net-ping -c 3 -i 0.2 -W 2 10.0.0.2
	else
		t_fail net-ping "the unikernel did not start: $(tail -3 "$out" | tr '\n' '|')"
	fi
	finish_tender net-ping-unikernel "$out"
	t_check net-mtu1500-reported grep -q 'mtu 1500 ' "$out" \
		"the unikernel did not see MTU 1500"
else
	t_fail net-ping "could not set up namespace $NS with tap0"
fi

# MTU 9000: pings with 8000 bytes of data, unfragmented; --net-mac (seen
# in the host's neighbour table while the unikernel still runs: a fourth
# ping then lets it finish).
if t_ns_new mtu && t_ns_tap tap0 10.0.0.1/24 9000; then
	out=$TMP/net-mtu.out
	mac=02:4e:42:00:90:00
	start_tender "$out" --net:service0=tap0 --net-mac:service0=$mac \
		"$D/net.spt" service0=10.0.0.2 count=4 minsize=8000 timeout=20
	if wait_output "$out" 'serving 10\.0\.0\.2' 1 5; then
		t_ping net-mtu9000-ping-8000 -c 3 -i 0.2 -W 2 -s 8000 -M do 10.0.0.2
		neigh=$(ip -n "$NS" neigh show 10.0.0.2)
		if grep -q "mac $mac " "$out" && grep -qi "lladdr $mac" <<<"$neigh"; then
			t_ok net-mac
		else
			t_fail net-mac "$mac not used: $(grep serving "$out"); neighbour: $neigh"
		fi
		ip netns exec "$NS" timeout -s KILL 5 ping -q -c 1 -W 2 -s 8000 \
			-M do 10.0.0.2 >/dev/null 2>&1
	else
		t_fail net-mtu9000-ping-8000 "the unikernel did not start: $(tail -3 "$out" | tr '\n' '|')"
		t_fail net-mac "the unikernel did not start"
	fi
	finish_tender net-mtu9000-unikernel "$out"
	t_check net-mtu9000-reported grep -q 'mtu 9000 ' "$out" \
		"the unikernel did not see MTU 9000: $(grep serving "$out")"
else
	t_fail net-mtu9000-ping-8000 "could not set up namespace $NS with tap0"
fi

# Two interfaces on two subnets, pinged at the same time.
if t_ns_new 2if && t_ns_tap tap0 10.0.0.1/24 && t_ns_tap tap1 10.1.0.1/24; then
	out=$TMP/net-2if.out
	start_tender "$out" --net:service0=tap0 --net:service1=tap1 \
		"$D/net_2if.spt" service0=10.0.0.2 service1=10.1.0.2 count=3 \
		timeout=20
	if wait_output "$out" 'serving 10\.[01]\.0\.2' 2 5; then
		ip netns exec "$NS" timeout -s KILL 15 ping -q -c 3 -i 0.2 -W 2 \
			10.1.0.2 >"$TMP/ping1.out" 2>&1 &
		p1=$!
		PIDS+=("$p1")
		t_ping net-2if-ping-service0 -c 3 -i 0.2 -W 2 10.0.0.2
		if wait "$p1"; then
			t_ok net-2if-ping-service1
		else
			t_fail net-2if-ping-service1 "$(grep transmitted "$TMP/ping1.out")"
		fi
	else
		t_fail net-2if-ping-service0 "the unikernel did not start: $(tail -3 "$out" | tr '\n' '|')"
		t_fail net-2if-ping-service1 "the unikernel did not start"
	fi
	finish_tender net-2if-unikernel "$out"
else
	t_fail net-2if-ping-service0 "could not set up namespace $NS with tap0 and tap1"
fi

# --net:service0=@FD: a tap opened by the caller and passed as a descriptor.
if ! command -v python3 >/dev/null 2>&1; then
	t_skip net-fd-ping "python3 is needed to open a tap descriptor"
	t_skip net-fd-unikernel "python3 is needed to open a tap descriptor"
elif t_ns_new fd && t_ns_tap tap0 10.0.0.1/24; then
	out=$TMP/net-fd.out
	ip netns exec "$NS" python3 -c '
import fcntl, os, struct, sys
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH22x", b"tap0", 0x0002 | 0x1000))
os.set_inheritable(fd, True)
args = [a.replace("@FD", "@%d" % fd) for a in sys.argv[1:]]
os.execv(args[0], args)
' "$SPT" --net:service0=@FD "$D/net.spt" service0=10.0.0.2 count=3 \
		timeout=20 >"$out" 2>&1 </dev/null &
	TPID=$!
	PIDS+=("$TPID")
	if wait_output "$out" 'serving 10\.0\.0\.2' 1 5; then
		t_ping net-fd-ping -c 3 -i 0.2 -W 2 10.0.0.2
	else
		t_fail net-fd-ping "the unikernel did not start: $(tail -3 "$out" | tr '\n' '|')"
	fi
	finish_tender net-fd-unikernel "$out"
else
	t_fail net-fd-ping "could not set up namespace $NS with tap0"
fi

# Net offload (include/nablux_spt_abi.h), negotiated: net_vnet.spt asks,
# gets "hdr 10" and a tap with IFF_VNET_HDR, and answers pings through
# the header both ways; kept plain (--net-offload:NAME=off, as on
# solo5-spt) it gets "hdr 0" and plain frames and still answers.
if t_ns_new vnet && t_ns_tap tap0 10.0.0.1/24; then
	out=$TMP/net-vnet.out
	start_tender "$out" --net:service0=tap0 "$D/net_vnet.spt" \
		service0=10.0.0.2 count=3 timeout=20
	if wait_output "$out" 'serving 10\.0\.0\.2' 1 5; then
		t_check net-offload-tap-vnet tap_vnet on
		t_ping net-offload-ping -c 3 -i 0.2 -W 2 10.0.0.2
	else
		t_fail net-offload-ping "the unikernel did not start: $(tail -3 "$out" | tr '\n' '|')"
	fi
	finish_tender net-offload-unikernel "$out"
	t_check net-offload-granted grep -q 'mtu 1500 handle [0-9]* hdr 10$' \
		"$out" "not granted: $(grep serving "$out")"

	out=$TMP/net-vnet-off.out
	start_tender "$out" --net-offload:service0=off --net:service0=tap0 \
		"$D/net_vnet.spt" service0=10.0.0.2 count=3 timeout=20
	plain_tap=
	if wait_output "$out" 'serving 10\.0\.0\.2' 1 5; then
		tap_vnet off && plain_tap=1
		t_ping net-offload-off-ping -c 3 -i 0.2 -W 2 10.0.0.2
	else
		t_fail net-offload-off-ping "the unikernel did not start: $(tail -3 "$out" | tr '\n' '|')"
	fi
	finish_tender net-offload-off-unikernel "$out"
	t_check net-offload-off-plain eval '[ -n "$plain_tap" ] && grep -q "hdr 0$" "$out"' \
		"tap vnet_hdr off: ${plain_tap:-no}; the guest saw: $(grep serving "$out")"

	# A tap descriptor opened with IFF_VNET_HDR (0x4000): the framing is
	# its opener's; a guest that asks gets it, a plain one is refused.
	vnet_py='
import fcntl, os, struct, sys
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH22x", b"tap0", 0x0002 | 0x1000 | 0x4000))
os.set_inheritable(fd, True)
args = [a.replace("@FD", "@%d" % fd) for a in sys.argv[1:]]
os.execv(args[0], args)
'
	out=$TMP/net-vnet-fd.out
	ip netns exec "$NS" python3 -c "$vnet_py" "$SPT" --net:service0=@FD \
		"$D/net_vnet.spt" service0=10.0.0.2 count=3 timeout=20 \
		>"$out" 2>&1 </dev/null &
	TPID=$!
	PIDS+=("$TPID")
	if wait_output "$out" 'serving 10\.0\.0\.2' 1 5; then
		t_ping net-offload-fd-ping -c 3 -i 0.2 -W 2 10.0.0.2
	else
		t_fail net-offload-fd-ping "the unikernel did not start: $(tail -3 "$out" | tr '\n' '|')"
	fi
	finish_tender net-offload-fd-unikernel "$out"
	t_check net-offload-fd-granted grep -q 'hdr 10$' "$out" \
		"not granted: $(grep serving "$out")"
	t_run net-offload-refuse-vnet-fd-plain-guest 1 \
		'opened with IFF_VNET_HDR, and the guest has plain frames' \
		ip netns exec "$NS" python3 -c "$vnet_py" "$SPT" \
		--net:service0=@FD "$D/net.spt" service0=10.0.0.2
	t_run net-offload-refuse-bad-value 1 "'maybe' is not on or off" \
		ip netns exec "$NS" "$SPT" --net-offload:service0=maybe \
		--net:service0=tap0 "$D/net_vnet.spt" service0=10.0.0.2
else
	t_fail net-offload-ping "could not set up namespace $NS with tap0"
fi

# Taps the tender must refuse (tapdown is made but never brought up).
if t_ns_new refuse && t_ns_tap tap0 10.0.0.1/24 &&
	ip -n "$NS" tuntap add dev tapdown mode tap; then
	t_refuse net-refuse-no-such-tap ip netns exec "$NS" "$SPT" \
		--net:service0=nosuchtap0 "$D/net.spt" service0=10.0.0.2
	t_refuse net-refuse-tap-down ip netns exec "$NS" "$SPT" \
		--net:service0=tapdown "$D/net.spt" service0=10.0.0.2
	t_refuse net-refuse-same-tap-twice ip netns exec "$NS" "$SPT" \
		--net:service0=tap0 --net:service1=tap0 "$D/net_2if.spt" \
		service0=10.0.0.2 service1=10.1.0.2
	t_refuse net-refuse-not-attached ip netns exec "$NS" "$SPT" \
		--net:service0=tap0 "$D/net_2if.spt" service0=10.0.0.2
	t_refuse net-refuse-bad-mac ip netns exec "$NS" "$SPT" \
		--net:service0=tap0 --net-mac:service0=02:00:00:00:00 \
		"$D/net.spt" service0=10.0.0.2
	t_refuse net-refuse-bad-fd ip netns exec "$NS" "$SPT" \
		--net:service0=@x "$D/net.spt" service0=10.0.0.2
else
	t_fail net-refuse-no-such-tap "could not set up namespace $NS"
fi

# After the filter is installed, only the spt allowlist (one block and
# one net device in use).
if ! command -v strace >/dev/null 2>&1; then
	t_skip strace-allowlist "strace is not installed (apt-get install strace)"
elif t_ns_new strace && t_ns_tap tap0 10.0.0.1/24; then
	truncate -s 1M "$TMP/strace.img"
	t_run strace-allowlist 0 'strace-check: ok' \
		ip netns exec "$NS" bash "$HERE/strace-check.sh" \
		"$SPT" --block:storage="$TMP/strace.img" --net:service0=tap0 \
		"$D/blk_net.spt" net=1
	[ "$T_STATUS" -ne 0 ] && echo "$T_OUT" | grep 'strace-check' | sed 's/^/    /'
else
	t_fail strace-allowlist "could not set up namespace $NS with tap0"
fi

t_summary
