#!/bin/bash
# Device tests on the posix host (tests/linux-dev/kdev.c):
#   ext4-<sector>-*  an ext4 image made with mke2fs -d, mounted through
#                    /dev/vda (block device on the image file), read,
#                    written, unmounted; then e2fsck -fn on the host and
#                    debugfs show the kernel's files
#   net-*            eth0 on a tap inside a network namespace this script
#                    creates (nablux-t<pid>-dev) and removes: ping, TCP
#                    echo, 16 MiB through the echo server byte-exact
#   vnet-*           eth0 on a fake device with the net offload header:
#                    hostile headers and lengths dropped and counted, the
#                    valid frames around them delivered, sent frames with
#                    a header (no tap, no namespace)
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1

K=$BUILD/tests/linux-dev/kdev
TMP=$(mktemp -d /tmp/nablux-linux-dev.XXXXXX) || exit 1
KPID=

cleanup() {
	[ -n "$KPID" ] && kill -KILL "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null
	t_ns_cleanup
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -x "$K" ]; then
	t_fail build "no $K: run make"
	t_summary
	exit
fi

# t_figure NAME: the value of a "NAME VALUE" line of $T_OUT.
t_figure() { sed -nE "s/^$1 ([0-9.]+)$/\\1/p" <<<"$T_OUT" | head -1; }

# The pattern kdev writes to /newdir/big.bin: byte o is o*7 + o/4096.
make_pattern() {
	python3 -c '
import sys
mib = int(sys.argv[1]); out = sys.stdout.buffer
# Within a 4 KiB block k the bytes are (o * 7 + k) mod 256, period 256.
base = bytes((j * 7) & 255 for j in range(256)) * 16
for k in range(mib * 256):
    out.write(base.translate(bytes((i + k) & 255 for i in range(256))))
' "$1"
}

# ------------------------------------------------------------------ ext4

if ! command -v mke2fs >/dev/null || ! command -v e2fsck >/dev/null ||
   ! command -v debugfs >/dev/null; then
	t_skip ext4 "e2fsprogs (mke2fs, e2fsck, debugfs) is not installed"
else
	MIB=16
	make_pattern $MIB >"$TMP/pattern"
	mkdir -p "$TMP/root/dir"
	echo "hello from the host" >"$TMP/root/hello.txt"
	echo "a" >"$TMP/root/dir/a.txt"
	for bs in 1024 4096; do
		img=$TMP/ext4-$bs.img
		# Sector size = block size at 4096; 512-byte sectors under 1 KiB
		# blocks.
		sector=$([ $bs = 4096 ] && echo 4096 || echo 512)
		rm -f "$img"
		if ! mke2fs -q -F -t ext4 -b $bs -d "$TMP/root" "$img" 64M \
			>"$TMP/mke2fs.out" 2>&1; then
			t_fail "ext4-$sector-mkfs" "$(tail -2 "$TMP/mke2fs.out" | tr '\n' '|')"
			continue
		fi
		t_run "ext4-$sector-kernel" 0 '^SUCCESS' timeout 60 "$K" ext4 "$img" $sector $MIB
		echo "$T_OUT" | grep -E '^(mount_ms|remount_ms|write_MBps|read_MBps) ' |
			sed "s/^/  ext4-$sector: /"
		if out=$(e2fsck -fn "$img" 2>&1); then
			t_ok "ext4-$sector-e2fsck-clean"
		else
			t_fail "ext4-$sector-e2fsck-clean" "$(tail -4 <<<"$out" | tr '\n' '|')"
		fi
		got=$(debugfs -R 'cat /new.txt' "$img" 2>/dev/null)
		if [ "$got" = "written by the nablux kernel" ]; then
			t_ok "ext4-$sector-new-file-on-host"
		else
			t_fail "ext4-$sector-new-file-on-host" "debugfs cat /new.txt: '$got'"
		fi
		ls=$(debugfs -R 'ls -l /dir' "$img" 2>/dev/null)
		if grep -q ' b.txt' <<<"$ls" && ! grep -q ' a.txt' <<<"$ls"; then
			t_ok "ext4-$sector-rename-on-host"
		else
			t_fail "ext4-$sector-rename-on-host" "$(tr '\n' '|' <<<"$ls")"
		fi
		rm -f "$TMP/big.bin"
		debugfs -R "dump /newdir/big.bin $TMP/big.bin" "$img" >/dev/null 2>&1
		if cmp -s "$TMP/big.bin" "$TMP/pattern"; then
			t_ok "ext4-$sector-big-file-on-host"
		else
			t_fail "ext4-$sector-big-file-on-host" "$(cmp "$TMP/big.bin" "$TMP/pattern" 2>&1 | head -1)"
		fi
	done
fi

# ------------------------------------------------------ net offload header

t_run vnet 0 '^SUCCESS' timeout 30 "$K" vnet
for c in vnet-bad-headers-counted vnet-bad-lengths-counted vnet-rx-packets \
	 vnet-tx-header; do
	if grep -q "^ok $c\$" <<<"$T_OUT"; then
		t_ok "$c"
	else
		t_fail "$c" "$(grep -m1 "$c" <<<"$T_OUT")"
	fi
done

# --------------------------------------------------------------- network

if ! command -v ping >/dev/null || ! command -v python3 >/dev/null; then
	net_why="ping or python3 is missing"
else
	net_why=$(t_net_why)
fi
NET_CHECKS="net-kernel-ready net-ping net-tcp-echo net-tcp-16MiB net-halt"
if [ -n "$net_why" ]; then
	for n in $NET_CHECKS; do t_skip "$n" "$net_why"; done
else
	# A failed set-up shows as failed checks below.
	t_ns_new dev && t_ns_tap tap0 10.0.0.1/24
	out=$TMP/net.out
	ip netns exec "$NS" timeout -s KILL 60 "$K" net tap0 2 >"$out" 2>&1 </dev/null &
	KPID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^ready' "$out" && break
		kill -0 "$KPID" 2>/dev/null || break
		sleep 0.05
	done
	why() { tail -3 "$out" | tr '\n' '|'; }
	if grep -q '^ready' "$out"; then
		t_ok net-kernel-ready
	else
		t_fail net-kernel-ready "$(why)"
	fi
	if p=$(ip netns exec "$NS" ping -c 5 -i 0.2 -W 2 10.0.0.2 2>&1); then
		t_ok net-ping
		echo "  net: ping rtt min/avg/max/mdev $(sed -nE 's/.*= ([0-9.\/]+) ms.*/\1/p' <<<"$p") ms"
	else
		t_fail net-ping "$(tail -2 <<<"$p" | tr '\n' '|')"
	fi
	# Two connections: a line, then 16 MiB, both echoed.
	if got=$(ip netns exec "$NS" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.0.0.2 7777 line "hello nablux" 2>&1) && [ "$got" = "hello nablux" ]; then
		t_ok net-tcp-echo
	else
		t_fail net-tcp-echo "got '$got'"
	fi
	if got=$(ip netns exec "$NS" timeout 30 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.0.0.2 7777 bulk 16 2>&1) && [ "${got%% *}" = exact ]; then
		t_ok net-tcp-16MiB
		echo "  net: TCP echo 16 MiB each way: ${got#exact }"
	else
		t_fail net-tcp-16MiB "$got"
	fi
	wait "$KPID"
	st=$?
	KPID=
	if [ $st -eq 0 ] && grep -q '^SUCCESS' "$out"; then
		t_ok net-halt
	else
		t_fail net-halt "status $st: $(why)"
	fi
fi
t_summary
