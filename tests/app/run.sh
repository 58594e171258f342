#!/bin/bash
# The Linux unikernel start-up (linux/app): options, argv/env, exit status,
# the ext4 root, the network; and the README's demo.
. "$(dirname "$0")/../lib.sh"

SPT=$BIN/nablux-spt
A=$BUILD/tests/app
T=$(mktemp -d)
trap 't_ns_cleanup; rm -rf "$T"' EXIT
mkdir -p "$T/root/etc"
echo app-test-host >"$T/root/etc/hostname"
mke2fs -q -t ext4 -d "$T/root" "$T/root.img" 8M >/dev/null
dd if=/dev/zero of="$T/zero.img" bs=1M count=8 status=none
D=(--mem=128 --block:rootfs="$T/root.img")

t_run status-passthrough 7 "argv: status" "$SPT" "${D[@]}" "$A/app-disk.spt" nablux.root=none status 7
t_run status-zero 0 "" "$SPT" "${D[@]}" "$A/app-disk.spt" nablux.root=none status 0
t_run argv-env 0 "envp: GREETING=hello world" "$SPT" "${D[@]}" "$A/app-disk.spt" \
	"GREETING='hello world'" nablux.root=none status 0 "'one arg'"
grep -q "^argv: one arg$" <<<"$T_OUT" && t_ok argv-quoted || t_fail argv-quoted "$T_OUT"
t_run unknown-option 1 "unknown start-up option: nablux.bogus=1" "$SPT" "${D[@]}" "$A/app-disk.spt" nablux.bogus=1 status 0
t_run mem-too-small 1 "nablux.mem wants MiB" "$SPT" "${D[@]}" "$A/app-disk.spt" nablux.mem=8 status 0
t_run root-disk 0 "hostname: app-test-host" "$SPT" "${D[@]}" "$A/app-disk.spt" disk
if debugfs -R 'cat /app.txt' "$T/root.img" 2>/dev/null | grep -q "written through linux/app" &&
	e2fsck -fn "$T/root.img" >/dev/null 2>&1; then
	t_ok root-disk-clean-on-host
else
	t_fail root-disk-clean-on-host "$(e2fsck -fn "$T/root.img" 2>&1 | tail -2 | tr '\n' '|')"
fi
t_run leave-open 0 "left open" "$SPT" "${D[@]}" "$A/app-disk.spt" leave-open
if e2fsck -fn "$T/root.img" >/dev/null 2>&1 &&
	! dumpe2fs -h "$T/root.img" 2>/dev/null | grep -q needs_recovery; then
	t_ok leave-open-image-clean
else
	t_fail leave-open-image-clean "$(e2fsck -fn "$T/root.img" 2>&1 | tail -2 | tr '\n' '|')"
fi
t_run gw-without-ip 1 "nablux.gw needs nablux.ip" "$SPT" "${D[@]}" "$A/app-disk.spt" nablux.gw=10.0.0.1 status 0
t_run root-not-ext4 1 "mounting the root file system" "$SPT" --mem=128 --block:rootfs="$T/zero.img" "$A/app-disk.spt" disk
t_run ip-without-tap 1 "nablux.ip needs the net device 'tap'" "$SPT" "${D[@]}" "$A/app-disk.spt" nablux.ip=10.0.0.2/24 status 0

# The network, inside a namespace this test makes.
why=$(t_net_why)
if [ -z "$why" ]; then
	# A failed set-up shows as failed checks below.
	t_ns_new app && t_ns_tap tap0 10.0.0.1/24
	N=("$SPT" --mem=128 --block:rootfs="$T/root.img" --net:tap=tap0 "$A/app-net.spt")
	t_run route-via-gw 0 "eth0	00000000	0100000A" ip netns exec "$NS" "${N[@]}" \
		nablux.ip=10.0.0.2/24 nablux.gw=10.0.0.1 route
	ip netns exec "$NS" "${N[@]}" nablux.ip=10.0.0.2/24 sleep 4000 >"$T/sleep.out" 2>&1 &
	upid=$!
	for i in $(seq 100); do grep -q sleeping "$T/sleep.out" && break; sleep 0.05; done
	if ip netns exec "$NS" ping -c 3 -i 0.2 -W 1 10.0.0.2 >"$T/ping.out" 2>&1; then
		t_ok "ping-eth0 ($(grep -o 'rtt.*' "$T/ping.out"))"
	else
		t_fail ping-eth0 "$(tail -2 "$T/ping.out" | tr '\n' '|')"
	fi
	wait "$upid" && t_ok sleep-exit || t_fail sleep-exit "$(tail -2 "$T/sleep.out" | tr '\n' '|')"
else
	for n in route-via-gw ping-eth0 sleep-exit; do
		t_skip "$n" "$why"
	done
fi

# The README's demo.
t_run demo 0 "on the host.*" bash "$ROOT/demo/run.sh"
grep -q "^written by pid 1 of a Linux 6.1" <<<"$T_OUT" && t_ok demo-file-on-host || t_fail demo-file-on-host "$T_OUT"
t_summary
