#!/bin/bash
# Docker (Debian's docker.io 20.10, its own dockerd: tests/docker/dockerd.sh)
# with --runtime nablux against runc, same dockerd, same run:
#   hello   docker run --rm of bench/runtime/hello.c, a nablux-cc unikernel
#           vs the same source as a static musl program in a scratch image;
#           runs alternate, median of $NABLUX_BENCH_DOCKER_N (20)
#   redis   docker run -d -p to the first PONG through the published port:
#           the unikernel cold (its ext4 image made) and cached, the native
#           musl build (build/apps/redis/native) under runc; median of
#           $NABLUX_BENCH_DOCKER_K (9)
#   stream  TCP echo (tests/runtime/rt.c, rt echo) through docker0, 64 MiB
#           each way from dockerd's namespace, median of 3: the unikernel
#           with net offload (large frames), the same with plain frames
#           (tests/runtime/no_offload.py), the native build under runc
#   memory  $NABLUX_BENCH_DOCKER_M (50) idle redis containers at once, each
#           runtime in turn: host PSS of the containers' processes (the
#           tender, or redis-server), read from their cgroups, and of their
#           containerd shims (the same program for both)
. "$(dirname "$0")/../../tests/lib.sh"
. "$ROOT/tests/docker/dockerd.sh"

N=${NABLUX_BENCH_DOCKER_N:-20}
M=${NABLUX_BENCH_DOCKER_M:-50}
K=${NABLUX_BENCH_DOCKER_K:-9}
HB=$BUILD/bench/runtime
RD=$BUILD/apps/redis
why=$(dk_why)
[ -n "$why" ] && { echo "docker benchmark skipped: $why"; exit 0; }
for f in "$HB/hello.spt" "$HB/hello.musl" "$HB/echo.spt" "$HB/echo.musl" "$RD/redis.spt" "$RD/native/redis-server"; do
	[ -f "$f" ] || { echo "docker benchmark skipped: $f missing (make all bench)"; exit 0; }
done
T=$(mktemp -d)
cleanup() {
	dk_stop
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- images: nablux image + docker load, tar + docker import
mkdir -p "$T/uk/bin" "$T/nat/bin" "$T/ukr/usr/bin" "$T/natr/usr/bin" "$T/uke/bin" "$T/ukp/bin" "$T/nate/bin"
cp "$HB/echo.spt" "$T/uke/bin/rt"
python3 "$ROOT/tests/runtime/no_offload.py" "$HB/echo.spt" "$T/ukp/bin/rt"
cp "$HB/echo.musl" "$T/nate/bin/rt"
cp "$HB/hello.spt" "$T/uk/bin/hello"
cp "$HB/hello.musl" "$T/nat/bin/hello"
cp -a "$RD/root/." "$T/ukr/"
cp -a "$RD/root/." "$T/natr/"
cp "$RD/redis.spt" "$T/ukr/usr/bin/redis-server"
cp "$RD/native/redis-server" "$T/natr/usr/bin/redis-server"
dk_start "$T/docker" || { echo "dockerd did not start: $(tail -3 "$T/docker/dockerd.log")"; exit 1; }
# dkq ARGS...: a docker command, bounded (a hung dockerd does not hang
# make bench)
dkq() { timeout -s KILL 120 "${DK[@]}" "$@"; }
DKNS=(ip netns exec "$DK_NS")
{
	"$BIN/nablux" image "$T/uk" -o "$T/uk.tar" --entrypoint /bin/hello --name nablux/hello:bench &&
		dkq load -i "$T/uk.tar" &&
		"$BIN/nablux" image "$T/ukr" -o "$T/ukr.tar" --entrypoint /usr/bin/redis-server \
			--cmd /etc/redis/redis.conf --name nablux/redis:bench &&
		dkq load -i "$T/ukr.tar" &&
		tar -C "$T/nat" -cf - . | dkq import -c 'ENTRYPOINT ["/bin/hello"]' - native/hello:bench &&
		tar -C "$T/natr" -cf - . | dkq import -c 'ENTRYPOINT ["/usr/bin/redis-server"]' \
			-c 'CMD ["/etc/redis/redis.conf"]' - native/redis:bench &&
		"$BIN/nablux" image "$T/uke" -o "$T/uke.tar" --entrypoint /bin/rt --cmd "echo 3" --name nablux/echo:bench &&
		dkq load -i "$T/uke.tar" &&
		"$BIN/nablux" image "$T/ukp" -o "$T/ukp.tar" --entrypoint /bin/rt --cmd "echo 3" --name nablux/echo-plain:bench &&
		dkq load -i "$T/ukp.tar" &&
		tar -C "$T/nate" -cf - . | dkq import -c 'ENTRYPOINT ["/bin/rt"]' -c 'CMD ["echo", "3"]' - native/echo:bench
} >"$T/images.log" 2>&1 || { echo "images: $(tail -3 "$T/images.log")"; exit 1; }

now() { date +%s%N; }
med() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mini() { printf '%s\n' "$@" | sort -n | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
row() { printf "| %-58s | %10s | %10s | %6s |\n" "$@"; }

# ---- hello: docker run --rm, alternating
run_ms() { # RUNTIME IMAGE: ms of one docker run --rm, "fail" if it failed
	local s
	s=$(now)
	dkq run --pull never --rm --runtime "$1" "$2" >"$T/run.out" 2>&1 &&
		grep -q "^hello from a container" "$T/run.out" || { echo fail; return; }
	echo $((($(now) - s) / 1000000))
}
run_ms nablux nablux/hello:bench >/dev/null	# makes its ext4 image
run_ms runc native/hello:bench >/dev/null
hu=() hn=()
for _ in $(seq "$N"); do
	hu+=("$(run_ms nablux nablux/hello:bench)")
	hn+=("$(run_ms runc native/hello:bench)")
done
if printf '%s\n' "${hu[@]}" "${hn[@]}" | grep -q fail; then
	echo "hello runs failed: $(tail -3 "$T/run.out")"
	exit 1
fi

# ---- redis: docker run -d to the first PONG
pong_ms() { # RUNTIME IMAGE: ms from docker run -d to PONG; container removed
	local s i r=fail
	s=$(now)
	dkq run --pull never -d --runtime "$1" --name rb -p 127.0.0.1:16379:6379 "$2" >/dev/null 2>&1
	for i in $(seq 400); do
		if [ "$("${DKNS[@]}" redis-cli -p 16379 ping 2>/dev/null)" = PONG ]; then
			r=$((($(now) - s) / 1000000))
			break
		fi
		sleep 0.02
	done
	dkq rm -f rb >/dev/null 2>&1
	echo "$r"
}
rc=() rw=() rn=()
for _ in $(seq "$K"); do
	rm -f "$T/docker/store/images/"*.img	# the next start makes it again
	rc+=("$(pong_ms nablux nablux/redis:bench)")
	rw+=("$(pong_ms nablux nablux/redis:bench)")
	rn+=("$(pong_ms runc native/redis:bench)")
done

# ---- stream: 64 MiB each way through docker0, 3 times per container
stream_mbps() { # RUNTIME IMAGE: median MB/s of 3 echoes, "fail" if one failed
	local id ip i got v=()
	id=$(dkq run --pull never -d --runtime "$1" "$2" 2>/dev/null) || { echo fail; return; }
	for i in $(seq 100); do
		dkq logs "$id" 2>/dev/null | grep -q listening && break
		sleep 0.1
	done
	ip=$(dkq inspect -f '{{.NetworkSettings.IPAddress}}' "$id" 2>/dev/null)
	for i in 1 2 3; do
		got=$("${DKNS[@]}" timeout 120 python3 "$ROOT/tests/tools/tcp_echo_check.py" "${ip:-none}" 7777 sha256 64 2>&1)
		[ "${got#sha256 match }" != "$got" ] || { v=(fail); break; }
		v+=("$(cut -d' ' -f4 <<<"$got")")
	done
	dkq rm -f "$id" >/dev/null 2>&1
	[ "${v[0]}" = fail ] && echo fail || med "${v[@]}"
}
st_on=$(stream_mbps nablux nablux/echo:bench)
st_plain=$(stream_mbps nablux nablux/echo-plain:bench)
st_nat=$(stream_mbps runc native/echo:bench)

# ---- memory: M idle redis containers per runtime
# cg_pids ID: host pids in container ID's cgroup (any hierarchy has them)
cg_pids() {
	local d
	for d in $(awk '/ - cgroup2? /{print $5}' /proc/self/mountinfo); do
		[ -f "$d$DK_CG/$1/cgroup.procs" ] && { cat "$d$DK_CG/$1/cgroup.procs"; return; }
	done
}
pss_kib() { awk '/^Pss:/ { s += $2 } END { print s + 0 }' "$@" 2>/dev/null; }
# shim_files: smaps_rollup of the shims running now (in dockerd's
# namespace; only the M containers run)
shim_files() {
	local p
	for p in $(ip netns pids "$DK_NS"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = containerd-shim ] && echo "/proc/$p/smaps_rollup"
	done
}
many() { # RUNTIME IMAGE: "TOTAL_KIB COUNT SHIMS_KIB" for M idle containers
	local ids=() id i ip up=0 files=()
	for i in $(seq "$M"); do
		id=$(dkq run --pull never -d --runtime "$1" "$2" 2>/dev/null) && ids+=("$id")
	done
	# all answering, then idle for a moment
	for id in "${ids[@]}"; do
		ip=$(dkq inspect -f '{{.NetworkSettings.IPAddress}}' "$id" 2>/dev/null)
		for i in $(seq 100); do
			[ "$("${DKNS[@]}" redis-cli -h "${ip:-none}" ping 2>/dev/null)" = PONG ] && { up=$((up + 1)); break; }
			sleep 0.1
		done
	done
	sleep 3
	for id in "${ids[@]}"; do
		for p in $(cg_pids "$id"); do files+=("/proc/$p/smaps_rollup"); done
	done
	echo "$( ((${#files[@]})) && pss_kib "${files[@]}" || echo 0) $up $(pss_kib $(shim_files) /dev/null)"
	dkq rm -f "${ids[@]}" >/dev/null 2>&1
}
read -r mu upu su < <(many nablux nablux/redis:bench)
read -r mn upn sn < <(many runc native/redis:bench)

echo "## docker run: --runtime nablux vs runc (Docker 20.10, same dockerd, same run)"
echo
row figure nablux runc ratio
printf "|%s|%s|%s|%s|\n" "------------------------------------------------------------" "------------" "------------" "--------"
row "docker run --rm hello, median of $N, ms" "$(med "${hu[@]}")" "$(med "${hn[@]}")" "$(ratio "$(med "${hu[@]}")" "$(med "${hn[@]}")")"
row "docker run --rm hello, fastest of $N, ms" "$(mini "${hu[@]}")" "$(mini "${hn[@]}")" "$(ratio "$(mini "${hu[@]}")" "$(mini "${hn[@]}")")"
row "redis: docker run -d -p to first PONG, new ext4 image, ms" "$(med "${rc[@]}")" "-" "-"
row "redis: same, cached ext4 image (runc: overlay2 only), ms" "$(med "${rw[@]}")" "$(med "${rn[@]}")" "$(ratio "$(med "${rw[@]}")" "$(med "${rn[@]}")")"
row "TCP echo via docker0, 64 MiB each way, MB/s (median of 3)" "$st_on" "$st_nat" "$(ratio "$st_on" "$st_nat")"
row "same, the unikernel on plain frames (no offload), MB/s" "$st_plain" "$st_nat" "$(ratio "$st_plain" "$st_nat")"
row "$M idle redis containers: answering PING" "$upu" "$upn" "-"
row "$M idle redis containers: PSS of their processes, MiB" "$((mu / 1024))" "$((mn / 1024))" "$(ratio "$mu" "$mn")"
perc() { awk -v k="$1" -v m="$M" 'BEGIN { printf "%.1f", k / 1024 / m }'; }
row "same, per container, MiB" "$(perc "$mu")" "$(perc "$mn")" "-"
row "their containerd shims, per container, MiB" "$(perc "$su")" "$(perc "$sn")" "-"
echo
echo "(PSS KiB: nablux $mu + shims $su, runc $mn + shims $sn; redis medians of $K; cold runs: $(echo "${rc[@]}"), cached: $(echo "${rw[@]}"), runc: $(echo "${rn[@]}") ms)"
