#!/bin/bash
# Debian's redis-server (7.0.15) as a nablux unikernel (make app-redis:
# build/apps/redis/), on nablux-spt with a tap in a namespace this test
# makes (10.0.0.1/24 on the host side, the unikernel at 10.0.0.2):
#   - Debian's redis-cli: strings, counters, lists, hashes, expiry,
#     pub/sub, a 1 MiB value byte-exact;
#   - persistence: SAVE then SIGKILL of the tender, restart on the same
#     image: the data is there; SHUTDOWN and SIGTERM end it cleanly
#     (status 0, e2fsck -fn clean); appendonly yes + appendfsync always,
#     SIGKILL during writes: every acknowledged write is there after restart;
#   - redis's own test suite (the Debian source's runtest, external-server
#     mode) against the unikernel and against the same source built
#     natively with musl (build/apps/redis/native/redis-server, started in
#     the same namespace), in the same run: every test that passes
#     natively passes in the unikernel, or is in apps/redis/known-failures
#     with its reason.
#   REDIS_SUITE=0 leaves the test suite out, REDIS_UNITS="unit/a ..." runs
#   only those units, REDIS_SUITE_FULL=1 adds its slowest tests (see
#   suite.sh); REDIS_SUITE_LOG=DIR keeps the suite's logs, REDIS_KEEP=1 the
#   whole temporary directory.
. "$(dirname "$0")/../lib.sh"

OUT=$BUILD/apps/redis
SPT=$BIN/nablux-spt
KNOWN=$ROOT/apps/redis/known-failures
UKIP=10.0.0.2
NATPORT=6380

if [ ! -f "$OUT/redis.spt" ] || [ ! -f "$OUT/rootfs.img" ] || [ ! -x "$OUT/native/redis-server" ]; then
	t_fail redis-built "build/apps/redis is not complete: make app-redis"
	t_summary
	exit
fi
why=$(t_net_why)
if [ -n "$why" ]; then
	t_skip redis "$why"
	t_summary
	exit
fi
for tool in redis-cli tclsh python3; do
	command -v $tool >/dev/null || { t_fail "redis-$tool" "$tool is missing: scripts/deps.sh"; t_summary; exit; }
done

T=$(mktemp -d)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	t_ns_cleanup
	wait 2>/dev/null
	[ -n "${REDIS_KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! t_ns_new redis || ! t_ns_tap tap0 10.0.0.1/24; then
	t_fail redis-namespace "could not make namespace $NS with tap0"
	t_summary
	exit
fi
nsx() { ip netns exec "$NS" "$@"; }
cli() { timeout 20 ip netns exec "$NS" redis-cli -h $UKIP "$@" 2>&1; }

# uk_start NAME IMAGE [REDIS ARGS...]: boots redis.spt on IMAGE, output in
# $T/NAME.log; sets UKPID (the tender's pid). Waits until it answers PING.
uk_start() {
	local name=$1 img=$2; shift 2
	# Not through nsx: $! must be the tender (ip netns exec execs it).
	ip netns exec "$NS" "$SPT" --mem=512 --block:rootfs="$img" --net:tap=tap0 "$OUT/redis.spt" \
		nablux.ip=$UKIP/24 redis-server /etc/redis/redis.conf "$@" \
		>"$T/$name.log" 2>&1 </dev/null &
	UKPID=$!
	PIDS+=("$UKPID")
	local i
	for i in $(seq 150); do
		[ "$(timeout 2 ip netns exec "$NS" redis-cli -h $UKIP ping 2>/dev/null)" = PONG ] && return 0
		kill -0 "$UKPID" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# uk_wait NAME SECONDS: waits for the tender to end; sets UKST (its status,
# or "timeout" after SECONDS, when it is killed).
uk_wait() {
	local i
	for i in $(seq $(($2 * 10))); do
		kill -0 "$UKPID" 2>/dev/null || { wait "$UKPID"; UKST=$?; return; }
		sleep 0.1
	done
	kill -KILL "$UKPID" 2>/dev/null
	wait "$UKPID" 2>/dev/null
	UKST=timeout
}

# expect NAME WANT GOT
expect() {
	if [ "$3" = "$2" ]; then t_ok "$1"; else t_fail "$1" "want '$(echo "$2" | tr '\n' ' ')', got '$(echo "$3" | tr '\n' ' ')'"; fi
}

img_clean() {
	if e2fsck -fn "$2" >"$T/fsck.out" 2>&1; then
		t_ok "$1"
	else
		t_fail "$1" "$(grep -v '^Pass\|^e2fsck' "$T/fsck.out" | head -3 | tr '\n' '|')"
	fi
}

cp --sparse=always "$OUT/rootfs.img" "$T/a.img"
t0=$(date +%s%N)
if uk_start boot1 "$T/a.img"; then
	t_ok "redis-boots ($(( ($(date +%s%N) - t0) / 1000000 )) ms to the first PONG)"
else
	t_fail redis-boots "$(tail -5 "$T/boot1.log" | tr '\n' '|')"
	t_summary
	exit
fi
grep -q "Ready to accept connections" "$T/boot1.log" && t_ok redis-log-on-stdout ||
	t_fail redis-log-on-stdout "no 'Ready to accept connections' in its output"

# --- redis-cli
expect redis-cli-set OK "$(cli set greeting 'hello unikernel')"
expect redis-cli-get "hello unikernel" "$(cli get greeting)"
expect redis-cli-append 19 "$(cli append greeting ', hi')"
cli set n 10 >/dev/null
expect redis-cli-incr "11 12 17 16 16.5" "$(echo $(cli incr n; cli incr n; cli incrby n 5; cli decr n; cli incrbyfloat n 0.5))"
expect redis-cli-list-push 4 "$(cli rpush L a b c d)"
expect redis-cli-list "z a b c d" "$(cli lpush L z >/dev/null; echo $(cli lrange L 0 -1))"
expect redis-cli-list-pop "z d 3" "$(echo $(cli lpop L; cli rpop L; cli llen L))"
expect redis-cli-hash-set 3 "$(cli hset H name redis version 7.0.15 port 6379)"
expect redis-cli-hash "redis 7.0.15 6380 3" "$(echo $(cli hget H name; cli hget H version; cli hincrby H port 1; cli hlen H))"
expect redis-cli-hash-getall "name redis version 7.0.15 port 6380" "$(echo $(cli hgetall H))"
expect redis-cli-set-type "3 1" "$(echo $(cli sadd S x y z; cli sismember S y))"
expect redis-cli-zset "a c" "$(cli zadd Z 1 a 3 c 2 b >/dev/null; echo $(cli zrangebyscore Z 1 3 | sed -n '1p;3p'))"
# Long enough to outlive the checks in between on a loaded host.
cli set short-lived x px 3000 >/dev/null
cli set longer y ex 100 >/dev/null
ttl=$(cli ttl longer)
[ "$ttl" -ge 99 ] 2>/dev/null && t_ok redis-cli-ttl || t_fail redis-cli-ttl "ttl $ttl"
expect redis-cli-expire-before 1 "$(cli exists short-lived)"
sleep 3.5
expect redis-cli-expire-after 0 "$(cli exists short-lived)"
# pub/sub: a subscriber (redis-cli in the namespace) and a publisher.
nsx timeout 10 redis-cli -h $UKIP subscribe news >"$T/sub.out" 2>&1 &
subpid=$!
for _ in $(seq 50); do
	[ "$(cli pubsub numsub news | tail -1)" = 1 ] && break
	sleep 0.1
done
expect redis-cli-publish 1 "$(cli publish news 'extra extra')"
for _ in $(seq 50); do grep -q "extra extra" "$T/sub.out" && break; sleep 0.1; done
kill "$subpid" 2>/dev/null; wait "$subpid" 2>/dev/null
grep -q "^extra extra$" "$T/sub.out" && t_ok redis-cli-subscribe ||
	t_fail redis-cli-subscribe "subscriber got: $(tr '\n' ' ' <"$T/sub.out")"
# A 1 MiB value both ways, byte-exact.
head -c 786432 /dev/urandom | base64 -w0 | head -c 1048576 >"$T/big"
cli -x set big <"$T/big" >/dev/null
cli --no-raw strlen big >"$T/strlen"
cli get big | head -c 1048576 >"$T/big.back"
cmp -s "$T/big" "$T/big.back" && grep -q "1048576" "$T/strlen" && t_ok redis-cli-1MiB-value ||
	t_fail redis-cli-1MiB-value "$(cat "$T/strlen"), $(stat -c %s "$T/big.back") bytes back"
# The unikernel's wall clock is the host's (TIME against the host's clock
# around it: within the round trip, plus 0.3 ms).
off=$(nsx timeout 10 python3 -c '
import socket, sys, time
s = socket.create_connection((sys.argv[1], 6379), timeout=5)
f = s.makefile("rb")
worst = 0
for i in range(20):
    t0 = time.time()
    s.sendall(b"*1\r\n$4\r\nTIME\r\n")
    f.readline(); f.readline(); sec = int(f.readline()); f.readline(); us = int(f.readline())
    t1 = time.time()
    g = sec + us / 1e6
    out = max(t0 - g, g - t1, 0)
    worst = max(worst, out)
print("%.3f" % (worst * 1000))' $UKIP 2>&1)
awk -v o="$off" 'BEGIN { exit !(o + 0 == o && o < 0.3) }' &&
	t_ok "redis-time-is-the-hosts (outside the round trip by at most $off ms)" ||
	t_fail redis-time-is-the-hosts "TIME outside the host's round trip by $off ms"
expect redis-cli-bgsave-refused "ERR" "$(cli bgsave | grep -o '^ERR')"

# --- persistence: SAVE, SIGKILL, restart on the same image.
cli mset p1 one p2 two >/dev/null
cli rpush plist 1 2 3 >/dev/null
expect redis-save OK "$(cli save)"
kill -KILL "$UKPID"; wait "$UKPID" 2>/dev/null
if uk_start boot2 "$T/a.img"; then
	t_ok redis-restart-after-sigkill
	expect redis-data-after-save-sigkill "one two 1 2 3 hello unikernel, hi 16.5 1048576" \
		"$(echo $(cli mget p1 p2; cli lrange plist 0 -1; cli get greeting; cli get n; cli strlen big))"
	grep -q "DB loaded from disk" "$T/boot2.log" && t_ok redis-rdb-loaded ||
		t_fail redis-rdb-loaded "no 'DB loaded from disk' in its log"
	# SHUTDOWN: no save point, so no save; the unikernel ends, status 0.
	cli set after-save lost >/dev/null
	cli shutdown >/dev/null
	uk_wait boot2 20
	expect redis-shutdown-status 0 "$UKST"
	img_clean redis-image-clean-after-shutdown "$T/a.img"
else
	t_fail redis-restart-after-sigkill "$(tail -5 "$T/boot2.log" | tr '\n' '|')"
fi
# SIGTERM (a host signal to pid 1): redis's own graceful shutdown; with no
# save point it saves nothing.
if uk_start boot3 "$T/a.img"; then
	expect redis-data-third-boot "one  3" "$(echo "$(cli get p1) $(cli get after-save) $(cli llen plist)")"
	cli set not-saved-by-sigterm x >/dev/null
	kill -TERM "$UKPID"
	uk_wait boot3 20
	expect redis-sigterm-status 0 "$UKST"
	grep -q "Received SIGTERM scheduling shutdown" "$T/boot3.log" && t_ok redis-sigterm-handled ||
		t_fail redis-sigterm-handled "$(tail -3 "$T/boot3.log" | tr '\n' '|')"
	img_clean redis-image-clean-after-sigterm "$T/a.img"
else
	t_fail redis-third-boot "$(tail -5 "$T/boot3.log" | tr '\n' '|')"
fi
# SHUTDOWN SAVE: a synchronous save on the way out.
if uk_start boot4 "$T/a.img"; then
	expect redis-sigterm-saved-nothing "" "$(cli get not-saved-by-sigterm)"
	cli set saved-at-shutdown yes >/dev/null
	cli shutdown save >/dev/null
	uk_wait boot4 20
	expect redis-shutdown-save-status 0 "$UKST"
	if uk_start boot5 "$T/a.img"; then
		expect redis-shutdown-save-data "yes one" "$(echo $(cli get saved-at-shutdown; cli get p1))"
		cli shutdown nosave >/dev/null
		uk_wait boot5 20
		expect redis-shutdown-nosave-status 0 "$UKST"
		img_clean redis-image-clean-after-shutdown-nosave "$T/a.img"
	else
		t_fail redis-fifth-boot "$(tail -5 "$T/boot5.log" | tr '\n' '|')"
	fi
else
	t_fail redis-fourth-boot "$(tail -5 "$T/boot4.log" | tr '\n' '|')"
fi

# --- AOF, appendfsync always: SIGKILL of the tender while a client writes;
# every write acknowledged before the kill is there after a restart.
cp --sparse=always "$OUT/rootfs.img" "$T/aof.img"
if uk_start aof1 "$T/aof.img" --appendonly yes --appendfsync always; then
	nsx timeout 30 python3 "$ROOT/tests/redis/acked.py" $UKIP 6379 "$T/acked" >"$T/acked.out" 2>&1 &
	wpid=$!
	PIDS+=("$wpid")
	sleep 3
	kill -KILL "$UKPID"; wait "$UKPID" 2>/dev/null
	wait "$wpid" 2>/dev/null
	acked=$(cat "$T/acked" 2>/dev/null)
	if uk_start aof2 "$T/aof.img" --appendonly yes --appendfsync always; then
		got=$(cli get counter)
		keys=$(cli --no-raw eval "return #redis.call('keys', 'k:*')" 0 | tr -dc 0-9)
		if [ "${acked:-0}" -gt 100 ] && [ "$got" -ge "$acked" ] 2>/dev/null && [ "$keys" -ge "$acked" ] 2>/dev/null; then
			t_ok "redis-aof-acked-writes-survive-sigkill ($acked acknowledged, $got after restart)"
		else
			t_fail redis-aof-acked-writes-survive-sigkill "acknowledged ${acked:-none}, counter $got, $keys keys; $(tail -2 "$T/acked.out" | tr '\n' '|')"
		fi
		cli shutdown >/dev/null
		uk_wait aof2 20
		img_clean redis-aof-image-clean "$T/aof.img"
	else
		t_fail redis-aof-restart "$(tail -5 "$T/aof2.log" | tr '\n' '|')"
	fi
else
	t_fail redis-aof-boot "$(tail -5 "$T/aof1.log" | tr '\n' '|')"
fi

# --- redis's own test suite, external-server mode, both servers at once.
[ "${REDIS_SUITE:-1}" = 0 ] && { t_summary; exit; }
. "$ROOT/tests/redis/suite.sh"
t_summary
