#!/bin/bash
# Debian's nginx (1.22.1) as a nablux unikernel (make app-nginx:
# build/apps/nginx/), on nablux-spt with a tap in a namespace this test
# makes (10.0.0.1/24 on the host side, the unikernel at 10.0.0.2), and the
# same source built natively with musl (build/apps/nginx/native/nginx)
# serving the same files from the same namespace, same run. Each check runs
# against both (names end in -uk and -native), with Debian's curl:
#   static files of 0 B, 1 KiB, 1 MiB and 100 MiB byte-exact (sha256), 20
#   parallel 1 MiB downloads, a range request, keep-alive (two requests,
#   one connection), 404, POST to a static file refused (405), HEAD,
#   If-Modified-Since (304), gzip, stub_status, https with a certificate
#   made here (1 MiB byte-exact; refused without its CA);
#   SIGQUIT during a 100 MiB download: the download finishes byte-exact,
#   nginx exits 0, then the access log on the image records it and
#   e2fsck -fn finds the image clean; SIGTERM ends it at once with 0.
# NGINX_KEEP=1 keeps the temporary directory.
. "$(dirname "$0")/../lib.sh"

OUT=$BUILD/apps/nginx
SPT=$BIN/nablux-spt
UKIP=10.0.0.2
HOSTIP=10.0.0.1

if [ ! -f "$OUT/nginx.spt" ] || [ ! -d "$OUT/root" ] || [ ! -x "$OUT/native/nginx" ]; then
	t_fail nginx-built "build/apps/nginx is not complete: make app-nginx"
	t_summary
	exit
fi
why=$(t_net_why)
if [ -n "$why" ]; then
	t_skip nginx "$why"
	t_summary
	exit
fi
command -v curl >/dev/null || { t_fail nginx-curl "curl is missing: scripts/deps.sh"; t_summary; exit; }

T=$(mktemp -d)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	t_ns_cleanup
	wait 2>/dev/null
	[ -n "${NGINX_KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! t_ns_new nginx || ! t_ns_tap tap0 $HOSTIP/24; then
	t_fail nginx-namespace "could not make namespace $NS with tap0"
	t_summary
	exit
fi
nsx() { ip netns exec "$NS" "$@"; }

# The files to serve, in a copy of the app's root; the unikernel gets an
# image of it, the native nginx the directory itself (-p).
R=$T/root
cp -a "$OUT/root" "$R"
W=$R/var/www/html
: >"$W/empty.bin"
head -c 1024 /dev/urandom >"$W/1k.bin"
head -c $((1 << 20)) /dev/urandom >"$W/1m.bin"
head -c $((100 << 20)) /dev/urandom >"$W/100m.bin"
for f in empty 1k 1m 100m; do
	sha256sum <"$W/$f.bin" | cut -d' ' -f1 >"$T/$f.sha"
done
# https: a certificate made here for both addresses, a server on 443.
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=nablux-test \
	-addext "subjectAltName=IP:$UKIP,IP:$HOSTIP" -keyout "$R/etc/nginx/test.key" \
	-out "$T/test.crt" >/dev/null 2>&1; then
	t_fail nginx-test-certificate "openssl req failed"
fi
cp "$T/test.crt" "$R/etc/nginx/test.crt"
cat >"$R/etc/nginx/conf.d/https.conf" <<'CONF'
server {
	listen 443 ssl;
	ssl_certificate test.crt;
	ssl_certificate_key test.key;
	root var/www/html;
}
CONF
mke2fs -q -t ext4 -b 4096 -d "$R" "$T/uk.img" 384M >/dev/null || { t_fail nginx-image mke2fs; t_summary; exit; }

# up NAME URL PID: until URL answers (10 s)
up() {
	local i
	for i in $(seq 100); do
		nsx curl -s -o /dev/null -m 1 "$2" && return 0
		kill -0 "$3" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# start_uk / start_native: sets PID_uk / PID_native
start_uk() {
	# Not through nsx: $! must be the tender (ip netns exec execs it).
	# A background job of a shell starts with SIGQUIT ignored, which the
	# tender keeps ignoring (as nohup expects): give it back its default.
	env --default-signal=QUIT ip netns exec "$NS" "$SPT" --mem=256 --block:rootfs="$T/uk.img" --net:tap=tap0 \
		"$OUT/nginx.spt" nablux.ip=$UKIP/24 nginx -p / >"$T/uk.log" 2>&1 </dev/null &
	PID_uk=$!
	PIDS+=("$PID_uk")
	up uk "http://$UKIP/" "$PID_uk"
}
start_native() {
	ip netns exec "$NS" "$OUT/native/nginx" -p "$R/" -c "$R/etc/nginx/nginx.conf" \
		>"$T/native.log" 2>&1 </dev/null &
	PID_native=$!
	PIDS+=("$PID_native")
	up native "http://$HOSTIP/" "$PID_native"
}

# stop SIDE SECONDS: waits for the server to end; sets ST (its status or
# "timeout", when it is killed).
stop_wait() {
	local pid i
	pid=$(eval echo \$PID_$1)
	for i in $(seq $(($2 * 10))); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid"; ST=$?; return; }
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ST=timeout
}

expect() {
	if [ "$3" = "$2" ]; then t_ok "$1"; else t_fail "$1" "want '$(echo "$2" | tr '\n' ' ')', got '$(echo "$3" | tr '\n' ' ')'"; fi
}

# checks SIDE BASEURL: everything but the stop
checks() {
	local s=$1 u=$2 f got i
	for f in empty 1k 1m 100m; do
		got=$(nsx curl -sS -m 60 "$u/$f.bin" | sha256sum | cut -d' ' -f1)
		expect "nginx-file-$f-$s" "$(cat "$T/$f.sha")" "$got"
	done
	for i in $(seq 20); do
		nsx curl -sS -m 60 -o "$T/par.$s.$i" "$u/1m.bin" &
	done
	wait $(jobs -p | grep -v -e "$PID_uk" -e "${PID_native:-x}") 2>/dev/null
	got=$(for i in $(seq 20); do sha256sum <"$T/par.$s.$i" | cut -d' ' -f1; done | sort -u)
	expect "nginx-20-parallel-1m-$s" "$(cat "$T/1m.sha")" "$got"
	rm -f "$T"/par.$s.*
	got=$(nsx curl -sS -m 10 -r 1000-1999 -w '%{http_code}' -o "$T/range.$s" "$u/1m.bin")
	expect "nginx-range-status-$s" 206 "$got"
	expect "nginx-range-bytes-$s" "$(tail -c +1001 "$W/1m.bin" | head -c 1000 | sha256sum)" \
		"$(sha256sum <"$T/range.$s")"
	got=$(nsx curl -sS -m 10 -w '%{num_connects} ' -o /dev/null "$u/1k.bin" -o /dev/null "$u/1m.bin")
	expect "nginx-keepalive-$s" "1 0" "$(echo $got)"
	expect "nginx-404-$s" 404 "$(nsx curl -s -m 10 -o /dev/null -w '%{http_code}' "$u/nope.html")"
	expect "nginx-post-static-405-$s" 405 \
		"$(nsx curl -s -m 10 -o /dev/null -w '%{http_code}' --data x=1 "$u/1k.bin")"
	got=$(nsx curl -sS -m 10 -I "$u/1m.bin" | tr -d '\r' | sed -n 's/^Content-Length: //p')
	expect "nginx-head-$s" $((1 << 20)) "$got"
	lm=$(nsx curl -sS -m 10 -I "$u/1k.bin" | tr -d '\r' | sed -n 's/^Last-Modified: //p')
	expect "nginx-304-$s" 304 \
		"$(nsx curl -s -m 10 -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $lm" "$u/1k.bin")"
	got=$(nsx curl -sS -m 10 -D - -o "$T/gz.$s" -H 'Accept-Encoding: gzip' "$u/" | tr -d '\r' |
		sed -n 's/^Content-Encoding: //p')
	if [ "$got" = gzip ] && gzip -dc <"$T/gz.$s" | cmp -s - "$R/var/www/html/index.nginx-debian.html"; then
		t_ok "nginx-gzip-$s"
	else
		t_fail "nginx-gzip-$s" "Content-Encoding '$got' or content differs"
	fi
	local h=https://${u#http://}
	got=$(nsx curl -sS -m 60 --cacert "$T/test.crt" "$h/1m.bin" | sha256sum | cut -d' ' -f1)
	expect "nginx-https-1m-$s" "$(cat "$T/1m.sha")" "$got"
	got=$(nsx curl -s -m 10 -o /dev/null -w '%{http_code}' "$h/1k.bin")
	expect "nginx-https-unknown-ca-refused-$s" 000 "$got"
	nsx curl -sS -m 10 "$u/nginx_status" | grep -q '^Active connections: 1' &&
		t_ok "nginx-stub-status-$s" || t_fail "nginx-stub-status-$s" "no 'Active connections: 1'"
}

# graceful SIDE BASEURL: SIGQUIT during a 100 MiB download (20 MiB/s)
graceful() {
	local s=$1 u=$2 pid got
	pid=$(eval echo \$PID_$s)
	nsx curl -sS -m 60 --limit-rate 20M -o "$T/slow.$s" "$u/100m.bin" &
	local cpid=$!
	sleep 1
	kill -QUIT "$pid"
	wait $cpid
	expect "nginx-sigquit-finishes-download-$s" "$(cat "$T/100m.sha")" "$(sha256sum <"$T/slow.$s" | cut -d' ' -f1)"
	stop_wait "$s" 20
	expect "nginx-sigquit-exit-$s" 0 "$ST"
	rm -f "$T/slow.$s"
}

if start_uk; then
	t_ok nginx-boots-uk
	checks uk "http://$UKIP"
	graceful uk "http://$UKIP"
	log=$(debugfs -R "cat /var/log/nginx/access.log" "$T/uk.img" 2>/dev/null)
	echo "$log" | grep -q '"GET /100m.bin HTTP/1.1" 200 104857600 ' &&
		t_ok nginx-access-log-on-image-uk ||
		t_fail nginx-access-log-on-image-uk "no 200 of 100m.bin in /var/log/nginx/access.log"
	if e2fsck -fn "$T/uk.img" >"$T/fsck.out" 2>&1; then t_ok nginx-image-clean-uk; else
		t_fail nginx-image-clean-uk "$(grep -v '^Pass\|^e2fsck' "$T/fsck.out" | head -3 | tr '\n' '|')"; fi
	if start_uk; then
		kill -TERM "$PID_uk"
		stop_wait uk 10
		expect nginx-sigterm-exit-uk 0 "$ST"
	else
		t_fail nginx-restart-uk "$(tail -3 "$T/uk.log" | tr '\n' '|')"
	fi
else
	t_fail nginx-boots-uk "$(tail -5 "$T/uk.log" | tr '\n' '|')"
fi

if start_native; then
	t_ok nginx-boots-native
	checks native "http://$HOSTIP"
	graceful native "http://$HOSTIP"
	grep -q '"GET /100m.bin HTTP/1.1" 200 104857600 ' "$R/var/log/nginx/access.log" &&
		t_ok nginx-access-log-native || t_fail nginx-access-log-native "no 200 of 100m.bin"
else
	t_fail nginx-boots-native "$(tail -5 "$T/native.log" | tr '\n' '|')"
fi
t_summary
