#!/bin/bash
# The nablux runtime command (runtime/nablux):
#   build   directory, plain tarball and image tarball (nablux image) to an
#           ext4 image + IMAGE.json; same input, same bytes
#   run     output, argv, env, host name, exit status 0 and non-zero; its
#           own tap with --ip inside a namespace this test makes, gone after;
#           --read-only (EROFS in the guest, the image's SHA-256 unchanged
#           even by a program that makes its device writable again); an OCI
#           bundle (config.json's process, limit, readonly; cached image,
#           private copy, nothing left after SIGKILL)
#   errors  one clear line, status 125, nothing left behind
#   OCI     create/state/start/state/kill/delete driven directly (state JSON
#           checked for the spec's required fields), the image cache, a
#           network namespace with a veth handed to the unikernel
#   ctr     containerd (started here, inside a namespace made here, private
#           root/state/socket) runs the unikernel with
#           ctr run --runtime io.containerd.runc.v2 --runc-binary nablux,
#           and redis with ctr run --cni on a bridge CNI network of this
#           test's (its config in overlays only containerd's mount
#           namespace sees), wired at start, torn down leaving nothing
. "$(dirname "$0")/../lib.sh"

N=$BIN/nablux
CC=$BIN/nablux-cc
T=$(mktemp -d)
CTRD_PID=
cleanup() {
	[ -n "$CTRD_PID" ] && kill "$CTRD_PID" 2>/dev/null && wait "$CTRD_PID" 2>/dev/null
	t_ns_cleanup
	# containers the OCI tests may have left (their state is under $T)
	for f in "$T"/oci/*/state.json "$T"/ctrd/nablux/*/*/state.json; do
		[ -f "$f" ] || continue
		pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$f")
		kill -KILL "$pid" 2>/dev/null
	done
	[ -n "${MADE_RUN_CONTAINERD:-}" ] && rmdir /run/containerd 2>/dev/null
	for d in $(awk '/ - cgroup2? /{print $5}' /proc/self/mountinfo); do
		rmdir "$d/nablux-t$$"/* "$d/nablux-t$$" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

# one_line NAME: the last command's output ($T_OUT) is one "nablux: " line
one_line() {
	if [ "$(printf '%s\n' "$T_OUT" | wc -l)" -eq 1 ] && [[ $T_OUT == nablux:* ]]; then
		t_ok "$1"
	else
		t_fail "$1" "not one 'nablux:' line: $(echo "$T_OUT" | tr '\n' '|')"
	fi
}

# tap_counts NS: packets "TX RX" of the nablux tap (nbx*) in NS: TX to
# the unikernel, RX from it
tap_counts() {
	ip -n "$1" -s -j link show | python3 -c '
import json, sys
for l in json.load(sys.stdin):
    if l["ifname"].startswith("nbx"):
        s = l["stats64"]
        print(s["tx"]["packets"], s["rx"]["packets"])'
}

# stream_check NAME NS ADDR PEERNS on|off OUT: the echo server (rt echo
# 2, its output in OUT) at ADDR, its tap in NS; the tap's vnet_hdr is on
# or off; 16 MiB each way from PEERNS match by SHA-256 (MB/s in MBPS);
# the tap's frames each way: with offload, super-frames (far fewer than
# the 11586 MSS-sized segments of 16 MiB), without, at least that many;
# then a line ends the server.
stream_check() {
	local name=$1 ns=$2 addr=$3 pns=$4 want=$5 out=$6 got tx0 rx0 tx1 rx1 tx rx
	MBPS=
	if ! t_wait_for "$out" listening; then
		t_fail "$name" "not listening: $(tr '\n' '|' <"$out")"
		return
	fi
	ip -n "$ns" -d link show | grep -q "tun type tap .*vnet_hdr $want" && t_ok "$name-vnet-hdr-$want" ||
		t_fail "$name-vnet-hdr-$want" "$(ip -n "$ns" -d link show | grep -A2 nbx | tr '\n' '|')"
	read -r tx0 rx0 < <(tap_counts "$ns")
	got=$(ip netns exec "$pns" timeout 60 python3 "$ROOT/tests/tools/tcp_echo_check.py" "$addr" 7777 sha256 16 2>&1)
	read -r tx1 rx1 < <(tap_counts "$ns")
	[ "${got#sha256 match }" != "$got" ] && t_ok "$name-16MiB-sha256" && MBPS=$(cut -d' ' -f4 <<<"$got") ||
		t_fail "$name-16MiB-sha256" "$got"
	tx=$((${tx1:-0} - ${tx0:-0})) rx=$((${rx1:-0} - ${rx0:-0}))
	if [ "$want" = on ] && [ "$tx" -gt 0 ] && [ "$tx" -lt 4000 ] && [ "$rx" -gt 0 ] && [ "$rx" -lt 4000 ]; then
		t_ok "$name-superframes ($tx frames to the unikernel, $rx from it)"
	elif [ "$want" = off ] && [ "$tx" -ge 11586 ] && [ "$rx" -ge 11586 ]; then
		t_ok "$name-plain-frames ($tx frames to the unikernel, $rx from it)"
	else
		t_fail "$name-frames" "offload $want: $tx frames to the unikernel, $rx from it"
	fi
	got=$(ip netns exec "$pns" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" "$addr" 7777 line bye 2>&1)
	t_wait_for "$out" served && [ "$got" = bye ] && t_ok "$name-served" ||
		t_fail "$name-served" "got: $got; $(tr '\n' '|' <"$out")"
}

if ! "$CC" -O2 -o "$T/rt.spt" "$ROOT/tests/runtime/rt.c" 2>"$T/cc.err" ||
	! "$CC" --nablux-net -O2 -o "$T/rtnet.spt" "$ROOT/tests/runtime/rt.c" 2>>"$T/cc.err"; then
	t_fail build-rt "$(tail -3 "$T/cc.err" | tr '\n' '|')"
	t_summary
	exit
fi
python3 "$ROOT/tests/runtime/no_offload.py" "$T/rtnet.spt" "$T/rtplain.spt"
"$BIN/nablux-elftool" query-ext "$T/rtplain.spt" | grep -q '"net_offload": false' &&
	"$BIN/nablux-elftool" query-ext "$T/rtnet.spt" | grep -q '"net_offload": true' &&
	t_ok rt-offload-asks-or-not || t_fail rt-offload-asks-or-not "$("$BIN/nablux-elftool" query-ext "$T/rtplain.spt" 2>&1)"
mkdir -p "$T/root/bin" "$T/root/etc" "$T/out"
cp "$T/rt.spt" "$T/root/bin/rt"
ln -s rt "$T/root/bin/rt-link"
echo "some data" >"$T/root/etc/data"

# ---- nablux build / run
t_run build-dir 0 "" "$N" build "$T/root" -o "$T/out/rt.img" --entrypoint /bin/rt --cmd "x0 'two words'"
if python3 - "$T/out/rt.img.json" <<'PY'; then
import json, sys
c = json.load(open(sys.argv[1]))
assert c["entrypoint"] == ["/bin/rt"] and c["cmd"] == ["x0", "two words"], c
assert c["workdir"] == "/" and c["env"] == [] and c["net"] is False, c
PY
	t_ok build-config-json
else
	t_fail build-config-json "$(cat "$T/out/rt.img.json" | tr '\n' ' ')"
fi
e2fsck -fn "$T/out/rt.img" >"$T/fsck.out" 2>&1 && t_ok build-e2fsck ||
	t_fail build-e2fsck "$(tail -2 "$T/fsck.out" | tr '\n' '|')"

# Same tree (made again in another order, other inode numbers), same bytes.
mkdir -p "$T/root2/etc" "$T/root2/bin"
echo "some data" >"$T/root2/etc/data"
ln -s rt "$T/root2/bin/rt-link"
cp "$T/rt.spt" "$T/root2/bin/rt"
touch -r "$T/root/etc/data" "$T/root2/etc/data"
touch -r "$T/root/bin/rt" "$T/root2/bin/rt"
touch -h -r "$T/root/bin/rt-link" "$T/root2/bin/rt-link"
for d in etc bin .; do touch -r "$T/root/$d" "$T/root2/$d"; done
"$N" build "$T/root2" -o "$T/out/rt2.img" --entrypoint /bin/rt --cmd "x0 'two words'" &&
	cmp -s "$T/out/rt.img" "$T/out/rt2.img" && t_ok build-reproducible ||
	t_fail build-reproducible "the two images differ: $(cmp -l "$T/out/rt.img" "$T/out/rt2.img" | head -4 | tr '\n' ' ')"

t_run run-hello 0 "^arg two words$" "$N" run "$T/out/rt.img"
grep -q "^hello from /bin/rt$" <<<"$T_OUT" && grep -q "^host rt$" <<<"$T_OUT" &&
	t_ok run-hello-output || t_fail run-hello-output "$(echo "$T_OUT" | tr '\n' '|')"
t_run run-status-7 7 "^arg x7$" "$N" run "$T/out/rt.img" -- /bin/rt x7
t_run run-env-hostname 0 "^env GREETING=hello world$" "$N" run -e "GREETING=hello world" --hostname box "$T/out/rt.img"
grep -q "^host box$" <<<"$T_OUT" && t_ok run-hostname || t_fail run-hostname "$(echo "$T_OUT" | tr '\n' '|')"
t_run run-symlink-cmd 3 "^hello from /bin/rt-link$" "$N" run "$T/out/rt.img" -- /bin/rt-link x3
t_run run-mem 0 "^hello" "$N" run --mem 64 "$T/out/rt.img"
# nablux run is the tender: SIGTERM to it reaches the program's handler
"$N" run "$T/out/rt.img" -- /bin/rt sleep 30 >"$T/sleep.out" 2>&1 </dev/null &
spid=$!
t_wait_for "$T/sleep.out" sleeping
kill -TERM "$spid"
wait "$spid"
st=$?
[ "$st" -eq 0 ] && grep -q "got SIGTERM" "$T/sleep.out" && t_ok run-sigterm-forwarded ||
	t_fail run-sigterm-forwarded "status $st: $(tr '\n' '|' <"$T/sleep.out")"

# Timing: nablux run vs the tender directly, 10 runs each.
ms() { local s e; s=$(date +%s%N); for _ in 1 2 3 4 5 6 7 8 9 10; do "$@" >/dev/null 2>&1; done; e=$(date +%s%N); echo $(((e - s) / 10000000)); }
cp "$T/out/rt.img" "$T/direct.img"
a=$(ms "$BIN/nablux-spt" --block:rootfs="$T/direct.img" "$T/rt.spt" rt)
b=$(ms "$N" run "$T/out/rt.img")
echo "   hello: nablux-spt directly ${a} ms, nablux run ${b} ms (mean of 10)"

# ---- --read-only: the guest mounts its root read-only on a read-only
# device, and the tender opens the image read-only (a write is a seccomp
# violation, status 159): the image keeps its bytes whatever the program
# does. (A read-only root needs /dev and /proc to mount on.)
mkdir -p "$T/roroot/bin" "$T/roroot/dev" "$T/roroot/proc"
cp "$T/rt.spt" "$T/roroot/bin/rt"
"$N" build "$T/roroot" -o "$T/out/ro.img" --entrypoint /bin/rt >/dev/null 2>&1
sum=$(sha256sum <"$T/out/ro.img")
t_run ro-runs 0 "^hello from /bin/rt$" "$N" run --read-only "$T/out/ro.img"
t_run ro-write-erofs 1 "^/bin/f: Read-only file system$" "$N" run --read-only "$T/out/ro.img" -- /bin/rt write /bin/f data
t_run ro-scribble-killed 159 "" "$N" run --read-only "$T/out/ro.img" -- /bin/rt scribble /dev/vda
[ "$(sha256sum <"$T/out/ro.img")" = "$sum" ] && t_ok ro-image-unchanged || t_fail ro-image-unchanged "its SHA-256 changed"
# An image whose journal waits to be replayed is refused: read-only, the
# guest's kernel could not replay it (nablux run says so first; the
# start-up too, given nablux.ro=1 directly).
cp "$T/out/ro.img" "$T/out/rec.img"
cp "$T/out/ro.img.json" "$T/out/rec.img.json"
debugfs -w -R "feature needs_recovery" "$T/out/rec.img" >/dev/null 2>&1
sum=$(sha256sum <"$T/out/rec.img")
t_run err-ro-needs-recovery 125 "rec.img needs recovery .*without --read-only" "$N" run --read-only "$T/out/rec.img"
one_line err-ro-needs-recovery-one-line
t_run ro-guest-needs-recovery 1 "^nablux: the root file system needs recovery" \
	"$BIN/nablux-spt" --x-block-ro:rootfs="$T/out/rec.img" "$T/rt.spt" nablux.ro=1 rt
[ "$(sha256sum <"$T/out/rec.img")" = "$sum" ] && t_ok ro-recovery-image-unchanged ||
	t_fail ro-recovery-image-unchanged "its SHA-256 changed"
# (a read-write run makes what it mounts on: rt.img has them by now)
"$N" build "$T/root" -o "$T/out/noproc.img" --entrypoint /bin/rt >/dev/null 2>&1
t_run ro-no-proc 1 "^nablux: the read-only root file system has no /dev or /proc" "$N" run --read-only "$T/out/noproc.img"
# Read-write, the same write stays in the image.
t_run rw-write 0 "^wrote /bin/f$" "$N" run "$T/out/ro.img" -- /bin/rt write /bin/f data
t_run rw-write-kept 0 "^data$" "$N" run --read-only "$T/out/ro.img" -- /bin/rt cat /bin/f

# ---- nablux run BUNDLE: an OCI bundle in the foreground
S=$T/bstore
mkdir -p "$T/rb/rootfs/bin" "$T/rb/rootfs/dev" "$T/rb/rootfs/proc" "$T/rb/rootfs/etc"
cp "$T/rt.spt" "$T/rb/rootfs/bin/rt"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$T/rb/rootfs/etc/passwd"
head -c 32M /dev/urandom >"$T/rb/rootfs/big"
cat >"$T/rb/config.json" <<EOF
{"ociVersion": "1.0.2",
 "process": {"args": ["rt", "x5", "bundle arg"], "env": ["PATH=/bin", "GREETING=hello bundle"], "cwd": "/etc"},
 "root": {"path": "rootfs"}, "hostname": "bundlebox",
 "linux": {"resources": {"memory": {"limit": 134217728}}}}
EOF
s=$(date +%s%N)
NABLUX_STORE=$S t_run run-bundle 5 "^arg bundle arg$" "$N" run "$T/rb"
m=$(date +%s%N)
for l in "env GREETING=hello bundle" "env HOME=/root" "host bundlebox" "cwd /etc"; do
	grep -qx "$l" <<<"$T_OUT" || { t_fail run-bundle-config "no '$l': $(echo "$T_OUT" | tr '\n' '|')"; break; }
done && t_ok run-bundle-config
NABLUX_STORE=$S t_run run-bundle-cached 5 "^host bundlebox$" "$N" run "$T/rb"
e=$(date +%s%N)
echo "   nablux run BUNDLE (32 MiB rootfs): cold $(((m - s) / 1000000)) ms (ext4 image made), cached $(((e - m) / 1000000)) ms"
[ "$(ls "$S/images" | grep -c '\.img$')" -eq 1 ] && t_ok run-bundle-image-cached || t_fail run-bundle-image-cached "$(ls "$S/images")"
NABLUX_STORE=$S t_run run-bundle-overrides 3 "^host other$" "$N" run -e GREETING=over --hostname other --workdir / "$T/rb" -- rt x3
grep -qx "env GREETING=over" <<<"$T_OUT" && grep -qx "cwd /" <<<"$T_OUT" && ! grep -q "^arg bundle" <<<"$T_OUT" &&
	t_ok run-bundle-overrides-output || t_fail run-bundle-overrides-output "$(echo "$T_OUT" | tr '\n' '|')"
# The guest writes a private copy: not the cached image, not the next run's.
img=$(ls "$S"/images/*.img)
sum=$(sha256sum <"$img")
NABLUX_STORE=$S t_run run-bundle-write 0 "^wrote /etc/f$" "$N" run "$T/rb" -- /bin/rt write /etc/f data
NABLUX_STORE=$S t_run run-bundle-private 1 "^/etc/f: No such file" "$N" run "$T/rb" -- /bin/rt cat /etc/f
# Read-only: --read-only or root.readonly (the cached image itself, read-only)
NABLUX_STORE=$S t_run run-bundle-read-only 1 "^/etc/f: Read-only file system$" "$N" run --read-only "$T/rb" -- /bin/rt write /etc/f data
cp "$T/rb/config.json" "$T/rb/rw.json"
sed -i 's|"path": "rootfs"}|"path": "rootfs", "readonly": true}|' "$T/rb/config.json"
NABLUX_STORE=$S t_run run-bundle-root-readonly 1 "^/etc/f: Read-only file system$" "$N" run "$T/rb" -- /bin/rt write /etc/f data
NABLUX_STORE=$S t_run run-bundle-readonly-scribble 159 "" "$N" run "$T/rb" -- /bin/rt scribble /dev/vda
cp "$T/rb/rw.json" "$T/rb/config.json"
[ "$(sha256sum <"$img")" = "$sum" ] && t_ok run-bundle-cache-unchanged || t_fail run-bundle-cache-unchanged "its SHA-256 changed"
# Bind mounts are copied in as create copies them (read-only too).
mkdir -p "$T/rbm/rootfs"
cp -a "$T/rb/rootfs/bin" "$T/rb/rootfs/dev" "$T/rb/rootfs/proc" "$T/rbm/rootfs/"
echo "a bound file" >"$T/rbm.motd"
cat >"$T/rbm/config.json" <<EOF
{"process": {"args": ["/bin/rt", "cat", "/etc/motd"]}, "root": {"path": "rootfs", "readonly": true},
 "mounts": [{"destination": "/etc/motd", "type": "bind", "source": "$T/rbm.motd", "options": ["rbind"]},
            {"destination": "/proc", "type": "proc", "source": "proc"}]}
EOF
NABLUX_STORE=$S t_run run-bundle-mounts 0 "^a bound file$" "$N" run "$T/rbm"
# SIGKILL of the tender (nablux became it): no copy, no temporary file left
NABLUX_STORE=$S "$N" run "$T/rb" -- /bin/rt sleep 30 >"$T/rbk.out" 2>&1 </dev/null &
kpid=$!
t_wait_for "$T/rbk.out" sleeping
kill -KILL "$kpid"
wait "$kpid" 2>/dev/null
left=$(ls -A "$S/images" | grep -v '\.img$' | grep -v '\.devices\.json$')
[ -z "$left" ] && [ "$(ls "$S/images" | wc -l)" -eq 4 ] && t_ok run-bundle-killed-nothing-left ||
	t_fail run-bundle-killed-nothing-left "$(ls -A "$S/images" | tr '\n' ' ')"
# Bad bundles: one line, status 125
mkdir -p "$T/rbad/rootfs"
t_run err-bundle-no-config 125 "not an OCI bundle \(no config.json\)" "$N" run "$T/rbad"
one_line err-bundle-no-config-one-line
echo '{"process": {"env": []}, "root": {"path": "rootfs"}}' >"$T/rbad/config.json"
t_run err-bundle-no-args 125 "config.json: process.args is empty" "$N" run "$T/rbad"
one_line err-bundle-no-args-one-line
echo '{"process": ' >"$T/rbad/config.json"
t_run err-bundle-bad-json 125 "config.json: " "$N" run "$T/rbad"
one_line err-bundle-bad-json-one-line
echo '{"process": {"args": ["/bin/rt"]}, "root": {"path": "nothere"}}' >"$T/rbad/config.json"
t_run err-bundle-no-rootfs 125 "rootfs .*nothere: no such directory" "$N" run "$T/rbad"
sed 's|134217728|16777216|' "$T/rb/rw.json" >"$T/rb/config.json"
NABLUX_STORE=$S t_run err-bundle-mem-too-small 125 "memory 16 MiB is below the minimum" "$N" run "$T/rb"
cp "$T/rb/rw.json" "$T/rb/config.json"

# ---- image tarballs: nablux image (OCI layout + docker manifest), a plain tarball
t_run image-tarball 0 "" "$N" image "$T/root" -o "$T/out/img.tar" --entrypoint /bin/rt --cmd "x4 from-image" -e "FROM=image"
tar -tf "$T/out/img.tar" >"$T/tar.list" 2>&1 && grep -q '^index.json$' "$T/tar.list" &&
	grep -q '^manifest.json$' "$T/tar.list" && grep -q '^oci-layout$' "$T/tar.list" &&
	t_ok image-tarball-layout || t_fail image-tarball-layout "$(tr '\n' ' ' <"$T/tar.list")"
t_run build-from-image 0 "" "$N" build "$T/out/img.tar" -o "$T/out/fromimg.img"
t_run run-from-image 4 "^env FROM=image$" "$N" run "$T/out/fromimg.img"
grep -q "^arg from-image$" <<<"$T_OUT" && t_ok run-from-image-cmd || t_fail run-from-image-cmd "$(echo "$T_OUT" | tr '\n' '|')"
tar -C "$T/root" -cf "$T/out/plain.tar" .
t_run build-from-plain-tar 0 "" "$N" build "$T/out/plain.tar" -o "$T/out/plain.img" --entrypoint /bin/rt
t_run run-from-plain-tar 0 "^hello from /bin/rt$" "$N" run "$T/out/plain.img"

# ---- bad inputs: one line, status 125, nothing left behind
mkdir -p "$T/bad/bin"
cp /bin/true "$T/bad/bin/app"
before=$(ls -A "$T/out" | sort | tr '\n' ' ')
t_run err-not-unikernel 125 "not a Solo5 unikernel.*nablux-cc" "$N" build "$T/bad" -o "$T/out/bad.img" --entrypoint /bin/app
one_line err-not-unikernel-one-line
t_run err-no-entrypoint-file 125 "/bin/nothere: no such file" "$N" build "$T/root" -o "$T/out/bad.img" --entrypoint /bin/nothere
t_run err-build-too-small 125 "image too small" "$N" build "$T/root" -o "$T/out/bad.img" --entrypoint /bin/rt --size 2M
one_line err-build-too-small-one-line
t_run err-build-no-entrypoint 125 "no entrypoint" "$N" build "$T/root" -o "$T/out/bad.img"
t_run err-build-not-tarball 125 "not a tarball" "$N" build "$T/bad/bin/app" -o "$T/out/bad.img"
after=$(ls -A "$T/out" | sort | tr '\n' ' ')
[ "$before" = "$after" ] && t_ok err-build-nothing-left || t_fail err-build-nothing-left "before: $before after: $after"
# What a killed build left (PATH.tmpPID, its pid gone) goes at the next one.
true & dead=$!
wait "$dead"
touch "$T/out/rt.img.tmp$dead" "$T/out/rt.img.json.tmp$dead"
mkdir "$T/out/rt.img.tmp$dead.d"
"$N" build "$T/root" -o "$T/out/rt.img" --entrypoint /bin/rt --cmd "x0 'two words'" &&
	[ -z "$(ls "$T/out" | grep tmp)" ] && t_ok build-cleans-stale || t_fail build-cleans-stale "$(ls "$T/out")"
t_run err-missing-image 125 "no such image" "$N" run "$T/out/missing.img"
one_line err-missing-image-one-line
t_run err-bad-option 125 "unknown option --frobnicate" "$N" run --frobnicate "$T/out/rt.img"
one_line err-bad-option-one-line
t_run err-missing-cmd 125 "/bin/nothere in .*: no such file" "$N" run "$T/out/rt.img" -- /bin/nothere
t_run err-cmd-not-unikernel 125 "not a Solo5 unikernel" "$N" run "$T/out/rt.img" -- /etc/data
t_run err-mem-too-small 125 "below the minimum" "$N" run --mem 16 "$T/out/rt.img"
t_run err-net-not-built-for 125 "no net device.*--nablux-net" "$N" run --ip 10.0.0.2/24 --gw 10.0.0.1 "$T/out/rt.img"
t_run err-gw-outside 125 "not another address" "$N" run --ip 10.0.0.2/24 --gw 10.1.0.1 "$T/out/rt.img"
t_run err-unknown-command 125 "unknown command" "$N" frobnicate

# ---- network: nablux run --ip makes its own tap (in the namespace it runs
# in) and the tap goes away with the tender.
mkdir -p "$T/nroot/bin"
cp "$T/rtnet.spt" "$T/nroot/bin/rt"
"$N" build "$T/nroot" -o "$T/out/net.img" --entrypoint /bin/rt --cmd echo >/dev/null 2>&1
t_run err-net-needed 125 "needs a network" "$N" run "$T/out/net.img"
why=$(t_net_why)
if [ -n "$why" ]; then
	t_skip run-ip "$why"
elif t_ns_new run; then
	ip netns exec "$NS" timeout -s KILL 30 "$N" run --ip 10.7.0.2/24 --gw 10.7.0.1 \
		"$T/out/net.img" >"$T/run-ip.out" 2>&1 </dev/null &
	rpid=$!
	t_wait_for "$T/run-ip.out" listening
	got=$(ip netns exec "$NS" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.7.0.2 7777 line "over the tap" 2>&1)
	[ "$got" = "over the tap" ] && t_ok run-ip-tcp || t_fail run-ip-tcp "got: $got; $(tr '\n' '|' <"$T/run-ip.out")"
	wait "$rpid"
	st=$?
	[ "$st" -eq 0 ] && grep -q served "$T/run-ip.out" && t_ok run-ip-exit ||
		t_fail run-ip-exit "status $st: $(tr '\n' '|' <"$T/run-ip.out")"
	links=$(ip -n "$NS" -o link show | grep -vc ': lo:')
	[ "$links" -eq 0 ] && t_ok run-ip-tap-removed || t_fail run-ip-tap-removed "$(ip -n "$NS" -br link)"
	# Net offload: the unikernel asks (nablux-cc's Linux does), so nablux
	# opens its tap with IFF_VNET_HDR and the tender grants it; a copy
	# that does not ask gets a plain tap, and so does one run with
	# NABLUX_NET_OFFLOAD=off. IMAGE.json says which.
	mkdir -p "$T/proot/bin"
	cp "$T/rtplain.spt" "$T/proot/bin/rt"
	"$N" build "$T/proot" -o "$T/out/plain-net.img" --entrypoint /bin/rt --cmd echo >/dev/null 2>&1
	grep -q '"net_offload": true' "$T/out/net.img.json" && grep -q '"net_offload": false' "$T/out/plain-net.img.json" &&
		t_ok build-net-offload-json || t_fail build-net-offload-json "$(tr -d '\n' <"$T/out/plain-net.img.json")"
	for img in net:on plain-net:off; do
		ip netns exec "$NS" timeout -s KILL 60 "$N" run --ip 10.7.0.2/24 --gw 10.7.0.1 \
			"$T/out/${img%:*}.img" -- /bin/rt echo 2 >"$T/run-${img%:*}.out" 2>&1 </dev/null &
		rpid=$!
		stream_check "run-ip-${img%:*}" "$NS" 10.7.0.2 "$NS" "${img#*:}" "$T/run-${img%:*}.out"
		wait "$rpid" || t_fail "run-ip-${img%:*}-exit" "$(tr '\n' '|' <"$T/run-${img%:*}.out")"
		eval "RUN_MBPS_${img#*:}=\$MBPS"
	done
	echo "   nablux run --ip, 16 MiB each way: offload $RUN_MBPS_on MB/s, plain $RUN_MBPS_off MB/s"
	NABLUX_NET_OFFLOAD=off ip netns exec "$NS" timeout -s KILL 30 "$N" run --ip 10.7.0.2/24 --gw 10.7.0.1 \
		"$T/out/net.img" >"$T/run-envoff.out" 2>&1 </dev/null &
	rpid=$!
	t_wait_for "$T/run-envoff.out" listening
	ip -n "$NS" -d link show | grep -q "tun type tap .*vnet_hdr off" && t_ok run-ip-env-off-plain ||
		t_fail run-ip-env-off-plain "$(ip -n "$NS" -d link show | grep -A2 nbx | tr '\n' '|')"
	got=$(ip netns exec "$NS" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.7.0.2 7777 line plain 2>&1)
	wait "$rpid" && [ "$got" = plain ] && t_ok run-ip-env-off-echo || t_fail run-ip-env-off-echo "got: $got; $(tr '\n' '|' <"$T/run-envoff.out")"
	# A bundle takes the network options as an image does.
	mkdir -p "$T/nb/rootfs/bin"
	cp "$T/rtnet.spt" "$T/nb/rootfs/bin/rt"
	echo '{"process": {"args": ["/bin/rt", "echo"]}, "root": {"path": "rootfs"}}' >"$T/nb/config.json"
	NABLUX_STORE=$T/bstore t_run err-bundle-net-needed 125 "needs a network" "$N" run "$T/nb"
	NABLUX_STORE=$T/bstore ip netns exec "$NS" timeout -s KILL 30 "$N" run --ip 10.7.0.2/24 --gw 10.7.0.1 \
		"$T/nb" >"$T/run-nb.out" 2>&1 </dev/null &
	rpid=$!
	t_wait_for "$T/run-nb.out" listening
	got=$(ip netns exec "$NS" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.7.0.2 7777 line "to a bundle" 2>&1)
	wait "$rpid" && [ "$got" = "to a bundle" ] && t_ok run-bundle-ip-tcp || t_fail run-bundle-ip-tcp "got: $got; $(tr '\n' '|' <"$T/run-nb.out")"
else
	t_fail run-ip "could not make a namespace"
fi

# ---- the runtime's JSON (the json module's C parts without its import):
# the same objects and text as the json module, its errors for bad input
if python3 -IS - "$BUILD/lib" <<'PY'; then
import sys
sys.path.insert(0, sys.argv[1])
import nablux_runtime as n
heavy = [m for m in ("json", "re", "enum", "subprocess", "socket", "hashlib") if m in sys.modules]
assert not heavy, heavy
import json as real, random
J = n.json
docs = [{}, [], "", 0, -1, 1.5, 1e300, 0.1, -0.0, True, False, None, (1, [2, (3,)]),
        "q\"b\\s\n\t\u00e9\u2603\U0001F600\x00\x1f", {"a": [1, {"b": None, "c": []}], "d": {}, "\u00e9": "\u00fc"}]
rnd = random.Random(7)
def gen(d=0):
    k = rnd.randrange(7 if d < 4 else 4)
    if k == 0: return rnd.randrange(-10**20, 10**20)
    if k == 1: return rnd.random() * 10 ** rnd.randrange(-30, 30)
    if k == 2: return "".join(chr(rnd.randrange(0, 0x3000)) for _ in range(rnd.randrange(6)))
    if k == 3: return rnd.choice([True, False, None])
    if k in (4, 5): return [gen(d + 1) for _ in range(rnd.randrange(4))]
    return {"".join(chr(rnd.randrange(32, 0x500)) for _ in range(rnd.randrange(5))): gen(d + 1)
            for _ in range(rnd.randrange(4))}
for o in docs + [gen() for _ in range(2000)]:
    for ind in (None, 1, 2):
        t = real.dumps(o, indent=ind)
        assert J.dumps(o, indent=ind) == t, (o, ind)
        assert repr(J.loads(t)) == repr(real.loads(t)), t
        assert repr(J.loads(t.encode())) == repr(real.loads(t)), t
for t in [' {"a" : 1 , "b":[ 1,2 ] }\n', '1e5', '{"a": NaN}', '-Infinity', '\ufeff{}', '{"a": 1} x', '', ' ',
          '{', '[1,]', '{"a":1,}', '[1] [2]', '"\\ud800"', b'\xef\xbb\xbf{}', '{"a":"\x01"}', b'\xff', 7]:
    try: want = ("ok", repr(real.loads(t)))
    except Exception as e: want = ("error", type(e), str(e))
    try: got = ("ok", repr(J.loads(t)))
    except Exception as e: got = ("error", type(e), str(e))
    assert got == want, (t, got, want)
assert J.dumps({1: float("nan")}) == real.dumps({1: float("nan")})
assert J.dumps({"b": 1, "a": 2}, sort_keys=True) == real.dumps({"b": 1, "a": 2}, sort_keys=True)
PY
	t_ok runtime-json-as-json
else
	t_fail runtime-json-as-json "see above"
fi

# ---- the OCI runtime interface, driven directly
O=$T/oci
R=(--root "$O" --log "$T/oci.log" --log-format json)
mkbundle() { # DIR ARGS-JSON [EXTRA-LINUX-JSON]
	mkdir -p "$1/rootfs/bin"
	cp "${RT_BIN:-$T/rt.spt}" "$1/rootfs/bin/rt"
	cat >"$1/config.json" <<EOF
{"ociVersion": "1.0.2",
 "process": {"args": $2, "env": ["PATH=/bin", "GREETING=hello oci"], "cwd": "/"},
 "root": {"path": "rootfs"}, "hostname": "ocibox",
 "linux": {"resources": {"memory": {"limit": 134217728}},
           "namespaces": [{"type": "pid"}, {"type": "network"${3:-}}]}}
EOF
}
# state_is ID STATUS: state's JSON has the spec's required fields and STATUS
state_is() {
	"$N" "${R[@]}" state "$1" >"$T/state.json" 2>&1 &&
		python3 - "$T/state.json" "$1" "$2" 2>/dev/null <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for k in ("ociVersion", "id", "status", "bundle"):
    assert k in s, k
assert s["id"] == sys.argv[2] and s["status"] == sys.argv[3], s
assert s["status"] == "stopped" or s["pid"] > 0, s
PY
}
# oci_create NAME WANT PATTERN ID BUNDLE [OPTION...]: create, its stdio on
# files ($T/ID.out, $T/ID.err; the container's process keeps them, so no
# pipe that a $(...) would wait on), status WANT, stderr matching PATTERN.
oci_create() {
	local name=$1 want=$2 pat=$3 id=$4 b=$5; shift 5
	timeout -s KILL 30 "$N" "${R[@]}" create --bundle "$b" "$@" "$id" \
		>"$T/$id.out" 2>"$T/$id.err" </dev/null
	local st=$?
	T_OUT=$(cat "$T/$id.err")
	if [ "$st" -ne "$want" ]; then
		t_fail "$name" "status $st, want $want: $(tr '\n' '|' <"$T/$id.err")"
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$T/$id.err"; then
		t_fail "$name" "stderr lacks /$pat/: $(tr '\n' '|' <"$T/$id.err")"
	else
		t_ok "$name"
	fi
}
mkbundle "$T/b1" '["rt", "x5", "oci arg"]'
oci_create oci-create 0 "" c1 "$T/b1" --pid-file "$T/b1.pid"
state_is c1 created && t_ok oci-state-created || t_fail oci-state-created "$(tr '\n' ' ' <"$T/state.json")"
[ "$(cat "$T/b1.pid" 2>/dev/null)" = "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$T/state.json")" ] &&
	t_ok oci-pid-file || t_fail oci-pid-file "pid file $(cat "$T/b1.pid" 2>&1)"
# The process's stdio is create's (the shim's pipes): here a file.
oci_create oci-create-2 0 "" c2 "$T/b1"
"$N" "${R[@]}" start c2
for _ in $(seq 100); do state_is c2 stopped && break; sleep 0.05; done
state_is c2 stopped && grep -q "^arg oci arg$" "$T/c2.out" && grep -q "^env GREETING=hello oci$" "$T/c2.out" &&
	grep -q "^host ocibox$" "$T/c2.out" && t_ok oci-start-runs-to-stopped ||
	t_fail oci-start-runs-to-stopped "$(tr '\n' '|' <"$T/state.json") output: $(tr '\n' '|' <"$T/c2.out")"
t_run oci-kill-stopped 1 "not running" "$N" "${R[@]}" kill c2 KILL
one_line oci-kill-stopped-one-line
t_run oci-start-twice 1 "not created" "$N" "${R[@]}" start c2
t_run oci-delete-stopped 0 "" "$N" "${R[@]}" delete c2
t_run oci-delete-twice 1 "does not exist" "$N" "${R[@]}" delete c2
t_run oci-delete-created 0 "" "$N" "${R[@]}" delete c1
[ "$(ls "$O/images" | grep -c "\.img$")" -eq 1 ] && t_ok oci-image-cached-once || t_fail oci-image-cached-once "$(ls "$O/images")"

# NABLUX_STORE: the images on disk, not in the (tmpfs) runtime root.
NABLUX_STORE=$T/store oci_create oci-store-create 0 "" cs "$T/b1"
[ "$(ls "$T/store/images" | grep -c "\.img$")" -eq 1 ] && [ "$(ls "$T/store/containers" | wc -l)" -eq 1 ] &&
	[ ! -e "$O/cs/rootfs.img" ] && t_ok oci-store-images || t_fail oci-store-images "$(ls -R "$T/store" "$O/cs")"
NABLUX_STORE=$T/store "$N" "${R[@]}" delete cs
[ "$(ls "$T/store/containers" | wc -l)" -eq 0 ] && t_ok oci-store-deleted || t_fail oci-store-deleted "$(ls -R "$T/store")"

# Hooks run as runc runs them, the state on their stdin.
mkbundle "$T/bh" '["/bin/rt", "x0"]'
python3 - "$T/bh/config.json" "$T" <<'PY'
import json, sys
p, t = sys.argv[1], sys.argv[2]
c = json.load(open(p))
hook = lambda n: [{"path": "/bin/sh", "args": ["sh", "-c", "cat > %s/hook-%s.json" % (t, n)]}]
c["hooks"] = {n: hook(n) for n in ("createRuntime", "prestart", "poststart", "poststop")}
json.dump(c, open(p, "w"))
PY
oci_create oci-hooks-create 0 "" ch "$T/bh"
"$N" "${R[@]}" start ch
for _ in $(seq 100); do state_is ch stopped && break; sleep 0.05; done
"$N" "${R[@]}" delete ch
if python3 - "$T" <<'PY'; then
import json, sys
t = sys.argv[1]
want = {"createRuntime": "creating", "prestart": "creating", "poststart": "running", "poststop": "stopped"}
for n, status in want.items():
    s = json.load(open("%s/hook-%s.json" % (t, n)))
    assert s["id"] == "ch" and s["status"] == status and s["bundle"].endswith("/bh"), (n, s)
    assert status == "stopped" or s["pid"] > 0, (n, s)
PY
	t_ok oci-hooks-state-on-stdin
else
	t_fail oci-hooks-state-on-stdin "$(cat "$T"/hook-*.json 2>&1 | tr '\n' ' ')"
fi

# A hook past its timeout is killed and fails create (nothing left).
mkbundle "$T/bt" '["/bin/rt"]'
python3 - "$T/bt/config.json" "$T/hook-sleep.pid" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["hooks"] = {"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", "echo $$ >%s; exec sleep 30" % sys.argv[2]],
                            "timeout": 1}]}
json.dump(c, open(sys.argv[1], "w"))
PY
oci_create oci-hook-timeout 1 "prestart hook /bin/sh: Command .* timed out after 1 seconds" ct "$T/bt"
hp=$(cat "$T/hook-sleep.pid" 2>/dev/null)
[ ! -e "$O/ct" ] && [ -n "$hp" ] && ! kill -0 "$hp" 2>/dev/null && t_ok oci-hook-timeout-killed ||
	t_fail oci-hook-timeout-killed "hook pid ${hp:-?}: $(ls "$O")"

mkbundle "$T/b2" '["/bin/rt", "sleep", "30"]'
# cgroupsPath: the tender joins it in every hierarchy; delete removes it
python3 - "$T/b2/config.json" "/nablux-t$$/c3" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["linux"]["cgroupsPath"] = sys.argv[2]
json.dump(c, open(sys.argv[1], "w"))
PY
oci_create oci-create-sleeper 0 "" c3 "$T/b2"
"$N" "${R[@]}" start c3
for _ in $(seq 100); do grep -q sleeping "$T/c3.out" && break; sleep 0.05; done
state_is c3 running && t_ok oci-state-running || t_fail oci-state-running "$(tr '\n' ' ' <"$T/state.json")"
pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$T/state.json")
grep -q ":/nablux-t$$/c3$" "/proc/$pid/cgroup" 2>/dev/null && t_ok oci-cgroup-joined ||
	t_fail oci-cgroup-joined "pid $pid: $(tr '\n' ' ' <"/proc/$pid/cgroup" 2>&1)"
t_run oci-ps 0 '^\[[0-9]+\]$' "$N" "${R[@]}" ps --format json c3
t_run oci-delete-running 1 "running" "$N" "${R[@]}" delete c3
# SIGTERM reaches the unikernel's pid 1 (its handler ends it cleanly)
t_run oci-kill-term 0 "" "$N" "${R[@]}" kill c3 TERM
for _ in $(seq 100); do state_is c3 stopped && break; sleep 0.05; done
state_is c3 stopped && grep -q "got SIGTERM" "$T/c3.out" && t_ok oci-kill-term-graceful ||
	t_fail oci-kill-term-graceful "$(tr '\n' ' ' <"$T/state.json"); output: $(tr '\n' '|' <"$T/c3.out")"
t_run oci-delete-killed 0 "" "$N" "${R[@]}" delete c3
ls -d /sys/fs/cgroup/*/nablux-t$$/c3 >/dev/null 2>&1 && t_fail oci-cgroup-removed "$(ls -d /sys/fs/cgroup/*/nablux-t$$/c3)" ||
	t_ok oci-cgroup-removed
oci_create oci-create-sleeper-2 0 "" c3 "$T/b2"
"$N" "${R[@]}" start c3
t_run oci-kill-kill 0 "" "$N" "${R[@]}" kill c3 9
for _ in $(seq 100); do state_is c3 stopped && break; sleep 0.05; done
state_is c3 stopped && t_ok oci-kill-kill-stops || t_fail oci-kill-kill-stops "$(tr '\n' ' ' <"$T/state.json")"
t_run oci-delete-killed-2 0 "" "$N" "${R[@]}" delete c3
oci_create oci-create-4 0 "" c4 "$T/b2" && "$N" "${R[@]}" start c4
t_run oci-delete-force 0 "" "$N" "${R[@]}" delete --force c4
[ ! -e "$O/c4" ] && t_ok oci-delete-force-gone || t_fail oci-delete-force-gone "$(ls "$O")"

mkdir -p "$T/b3/rootfs/bin"
cp /bin/true "$T/b3/rootfs/bin/app"
sed 's|"/bin/rt", "sleep", "30"|"/bin/app"|' "$T/b2/config.json" >"$T/b3/config.json"
oci_create oci-create-not-unikernel 1 "not a Solo5 unikernel.*nablux-cc" c5 "$T/b3"
one_line oci-create-not-unikernel-one-line
[ ! -e "$O/c5" ] && t_ok oci-create-failed-nothing-left || t_fail oci-create-failed-nothing-left "$(ls "$O")"
grep -q '"level": "error", "msg": ".*not a Solo5 unikernel' "$T/oci.log" && t_ok oci-log-json ||
	t_fail oci-log-json "$(tail -2 "$T/oci.log" | tr '\n' '|')"
t_run oci-exec 1 "exec is not supported" "$N" "${R[@]}" exec c1 /bin/sh

# Bind mounts: a file and a read-only directory are copied into the
# container's image, a writable directory is refused; HOME as runc sets it.
mkbundle "$T/bm" '["/bin/rt", "cat", "/etc/motd", "/srv/in/f"]'
mkdir -p "$T/bmsrc/in"
echo "a bound file" >"$T/bmsrc/motd"
echo "a bound directory" >"$T/bmsrc/in/f"
python3 - "$T/bm/config.json" "$T/bmsrc" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["mounts"] = [
    {"destination": "/etc/motd", "type": "bind", "source": sys.argv[2] + "/motd", "options": ["rbind"]},
    {"destination": "/srv", "type": "bind", "source": sys.argv[2], "options": ["rbind", "ro"]},
    {"destination": "/dev/shm", "type": "bind", "source": sys.argv[2], "options": ["rbind"]},
    {"destination": "/proc", "type": "proc", "source": "proc"}]
json.dump(c, open(sys.argv[1], "w"))
PY
oci_create oci-mounts-create 0 "" cm "$T/bm"
"$N" "${R[@]}" start cm
for _ in $(seq 100); do state_is cm stopped && break; sleep 0.05; done
grep -q "^a bound file$" "$T/cm.out" && grep -q "^a bound directory$" "$T/cm.out" && t_ok oci-mounts-copied ||
	t_fail oci-mounts-copied "$(tr '\n' '|' <"$T/cm.out")"
"$N" "${R[@]}" delete cm
sed -i 's|"rbind", "ro"|"rbind"|' "$T/bm/config.json"
oci_create oci-mounts-volume-refused 1 "mount .* on /srv: a writable directory" cm "$T/bm"
mkbundle "$T/bh2" '["/bin/rt"]'
oci_create oci-home-create 0 "" ch2 "$T/bh2"
"$N" "${R[@]}" start ch2
for _ in $(seq 100); do state_is ch2 stopped && break; sleep 0.05; done
grep -q "^env HOME=/$" "$T/ch2.out" && t_ok oci-home-as-runc || t_fail oci-home-as-runc "$(tr '\n' '|' <"$T/ch2.out")"
"$N" "${R[@]}" delete ch2
# root.readonly (docker run --read-only): read-only in the guest and for
# the tender, as nablux run --read-only
mkbundle "$T/bro" '["/bin/rt", "write", "/bin/f", "data"]'
mkdir -p "$T/bro/rootfs/dev" "$T/bro/rootfs/proc"
sed -i 's|"path": "rootfs"}|"path": "rootfs", "readonly": true}|' "$T/bro/config.json"
oci_create oci-readonly-create 0 "" cro "$T/bro"
"$N" "${R[@]}" start cro
for _ in $(seq 100); do state_is cro stopped && break; sleep 0.05; done
grep -qx "/bin/f: Read-only file system" "$T/cro.out" && t_ok oci-readonly-erofs ||
	t_fail oci-readonly-erofs "$(tr '\n' '|' <"$T/cro.out")"
"$N" "${R[@]}" delete cro
t_run oci-features 0 '"ociVersionMax"' "$N" "${R[@]}" features
t_run oci-global-flags 0 "" "$N" --root "$O" --log "$T/oci.log" --log-format json --systemd-cgroup features

# Cold vs cached create (a 64 MiB tree: the image is made once).
mkbundle "$T/b4" '["/bin/rt"]'
head -c 64M /dev/urandom >"$T/b4/rootfs/big"
s=$(date +%s%N)
oci_create oci-create-cold 0 "" c6 "$T/b4"
m=$(date +%s%N)
"$N" "${R[@]}" delete c6
m2=$(date +%s%N)
oci_create oci-create-cached 0 "" c6 "$T/b4"
e=$(date +%s%N)
"$N" "${R[@]}" delete c6
echo "   create with a 64 MiB rootfs: cold $(((m - s) / 1000000)) ms, cached $(((e - m2) / 1000000)) ms"
[ $(((e - m2))) -lt $(((m - s))) ] && t_ok oci-create-cached-faster || t_fail oci-create-cached-faster "cold $((m - s)) ns, cached $((e - m2)) ns"

# ---- OCI network: the veth in the container's namespace goes to the unikernel
why=$(t_net_why)
RT_BIN=$T/rtnet.spt mkbundle "$T/b5" '["/bin/rt", "echo"]'
# A new namespace with nothing in it at create: without hooks, the caller
# may set it up before start (ctr run --cni does), so create waits and
# start fails; with hooks (Docker's prestart), they had to, and create fails.
oci_create oci-net-none-create 0 "" c7 "$T/b5"
t_run oci-net-none-start 1 "needs a network.*at start" "$N" "${R[@]}" start c7
state_is c7 created && t_ok oci-net-none-still-created || t_fail oci-net-none-still-created "$(tr '\n' ' ' <"$T/state.json")"
t_run oci-net-none-delete 0 "" "$N" "${R[@]}" delete c7
[ ! -e "$O/c7" ] && t_ok oci-net-none-nothing-left || t_fail oci-net-none-nothing-left "$(ls "$O")"
RT_BIN=$T/rtnet.spt mkbundle "$T/b5h" '["/bin/rt", "echo"]'
python3 - "$T/b5h/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["hooks"] = {"prestart": [{"path": "/bin/true"}]}
json.dump(c, open(sys.argv[1], "w"))
PY
oci_create oci-net-needed 1 "needs a network" c7 "$T/b5h"
[ ! -e "$O/c7" ] && t_ok oci-net-needed-nothing-left || t_fail oci-net-needed-nothing-left "$(ls "$O")"
# A namespace another process is in (here this script's: the host's) is
# not the unikernel's to take an interface from.
RT_BIN=$T/rtnet.spt mkbundle "$T/b7" '["/bin/rt", "echo"]' ", \"path\": \"/proc/$$/ns/net\""
oci_create oci-net-not-own 1 "of its own: .*shared with pid" c9 "$T/b7"
[ ! -e "$O/c9" ] && t_ok oci-net-not-own-nothing-left || t_fail oci-net-not-own-nothing-left "$(ls "$O")"
# veth_pair NAME ADDR: namespaces $NS-NAME (the container's, ADDR.2 on
# veth "v$$c", default route) and a peer (ADDR.1); sets CNS and PNS.
veth_pair() {
	t_ns_new "$1-peer" && PNS=$NS && t_ns_new "$1" && CNS=$NS &&
		ip link add "v$$c" netns "$CNS" type veth peer name "v$$p" netns "$PNS" &&
		ip -n "$CNS" addr add "$2.2/24" dev "v$$c" && ip -n "$CNS" link set "v$$c" up &&
		ip -n "$CNS" route add default via "$2.1" &&
		ip -n "$PNS" addr add "$2.1/24" dev "v$$p" && ip -n "$PNS" link set "v$$p" up
}
# echo_check NAME OUTFILE ADDR: the echo container, once listening, echoes
# a line to the peer namespace and says "served"
echo_check() {
	t_wait_for "$2" listening
	got=$(ip netns exec "$PNS" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" "$3" 7777 line "to the unikernel" 2>&1)
	[ "$got" = "to the unikernel" ] && t_ok "$1" || t_fail "$1" "got: $got; $(tr '\n' '|' <"$2")"
	for _ in $(seq 50); do grep -q served "$2" && break; sleep 0.1; done
	grep -q served "$2" && t_ok "$1-served" || t_fail "$1-served" "$(tr '\n' '|' <"$2")"
}
if [ -n "$why" ]; then
	t_skip oci-net "$why"
elif veth_pair ocinet 10.6.0; then
	RT_BIN=$T/rtnet.spt mkbundle "$T/b6" '["/bin/rt", "echo"]' ", \"path\": \"/run/netns/$CNS\""
	oci_create oci-net-create 0 "" c8 "$T/b6"
	"$N" "${R[@]}" start c8
	echo_check oci-net-veth "$T/c8.out" 10.6.0.2
	t_run oci-net-delete 0 "" "$N" "${R[@]}" delete --force c8
	ip -n "$CNS" -br addr show "v$$c" | grep -q 10.6.0.2/24 && t_ok oci-net-address-back ||
		t_fail oci-net-address-back "$(ip -n "$CNS" -br addr)"
	# Wired at start: the veth put into the container's own (new)
	# namespace between create and start, as CNI does for ctr run --cni.
	oci_create oci-net-at-start-create 0 "" c10 "$T/b5"
	pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$O/c10/state.json")
	if ip -n "$PNS" link add "v$$d" type veth peer name "v$$e" &&
		ip -n "$PNS" link set "v$$d" netns "$pid" &&
		nsenter --net="/proc/$pid/ns/net" sh -c "ip addr add 10.3.0.2/24 dev v$$d &&
			ip link set v$$d up && ip route add default via 10.3.0.1" &&
		ip -n "$PNS" addr add 10.3.0.1/24 dev "v$$e" && ip -n "$PNS" link set "v$$e" up; then
		t_run oci-net-at-start 0 "" "$N" "${R[@]}" start c10
		echo_check oci-net-at-start-veth "$T/c10.out" 10.3.0.2
	else
		t_fail oci-net-at-start "could not put a veth into the container's namespace"
	fi
	[ ! -e "$O/c10/start.sock" ] && t_ok oci-net-at-start-socket-gone || t_fail oci-net-at-start-socket-gone "$(ls "$O/c10")"
	t_run oci-net-at-start-delete 0 "" "$N" "${R[@]}" delete --force c10
	# Net offload through the container's veth: the tap with IFF_VNET_HDR
	# for the unikernel that asks, plain for the copy that does not.
	RT_BIN=$T/rtnet.spt mkbundle "$T/b8" '["/bin/rt", "echo", "2"]' ", \"path\": \"/run/netns/$CNS\""
	RT_BIN=$T/rtplain.spt mkbundle "$T/b9" '["/bin/rt", "echo", "2"]' ", \"path\": \"/run/netns/$CNS\""
	for b in b8:on b9:off; do
		oci_create "oci-net-offload-${b#*:}-create" 0 "" c11 "$T/${b%:*}"
		"$N" "${R[@]}" start c11
		stream_check "oci-net-offload-${b#*:}" "$CNS" 10.6.0.2 "$PNS" "${b#*:}" "$T/c11.out"
		eval "OCI_MBPS_${b#*:}=\$MBPS"
		"$N" "${R[@]}" delete --force c11
	done
	echo "   through a container's veth, 16 MiB each way: offload $OCI_MBPS_on MB/s, plain $OCI_MBPS_off MB/s"
else
	t_fail oci-net "could not make the namespaces and veth"
fi

# ---- containerd: ctr run with nablux as the runc binary
if ! command -v containerd >/dev/null || ! command -v containerd-shim-runc-v2 >/dev/null; then
	t_skip ctr "containerd is not installed (apt-get install containerd)"
elif [ -n "$why" ]; then
	t_skip ctr "$why"
elif t_ns_new ctrd; then
	CTRD_NS=$NS
	C=$T/ctrd
	mkdir -p "$C"
	cat >"$C/config.toml" <<EOF
version = 2
root = "$C/root"
state = "$C/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.internal.v1.tracing",
  "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$C/sock"
[ttrpc]
  address = "$C/sock.ttrpc"
[debug]
  address = "$C/debug.sock"
EOF
	# Its own mount namespace with a tmpfs on /run/containerd (the shims'
	# sockets and fifos); ctr runs in it too. In it, /etc, /opt and /var
	# are overlays whose upper layers are here: ctr --cni reads its CNI
	# config from /etc/cni/net.d (this test's bridge network), its plugins
	# from /opt/cni/bin (Debian's, /usr/lib/cni) and caches results in
	# /var/lib/cni; containerd makes /opt/containerd. None of it reaches
	# the host's.
	CNI_NET=nablux-t$$
	mkdir -p "$C/ov/etc/u/cni/net.d" "$C/ov/opt/u/cni" "$C/ov/var/u" \
		"$C/ov/etc/w" "$C/ov/opt/w" "$C/ov/var/w" "$C/ipam"
	ln -s /usr/lib/cni "$C/ov/opt/u/cni/bin"
	cat >"$C/ov/etc/u/cni/net.d/10-nablux.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "$CNI_NET",
 "plugins": [{"type": "bridge", "bridge": "nbxcni0", "isGateway": true, "ipMasq": false,
              "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.4.0.0/24"}]],
                       "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$C/ipam"}}]}
EOF
	[ -d /run/containerd ] || { mkdir /run/containerd && MADE_RUN_CONTAINERD=1; }
	nsenter --net="/run/netns/$NS" unshare -m --propagation slave sh -c \
		"mount -t tmpfs tmpfs /run/containerd &&
		for d in etc opt var; do
			mount -t overlay overlay -o lowerdir=/\$d,upperdir=$C/ov/\$d/u,workdir=$C/ov/\$d/w /\$d || exit 1
		done && exec containerd --config $C/config.toml" \
		>"$C/containerd.log" 2>&1 </dev/null &
	CTRD_PID=$!
	CTR=(nsenter -t "$CTRD_PID" -m -n ctr --address "$C/sock" --namespace "nablux-t$$")
	for _ in $(seq 100); do "${CTR[@]}" version >/dev/null 2>&1 && break; sleep 0.1; done
	RUN=("${CTR[@]}" run --rm --runtime io.containerd.runc.v2 --runc-binary "$N" --runc-root "$C/nablux")
	"$N" image "$T/root" -o "$T/out/ctr.tar" --entrypoint /bin/rt --cmd "x0 from-ctr" -e GREETING=ctr --name nablux/rt:test
	t_run ctr-import 0 "" "${CTR[@]}" image import "$T/out/ctr.tar"
	s=$(date +%s%N)
	t_run ctr-run 0 "^arg from-ctr$" "${RUN[@]}" nablux/rt:test ctr1
	e=$(date +%s%N)
	grep -q "^env GREETING=ctr$" <<<"$T_OUT" && t_ok ctr-run-env || t_fail ctr-run-env "$(echo "$T_OUT" | tr '\n' '|')"
	t_run ctr-run-status 6 "^arg x6$" "${RUN[@]}" nablux/rt:test ctr2 /bin/rt x6
	e2=$(date +%s%N)
	echo "   ctr run --rm hello: first $(((e - s) / 1000000)) ms (ext4 image made), again $(((e2 - e) / 1000000)) ms (cached)"
	[ "$(ls "$C/nablux/nablux-t$$/images" | grep -c "\.img$")" -eq 1 ] && t_ok ctr-image-cached ||
		t_fail ctr-image-cached "$(ls "$C/nablux/nablux-t$$/images" 2>&1)"
	t_run ctr-run-not-unikernel 1 "not a Solo5 unikernel.*nablux-cc" "${RUN[@]}" nablux/rt:test ctr3 /etc/data
	# ctr task kill: SIGTERM through the shim and nablux kill to pid 1's handler
	"${CTR[@]}" run -d --runtime io.containerd.runc.v2 --runc-binary "$N" --runc-root "$C/nablux" \
		nablux/rt:test ctr5 /bin/rt sleep 30 >/dev/null 2>&1
	for _ in $(seq 50); do "${CTR[@]}" task ls 2>/dev/null | grep -q "^ctr5 .*RUNNING" && break; sleep 0.1; done
	t_run ctr-task-running 0 "^ctr5 +[0-9]+ +RUNNING" "${CTR[@]}" task ls
	t_run ctr-task-kill 0 "" "${CTR[@]}" task kill -s SIGTERM ctr5
	for _ in $(seq 50); do "${CTR[@]}" task ls 2>/dev/null | grep -q "^ctr5 .*STOPPED" && break; sleep 0.1; done
	t_run ctr-task-stopped 0 "^ctr5 +[0-9]+ +STOPPED" "${CTR[@]}" task ls
	"${CTR[@]}" task delete ctr5 >/dev/null 2>&1
	t_run ctr-container-delete 0 "" "${CTR[@]}" container delete ctr5
	# network: the container joins a namespace with a veth (as CNI leaves it)
	mkdir -p "$T/croot/bin"
	cp "$T/rtnet.spt" "$T/croot/bin/rt"
	"$N" image "$T/croot" -o "$T/out/ctrnet.tar" --entrypoint /bin/rt --cmd echo --name nablux/rtnet:test
	"${CTR[@]}" image import "$T/out/ctrnet.tar" >/dev/null 2>&1
	if veth_pair ctrnet 10.5.0; then
		timeout -s KILL 30 "${RUN[@]}" --with-ns "network:/run/netns/$CNS" nablux/rtnet:test ctr4 \
			>"$T/ctr4.out" 2>&1 </dev/null &
		cpid=$!
		echo_check ctr-net-veth "$T/ctr4.out" 10.5.0.2
		wait "$cpid" && t_ok ctr-net-exit || t_fail ctr-net-exit "$(tr '\n' '|' <"$T/ctr4.out")"
	else
		t_fail ctr-net "could not make the namespaces and veth"
	fi
	# ctr run --cni: the CNI bridge network set up by ctr into the task's
	# namespace after create (the runtime wires it at start), redis
	# through the address host-local gave, a graceful stop, and the
	# teardown (CNI DEL) leaves nothing: no address held, no cached result,
	# no veth on the bridge, no container.
	if [ ! -x /usr/lib/cni/bridge ] || [ ! -x /usr/lib/cni/host-local ]; then
		t_skip ctr-cni "the CNI plugins are not installed (apt-get install containernetworking-plugins)"
	elif [ ! -f "$BUILD/apps/redis/redis.spt" ]; then
		t_skip ctr-cni "build/apps/redis is not built"
	else
		mkdir -p "$T/redis/usr/bin"
		cp -a "$BUILD/apps/redis/root/." "$T/redis/"
		cp "$BUILD/apps/redis/redis.spt" "$T/redis/usr/bin/redis-server"
		"$N" image "$T/redis" -o "$T/out/redis.tar" --entrypoint /usr/bin/redis-server \
			--cmd /etc/redis/redis.conf --name nablux/redis:test >/dev/null
		"${CTR[@]}" image import "$T/out/redis.tar" >/dev/null 2>&1
		timeout -s KILL 60 "${RUN[@]}" --cni nablux/redis:test cni1 >"$T/cni1.out" 2>&1 </dev/null &
		cpid=$!
		t_wait_for "$T/cni1.out" "Ready to accept connections|failed|rror"
		ip=$(ls "$C/ipam/$CNI_NET" 2>/dev/null | grep -m1 '^10\.4\.0\.')
		[ -n "$ip" ] && grep -q "Ready to accept" "$T/cni1.out" && t_ok ctr-cni-run ||
			t_fail ctr-cni-run "address '$ip': $(tail -3 "$T/cni1.out" | tr '\n' '|')"
		t_run ctr-cni-redis-set 0 "^OK$" ip netns exec "$CTRD_NS" redis-cli -h "${ip:-none}" set cni-key "via the CNI bridge"
		t_run ctr-cni-redis-get 0 "^via the CNI bridge$" ip netns exec "$CTRD_NS" redis-cli -h "${ip:-none}" get cni-key
		# the address is the unikernel's: the container's namespace holds
		# the veth without it, redirected to the tap
		tpid=$("${CTR[@]}" task ls 2>/dev/null | awk '$1 == "cni1" {print $2}')
		t_run ctr-cni-veth-handed-over 0 "^$" nsenter --net="/proc/${tpid:-0}/ns/net" \
			sh -c 'ip link show eth0 >/dev/null && ip -o -4 addr show dev eth0'
		t_run ctr-cni-task-kill 0 "" "${CTR[@]}" task kill -s SIGTERM cni1
		wait "$cpid"
		st=$?
		[ "$st" -eq 0 ] && grep -q "ready to exit" "$T/cni1.out" && t_ok ctr-cni-graceful ||
			t_fail ctr-cni-graceful "status $st: $(tail -3 "$T/cni1.out" | tr '\n' '|')"
		left=
		for _ in $(seq 50); do
			left=$(ls "$C/ipam/$CNI_NET" 2>/dev/null | grep '^10\.')
			left+=$(ls "$C/ov/var/u/lib/cni/results" 2>/dev/null)
			left+=$(ip -n "$CTRD_NS" -o link show master nbxcni0 2>/dev/null)
			left+=$("${CTR[@]}" container ls -q 2>/dev/null | grep cni1)
			left+=$(ls "$C/nablux/nablux-t$$" 2>/dev/null | grep cni1)
			[ -z "$left" ] && break
			sleep 0.1
		done
		[ -z "$left" ] && t_ok ctr-cni-nothing-left || t_fail ctr-cni-nothing-left "$(echo "$left" | tr '\n' '|')"
	fi
	kill "$CTRD_PID" && wait "$CTRD_PID" 2>/dev/null
	CTRD_PID=
else
	t_fail ctr "could not make a namespace"
fi

t_summary
