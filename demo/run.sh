#!/bin/bash
# The demo, in two parts.
# 1. A Linux unikernel with an ext4 root: an image of demo/rootfs, the
#    unikernel on nablux-spt, then the image from the host.
# 2. redis from Debian's source as a container image: `nablux build` makes
#    an image of the app's root with the unikernel as its entrypoint,
#    `nablux run` starts it in a network namespace made here (its own tap,
#    10.0.0.2), Debian's redis-cli sets and saves a key through the network,
#    SIGTERM stops it gracefully, and a second run on the same image finds
#    the key. Everything it makes is removed at the end.
set -e
cd "$(dirname "$0")/.."
. tests/lib.sh
B=build/demo
IMG=$B/rootfs.img
rm -f "$IMG"
mke2fs -q -t ext4 -d demo/rootfs "$IMG" 16M >/dev/null
echo "== nablux-spt --block:rootfs=$IMG $B/demo.spt"
build/bin/nablux-spt --mem=128 --block:rootfs="$IMG" "$B/demo.spt" --solo5:quiet
echo "== on the host: debugfs -R 'cat /from-unikernel.txt' $IMG"
debugfs -R 'cat /from-unikernel.txt' "$IMG" 2>/dev/null
echo "== e2fsck -fn $IMG"
e2fsck -fn "$IMG" 2>/dev/null | tail -1

why=$(t_net_why)
if [ -n "$why" ] || ! command -v redis-cli >/dev/null; then
	echo "== redis part left out: ${why:-no redis-cli (scripts/deps.sh)}"
	exit 0
fi
T=$(mktemp -d)
RPID=
cleanup() {
	[ -n "$RPID" ] && kill -KILL "$RPID" 2>/dev/null
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
R=build/apps/redis
cp -a "$R/root" "$T/root"
mkdir -p "$T/root/usr/bin"
cp "$R/redis.spt" "$T/root/usr/bin/redis-server"
echo "== nablux build (redis's root + the unikernel as /usr/bin/redis-server)"
build/bin/nablux build "$T/root" -o "$T/redis.img" --entrypoint /usr/bin/redis-server \
	--cmd /etc/redis/redis.conf
cat "$T/redis.img.json"; echo
t_ns_new demo
cli() { ip netns exec "$NS" redis-cli -h 10.0.0.2 "$@"; }
# run NAME: nablux run in the namespace; waits for PING
run() {
	echo "== ip netns exec $NS nablux run --ip 10.0.0.2/24 --gw 10.0.0.1 redis.img"
	ip netns exec "$NS" build/bin/nablux run --mem 256 --ip 10.0.0.2/24 --gw 10.0.0.1 \
		"$T/redis.img" >"$T/$1.log" 2>&1 &
	RPID=$!
	for _ in $(seq 100); do
		[ "$(cli ping 2>/dev/null)" = PONG ] && return
		sleep 0.1
	done
	cat "$T/$1.log"
	exit 1
}
stop() {
	echo "== kill -TERM (graceful stop)"
	kill -TERM "$RPID"
	wait "$RPID" && echo "exit status 0" || echo "exit status $?"
	RPID=
	grep -E "Received SIGTERM|ready to exit" "$T/$1.log"
}
run first
echo "== redis-cli -h 10.0.0.2 set greeting 'hello from a unikernel'; save"
cli set greeting "hello from a unikernel"
cli save
stop first
run second
echo "== a second run on the same image: redis-cli get greeting"
cli get greeting
stop second
echo "== e2fsck -fn redis.img"
e2fsck -fn "$T/redis.img" 2>/dev/null | tail -1
