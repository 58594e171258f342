#!/bin/bash
# Docker (Debian's docker.io 20.10, dockerd started here: tests/docker/
# dockerd.sh) runs nablux unikernels with --runtime nablux:
#   hello    the runtime suite's rt.c as a unikernel and, as the reference,
#            the same source as a static musl program under runc: the same
#            output (argv, environment, host name, Docker's /etc/hosts,
#            resolv.conf, hostname, a read-only volume) and exit status,
#            0 and non-zero, -t, --init; --read-only (EROFS in the guest)
#   redis    build/apps/redis packed by nablux image: docker run -d -p,
#            redis-cli through the published port and the bridge address,
#            docker logs, a graceful docker stop, a second start from the
#            cached ext4 image
#   nginx    build/apps/nginx on the default bridge: a 1 MiB file (curl)
#            byte-exact, docker stop
#   errors   a non-unikernel entrypoint, a memory limit below the minimum,
#            a writable volume, a network unikernel without a network,
#            exec, kill and rm of a stopped container, double rm; nothing
#            left behind
# Images come from nablux image + docker load and from docker import,
# never from a registry (every run has --pull never).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/docker/dockerd.sh"

N=$BIN/nablux
CC=$BIN/nablux-cc
T_TIMEOUT=60
why=$(dk_why)
if [ -n "$why" ]; then
	t_skip docker "$why"
	t_summary
	exit
fi
T=$(mktemp -d)
cleanup() {
	dk_stop
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# After a docker command timed out and dockerd does not answer, the rest
# fail at once (the suite stays short when dockerd hangs).
DK_DEAD=
dk_alive() {
	[ -z "$DK_DEAD" ] && { [ "$1" -ne 137 ] || timeout -s KILL 5 "${DK[@]}" version >/dev/null 2>&1 || DK_DEAD=1; }
	[ -z "$DK_DEAD" ]
}
# dk NAME WANT PATTERN ARGS...: a docker command as t_run
dk() {
	local n=$1 w=$2 p=$3
	shift 3
	if [ -n "$DK_DEAD" ]; then
		T_STATUS=137 T_OUT=
		t_fail "$n" "dockerd does not answer"
		return
	fi
	t_run "$n" "$w" "$p" "${DK[@]}" "$@"
	dk_alive "$T_STATUS" || :
}
# dk_out ARGS...: docker's stdout alone in $OUT (its stderr, e.g. the
# forwarding warning, in $T/err), the status in $ST
dk_out() {
	OUT= ST=137
	[ -z "$DK_DEAD" ] || return 0
	timeout -s KILL 60 "${DK[@]}" "$@" >"$T/out" 2>"$T/err" </dev/null
	ST=$?
	OUT=$(cat "$T/out")
	dk_alive "$ST" || :
}
# dkq ARGS...: a docker command in $(...), bounded too
dkq() { timeout -s KILL 20 "${DK[@]}" "$@" </dev/null; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# ---- images: rt as a unikernel and as a static musl program
if ! "$CC" -O2 -o "$T/rt.spt" "$ROOT/tests/runtime/rt.c" 2>"$T/cc.err" ||
	! musl-gcc -static -O2 -o "$T/rt.native" "$ROOT/tests/runtime/rt.c" 2>>"$T/cc.err"; then
	t_fail build-rt "$(tail -3 "$T/cc.err" | tr '\n' '|')"
	t_summary
	exit
fi
mkdir -p "$T/uk/bin" "$T/nat/bin" "$T/net/bin" "$T/redis/usr/bin" "$T/nginx/usr/sbin"
cp "$T/rt.spt" "$T/uk/bin/rt"
cp "$T/rt.native" "$T/nat/bin/rt"
"$CC" --nablux-net -O2 -o "$T/net/bin/rt" "$ROOT/tests/runtime/rt.c"
cp -a "$BUILD/apps/redis/root/." "$T/redis/"
cp "$BUILD/apps/redis/redis.spt" "$T/redis/usr/bin/redis-server"
cp -a "$BUILD/apps/nginx/root/." "$T/nginx/"
cp "$BUILD/apps/nginx/nginx.spt" "$T/nginx/usr/sbin/nginx"
head -c $((1 << 20)) /dev/urandom >"$T/nginx/var/www/html/1m.bin"
mk_images() {
	"$N" image "$T/uk" -o "$T/uk.tar" --entrypoint /bin/rt --cmd "x0 hi" --name nablux/rt:test &&
		"$N" image "$T/net" -o "$T/net.tar" --entrypoint /bin/rt --cmd echo --name nablux/rtnet:test &&
		"$N" image "$T/redis" -o "$T/redis.tar" --entrypoint /usr/bin/redis-server \
			--cmd /etc/redis/redis.conf --name nablux/redis:test &&
		"$N" image "$T/nginx" -o "$T/nginx.tar" --entrypoint /usr/sbin/nginx --cmd "-p /" \
			--name nablux/nginx:test &&
		tar -C "$T/nat" -cf "$T/nat.tar" .
} >"$T/images.log" 2>&1
mk_images && t_ok nablux-image || t_fail nablux-image "$(tail -3 "$T/images.log" | tr '\n' '|')"

# ---- dockerd
s=$(date +%s%N)
if ! dk_start "$T/docker"; then
	t_fail dockerd-start "$(tail -5 "$T/docker/dockerd.log" | tr '\n' '|')"
	t_summary
	exit
fi
t_ok dockerd-start
echo "   dockerd up in $(ms_since "$s") ms, $DK_STORAGE storage"
dk docker-info-runtime 0 "Runtimes:.*nablux" info
for i in uk net redis nginx; do
	dk "docker-load-$i" 0 "Loaded image: nablux/" load -i "$T/$i.tar"
done
# the reference: a scratch image of the native program, for runc
dk docker-import-native 0 "^sha256:" import -c 'ENTRYPOINT ["/bin/rt"]' \
	-c 'CMD ["x0", "hi"]' "$T/nat.tar" native/rt:test

# ---- hello: nablux as runc
# same NAME WANT ARGS...: docker run of the unikernel image with --runtime
# nablux and of the native one with runc: same status WANT, same stdout
same() {
	local name=$1 want=$2 uk nat ust
	shift 2
	dk_out run --pull never --rm --runtime nablux "$@" nablux/rt:test "${DK_ARGS[@]}"
	uk=$OUT ust=$ST
	cp "$T/err" "$T/err.uk" 2>/dev/null
	dk_out run --pull never --rm --runtime runc "$@" native/rt:test "${DK_ARGS[@]}"
	nat=$OUT
	if [ "$ust" -ne "$want" ] || [ "$ST" -ne "$want" ]; then
		t_fail "$name" "status nablux $ust, runc $ST, want $want: $(cat "$T/err.uk" "$T/err" 2>/dev/null | tr '\n' '|')"
	elif [ -z "$uk" ] || [ "$uk" != "$nat" ]; then
		t_fail "$name" "nablux: $(echo "$uk" | tr '\n' '|') runc: $(echo "$nat" | tr '\n' '|')"
	else
		t_ok "$name"
	fi
	SAME_OUT=$uk
}
DK_ARGS=()
s=$(date +%s%N)
same hello-as-runc 0 --hostname box
echo "   first docker run --rm pair (nablux image made): $(ms_since "$s") ms"
grep -q "^hello from /bin/rt$" <<<"$SAME_OUT" && grep -q "^arg hi$" <<<"$SAME_OUT" &&
	grep -q "^host box$" <<<"$SAME_OUT" && grep -q "^env HOME=/$" <<<"$SAME_OUT" &&
	t_ok hello-output || t_fail hello-output "$(echo "$SAME_OUT" | tr '\n' '|')"
DK_ARGS=(x3 "two words")
same hello-status-3-as-runc 3 --hostname box -e GREETING="hello docker"
grep -q "^arg two words$" <<<"$SAME_OUT" && grep -q "^env GREETING=hello docker$" <<<"$SAME_OUT" &&
	t_ok hello-status-3-output || t_fail hello-status-3-output "$(echo "$SAME_OUT" | tr '\n' '|')"
DK_ARGS=(x7)
same hello-memory-limit-as-runc 7 --hostname box -m 64m
# the limit is the guest's memory (docker top shows the tender's command)
dk memory-limit-run 0 "^[0-9a-f]{64}$" run --pull never -d --runtime nablux --name m1 -m 64m nablux/rt:test sleep 30
dk memory-limit-is-mem 0 "nablux-spt --mem=64 .* nablux.mem=32 " top m1
dk memory-limit-rm 0 "^m1$" rm -f m1
# Docker's bind-mounted files are copies in the unikernel's image.
DK_ARGS=(cat /etc/hosts /etc/resolv.conf /etc/hostname)
same docker-files-as-runc 0 --hostname box --add-host nablux-peer:10.1.2.3 --dns 10.9.9.9
grep -q "^10.1.2.3[[:space:]]nablux-peer$" <<<"$SAME_OUT" && grep -q "^nameserver 10.9.9.9$" <<<"$SAME_OUT" &&
	grep -q "^box$" <<<"$SAME_OUT" && t_ok docker-files-content || t_fail docker-files-content "$(echo "$SAME_OUT" | tr '\n' '|')"
# A read-only directory bind is copied in (a link in it too).
mkdir -p "$T/vol/sub"
echo "from the host" >"$T/vol/sub/f"
ln -s sub/f "$T/vol/link"
DK_ARGS=(cat /data/sub/f /data/link)
same ro-volume-as-runc 0 --hostname box -v "$T/vol:/data:ro"
[ "$(grep -c "^from the host$" <<<"$SAME_OUT")" -eq 2 ] && t_ok ro-volume-content ||
	t_fail ro-volume-content "$(echo "$SAME_OUT" | tr '\n' '|')"
# --read-only (root.readonly): EROFS for the program; without it the
# write works (in the container's copy)
dk read-only-erofs 1 "^/bin/f: Read-only file system$" run --pull never --rm --runtime nablux --read-only \
	nablux/rt:test write /bin/f data
dk read-write-writes 0 "^wrote /bin/f$" run --pull never --rm --runtime nablux nablux/rt:test write /bin/f data
# --init: runc runs the program under tini, nablux drops tini
DK_ARGS=(x2)
same init-as-runc 2 --hostname box --init
DK_ARGS=(x5)
same tty-as-runc 5 --hostname box -t
grep -q $'^hello from /bin/rt\r$' <<<"$SAME_OUT" && grep -q $'^env TERM=xterm\r$' <<<"$SAME_OUT" &&
	t_ok tty-output || t_fail tty-output "$(echo "$SAME_OUT" | tr '\n' '|')"
# Every container had its own init layer (empty /etc/hosts, new times):
# one ext4 image all the same.
n=$(ls "$T/docker/store/images" 2>/dev/null | grep -c '\.img$')
[ "$n" -eq 1 ] && t_ok image-cached-once || t_fail image-cached-once "$n images: $(ls "$T/docker/store/images" 2>&1)"

# ---- redis: detached, published port, logs, graceful stop, cached restart
DKNS=(ip netns exec "$DK_NS")
# pong_ms START: until redis answers on the published port (at most 20 s
# after START); the milliseconds since START, or "" when it never did
pong_ms() {
	while [ "$(ms_since "$1")" -lt 20000 ]; do
		if [ "$(timeout -s KILL 2 "${DKNS[@]}" redis-cli -h 127.0.0.1 -p 16379 ping 2>/dev/null)" = PONG ]; then
			ms_since "$1"
			return
		fi
		sleep 0.05
	done
}
s=$(date +%s%N)
dk redis-run 0 "^[0-9a-f]{64}$" run --pull never -d --runtime nablux --name redis1 -p 127.0.0.1:16379:6379 nablux/redis:test
cold=$(pong_ms "$s")
[ -n "$cold" ] && t_ok redis-published-port-ping ||
	t_fail redis-published-port-ping "no PONG: $(dkq logs redis1 2>&1 | tail -3 | tr '\n' '|')"
t_run redis-set-via-port 0 "^OK$" "${DKNS[@]}" redis-cli -h 127.0.0.1 -p 16379 set nablux-key "via docker"
ip=$(dkq inspect -f '{{.NetworkSettings.IPAddress}}' redis1 2>/dev/null)
t_run redis-get-via-bridge 0 "^via docker$" "${DKNS[@]}" redis-cli -h "${ip:-none}" get nablux-key
t_run redis-info-via-bridge 0 "^redis_version:7" "${DKNS[@]}" redis-cli -h "${ip:-none}" info server
dk redis-logs-startup 0 "Ready to accept connections" logs redis1
grep -q "Server initialized" <<<"$T_OUT" && t_ok redis-logs-initialized || t_fail redis-logs-initialized "$(echo "$T_OUT" | tail -3 | tr '\n' '|')"
dk redis-exec-refused 126 "exec is not supported" exec redis1 /usr/bin/redis-server --version
s=$(date +%s%N)
dk redis-stop 0 "^redis1$" stop -t 10 redis1
stop=$(ms_since "$s")
echo "   docker stop redis: $stop ms (timeout 10 s)"
[ "$stop" -lt 5000 ] && t_ok redis-stop-before-timeout || t_fail redis-stop-before-timeout "$stop ms"
dk redis-stop-exit-0 0 "^0 false$" inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' redis1
dk redis-logs-shutdown 0 "Redis is now ready to exit, bye bye" logs redis1
grep -q "Received SIGTERM scheduling shutdown" <<<"$T_OUT" && t_ok redis-logs-sigterm ||
	t_fail redis-logs-sigterm "$(echo "$T_OUT" | tail -3 | tr '\n' '|')"
dk redis-rm 0 "" rm redis1
images=$(ls "$T/docker/store/images")
s=$(date +%s%N)
dk redis-run-again 0 "^[0-9a-f]{64}$" run --pull never -d --runtime nablux --name redis2 -p 127.0.0.1:16379:6379 nablux/redis:test
warm=$(pong_ms "$s")
echo "   redis docker run -d to first PONG: first ${cold:-none} ms (ext4 image made), second ${warm:-none} ms (cached)"
# Most of either is Docker's (its prestart hook alone, which sets up the
# network, takes ~150 ms here); making redis's ext4 image ~100 ms more.
if [ "$(ls "$T/docker/store/images")" = "$images" ]; then
	t_ok redis-second-from-cache
else
	t_fail redis-second-from-cache "before: $images; after: $(ls "$T/docker/store/images")"
fi
[ -n "$warm" ] && [ "$warm" -lt 1000 ] && t_ok redis-second-start-under-1s ||
	t_fail redis-second-start-under-1s "${warm:-no PONG} ms"
t_run redis-fresh-container 0 '^$' "${DKNS[@]}" redis-cli -h 127.0.0.1 -p 16379 get nablux-key
# docker top: the runtime's ps gives the tender's pid
dk redis-top 0 "nablux-spt .*redis-server" top redis2
# docker restart: stop (SIGTERM), then a new create and start
dk redis-restart 0 "^redis2$" restart -t 10 redis2
s=$(date +%s%N)
[ -n "$(pong_ms "$s")" ] && t_ok redis-restart-ping || t_fail redis-restart-ping "$(dkq logs redis2 2>&1 | tail -3 | tr '\n' '|')"
# nor another container's
dk err-net-container 125 "OCI runtime create failed: /bin/rt needs a network .*shared with pid" \
	run --pull never --rm --runtime nablux --network container:redis2 nablux/rtnet:test
t_run redis-after-net-container 0 "^PONG$" "${DKNS[@]}" redis-cli -h 127.0.0.1 -p 16379 ping
dk redis-rm-force 0 "^redis2$" rm -f redis2

# ---- nginx on the default bridge: a 1 MiB file byte-exact
dk nginx-run 0 "^[0-9a-f]{64}$" run --pull never -d --runtime nablux --name nginx1 nablux/nginx:test
ip=$(dkq inspect -f '{{.NetworkSettings.IPAddress}}' nginx1 2>/dev/null)
for _ in $(seq 100); do
	"${DKNS[@]}" curl -s -o /dev/null -m 1 "http://${ip:-none}/" && break
	sleep 0.1
done
got=$("${DKNS[@]}" curl -s -m 20 "http://${ip:-none}/1m.bin" | sha256sum | cut -d' ' -f1)
want=$(sha256sum <"$T/nginx/var/www/html/1m.bin" | cut -d' ' -f1)
[ "$got" = "$want" ] && t_ok nginx-1m-byte-exact ||
	t_fail nginx-1m-byte-exact "sha256 $got, want $want; $(dkq logs nginx1 2>&1 | tail -3 | tr '\n' '|')"
dk nginx-stop 0 "^nginx1$" stop nginx1
dk nginx-stop-exit-0 0 "^0$" inspect -f '{{.State.ExitCode}}' nginx1
dk nginx-rm 0 "" rm nginx1

# ---- errors, through docker
# the native image's entrypoint is a static Linux program, not a unikernel
dk err-not-unikernel 125 "OCI runtime create failed: /bin/rt is not a Solo5 unikernel.*nablux-cc" \
	run --rm --runtime nablux native/rt:test
dk err-memory-below-minimum 125 "OCI runtime create failed: memory 16 MiB is below the minimum of 48 MiB" \
	run --rm --runtime nablux -m 16m nablux/rt:test
dk err-writable-volume 125 "OCI runtime create failed: mount .*/vol on /data: a writable directory \(a volume\) is not supported" \
	run --pull never --rm --runtime nablux -v "$T/vol:/data" nablux/rt:test
dk err-net-needed 125 "OCI runtime create failed: /bin/rt needs a network" \
	run --rm --runtime nablux --network none nablux/rtnet:test
# A network unikernel takes its namespace's interface: never the host's.
dk err-net-host 125 "OCI runtime create failed: /bin/rt needs a network .* of its own: .*shared with pid" \
	run --pull never --rm --runtime nablux --network host nablux/rtnet:test
t_run err-net-host-bridge-intact 0 "inet 172\.17\.0\.1/16" "${DKNS[@]}" ip -4 addr show docker0
dk stopped-run 4 "^arg x4$" run --pull never --runtime nablux --name s1 nablux/rt:test x4
dk err-kill-stopped 1 "is not running" kill s1
# a stopped container starts again (a new create through the runtime)
dk stopped-start-again 4 "^arg x4$" start -a s1
dk stopped-rm 0 "^s1$" rm s1
dk err-rm-twice 1 "No such container: s1" rm s1
left=$(ls "$T/docker/store/containers" "$T/docker/exec/runtime-nablux/moby" 2>/dev/null | grep -v -e '^$' -e ':$')
[ -z "$left" ] && t_ok nothing-left || t_fail nothing-left "$left"

dk_stop
[ -z "$(ip netns pids "$DK_NS" 2>/dev/null)" ] && t_ok dockerd-stopped || t_fail dockerd-stopped "$(ip netns pids "$DK_NS")"
grep -q "$T" /proc/self/mountinfo && t_fail no-mounts-left "$(grep "$T" /proc/self/mountinfo | head -2)" ||
	t_ok no-mounts-left
ls -d /sys/fs/cgroup/*"$DK_CG" >/dev/null 2>&1 && t_fail no-cgroups-left "$(ls -d /sys/fs/cgroup/*"$DK_CG")" ||
	t_ok no-cgroups-left

t_summary
