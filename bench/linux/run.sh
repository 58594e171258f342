#!/bin/bash
# Linux unikernel benchmarks, each next to its native baseline measured in
# the same run on the same machine; markdown tables on stdout. Build
# first (make; the programs are in build/bench/linux). Under ~1 minute.
#
#  1. Boot to nablux_main inside nablux-spt (ukboot.spt, no devices, RAM
#     root), median of $NABLUX_BENCH_BOOTS (20) runs: posix_spawn of the
#     tender to the arrival of nablux_main's first line, split by stamps
#     taken inside (host CLOCK_MONOTONIC; plat_main and
#     nablux_start_kernel are stamped through ld --wrap).
#  2. The null system call, getppid: in the unikernel a direct call into
#     the kernel (median of 5 batches of 100 000, median over the boots);
#     natively a raw syscall, measured the same way.
#  3. TCP: a network namespace made here holds tap0 (10.0.0.1/24) and the
#     unikernel (uknet.spt, nablux.ip=10.0.0.2/24) runs the TCP server of
#     tcp_server.h. The same client (tcp_client, in the namespace) is run
#     against the same server code built natively, in two places: on
#     127.0.0.1 inside the namespace (loopback, no link at all), and in a
#     second namespace behind a veth pair (10.0.1.1 <-> 10.0.1.2), a link
#     between two network stacks like the tap is. The unikernel runs
#     twice: with net offload (its default: virtio_net_hdr frames, TSO
#     both ways) and with the tap kept plain (--net-offload:tap=off, as on
#     solo5-spt). Nothing leaves the namespaces; both are removed on exit
#     (trap).
#  4. ext4 sequential write (64 MiB in 1 MiB writes, then fsync) and read
#     inside the unikernel (ukdisk.spt, ext4 root on a 256 MiB image file)
#     vs the same I/O by a native process on a file in the same directory
#     of the same host file system. Note: Solo5/spt has no host fsync (the
#     allowlist is pwrite64/pread64), so the unikernel's fsync ends in the
#     host page cache, while the native fsync reaches the disk; the table
#     shows the native write with and without its fsync.
cd "$(dirname "$0")/../.." || exit 1
B=build/bench/linux
SPT=build/bin/nablux-spt
BOOTS=${NABLUX_BENCH_BOOTS:-20}
MIB_TCP=${NABLUX_BENCH_TCP_MIB:-256}
RR=${NABLUX_BENCH_RR:-10000}
MIB_DISK=${NABLUX_BENCH_DISK_MIB:-64}

for f in ukboot.spt uknet.spt ukdisk.spt boot_time null_native tcp_client \
	 tcp_server_native disk_native; do
	[ -e "$B/$f" ] || { echo "bench/linux: no $B/$f (run make)"; exit 1; }
done

# Work files live on the file system of the build tree (not a tmpfs /tmp),
# so the disk comparison has a real device under it.
. tests/lib.sh
T=$(mktemp -d "$PWD/build/bench/linux/run.XXXXXX") || exit 1
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	t_ns_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fig() { sed -nE "s/.*(^| )$1 ([0-9.]+).*/\2/p" | head -1; }
# MiB/s from a byte count in MiB and nanoseconds.
mibps() { awk -v m="$1" -v ns="$2" 'BEGIN { if (ns > 0) printf "%.0f", m / (ns / 1e9); else print "-" }'; }
row() { printf "| %-58s | %12s | %12s |\n" "$@"; }
rule() { printf "|%s|%s|%s|\n" "------------------------------------------------------------" \
	"--------------" "--------------"; }

# ------------------------------------------------------------------ boot, null syscall
echo "## Linux unikernel: boot to nablux_main in nablux-spt (ukboot.spt, RAM root), $BOOTS runs"
echo
if out=$($B/boot_time "$BOOTS" "$SPT" --mem=128 "$B/ukboot.spt" --solo5:quiet boot 2>&1); then
	b() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' <<<"$out"; }
	printf "| %-58s | %12s | %12s | %12s |\n" "us" median p90 min
	printf "|%s|%s|%s|%s|\n" "------------------------------------------------------------" \
		"--------------" "--------------" "--------------"
	for k in "first_line_us:exec of the tender -> first line of nablux_main" \
		 "exec_to_plat_main_us:  exec -> plat_main (tender, Solo5, platform)" \
		 "kernel_start_us:  nablux_start_kernel -> ready (measured inside)" \
		 "ready_to_main_us:  ready -> nablux_main (/dev /proc /tmp, lo)"; do
		printf "| %-58s | %12s | %12s | %12s |\n" "${k#*:}" "$(b "${k%%:*}" 2)" \
			"$(b "${k%%:*}" 3)" "$(b "${k%%:*}" 4)"
	done
	uk_null=$(b getppid_ns 2)
	# For scale: the bare Solo5 hello of bench/ (no platform, no kernel).
	if [ -x build/bench/spawn_time ] && [ -f build/bench/hello.spt ] &&
	   h=$(build/bench/spawn_time "$BOOTS" "$SPT" build/bench/hello.spt 2>/dev/null); then
		read -r hm hp hn <<<"$h"
		printf "| %-58s | %12s | %12s | %12s |\n" \
			"for scale: bare Solo5 hello.spt, fork+exec -> exit" "$hm" "$hp" "$hn"
	fi
else
	echo "boot_time failed: $(tail -2 <<<"$out")"
	uk_null=-
fi
echo
echo "## null system call (getppid; median of 5 x 100 000 calls, median of $BOOTS runs)"
echo
row "" "ns/call" ""
rule
row "inside the unikernel (nablux_syscall, a function call)" "$uk_null" ""
row "native on the host (syscall instruction)" "$($B/null_native "$BOOTS" | fig getppid_ns)" ""
echo

# ------------------------------------------------------------------ TCP
echo "## TCP: the namespace's client against the unikernel and native servers"
echo
tcp_row() {	# LABEL ADDR PORT: the client's three runs against a server there
	local rr up down
	rr=$(ip netns exec "$NS" timeout 60 $B/tcp_client "$2" "$3" rr "$RR" 2>&1)
	up=$(ip netns exec "$NS" timeout 60 $B/tcp_client "$2" "$3" up "$MIB_TCP" 2>&1)
	down=$(ip netns exec "$NS" timeout 60 $B/tcp_client "$2" "$3" down "$MIB_TCP" 2>&1)
	printf "| %-44s | %9s | %9s | %11s | %13s |\n" "$1" \
		"$(fig rr_median_us <<<"$rr")" "$(fig rr_p99_us <<<"$rr")" \
		"$(fig up_MiBps <<<"$up")" "$(fig down_MiBps <<<"$down")"
	for o in "$rr" "$up" "$down"; do
		grep -q '_' <<<"$o" || echo "  ($1: $(tail -1 <<<"$o"))" >&2
	done
}
# Waits for "ready" in file $1 (pid $2), 10 s.
wait_ready() {
	for ((i = 0; i < 200; i++)); do
		grep -q '^ready' "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
why=$(t_net_why)
if [ -z "$why" ] && ! { t_ns_new b && NS2=$NS &&
			t_ns_new a && t_ns_tap tap0 10.0.0.1/24 &&
			t_ns_veth "$NS2" 10.0.1.1/24 10.0.1.2/24; }; then
	why="namespace set-up failed"
fi
if [ -n "$why" ]; then
	echo "skipped: $why"
else
	printf "| %-44s | %9s | %9s | %11s | %13s |\n" "server" "RR p50 us" "RR p99 us" \
		"up MiB/s" "down MiB/s"
	printf "|%s|%s|%s|%s|%s|\n" "----------------------------------------------" \
		"-----------" "-----------" "-------------" "---------------"
	# The unikernel: three connections (rr, up, down), then it halts.
	ip netns exec "$NS" timeout -s KILL 120 "$SPT" --mem=256 --net:tap=tap0 \
		"$B/uknet.spt" --solo5:quiet nablux.mem=192 nablux.ip=10.0.0.2/24 \
		tcp 7777 3 >"$T/uk.out" 2>&1 </dev/null &
	PIDS+=($!)
	if wait_ready "$T/uk.out" $!; then
		tcp_row "unikernel 10.0.0.2 (tap0, net offload)" 10.0.0.2 7777
	else
		echo "unikernel server not ready: $(tail -3 "$T/uk.out" | tr '\n' '|')"
	fi
	wait $! 2>/dev/null
	ip netns exec "$NS" timeout -s KILL 120 "$SPT" --mem=256 \
		--net-offload:tap=off --net:tap=tap0 "$B/uknet.spt" --solo5:quiet \
		nablux.mem=192 nablux.ip=10.0.0.2/24 tcp 7777 3 >"$T/uk.out" 2>&1 </dev/null &
	PIDS+=($!)
	if wait_ready "$T/uk.out" $!; then
		tcp_row "unikernel, offload off (plain frames)" 10.0.0.2 7777
	else
		echo "unikernel server not ready: $(tail -3 "$T/uk.out" | tr '\n' '|')"
	fi
	ip netns exec "$NS" timeout -s KILL 120 $B/tcp_server_native 7777 3 \
		>"$T/lo.out" 2>&1 </dev/null &
	PIDS+=($!)
	if wait_ready "$T/lo.out" $!; then
		tcp_row "native, same namespace, 127.0.0.1 (loopback)" 127.0.0.1 7777
	else
		echo "native server on lo not ready: $(tail -3 "$T/lo.out")"
	fi
	ip netns exec "$NS2" timeout -s KILL 120 $B/tcp_server_native 7777 3 \
		>"$T/veth.out" 2>&1 </dev/null &
	PIDS+=($!)
	if wait_ready "$T/veth.out" $!; then
		tcp_row "native, 2nd namespace via veth, 10.0.1.2" 10.0.1.2 7777
	else
		echo "native server behind veth not ready: $(tail -3 "$T/veth.out")"
	fi
	echo
	echo "RR: 1-byte ping-pong, $RR round trips after 1000 warm-up; up/down: $MIB_TCP MiB"
	echo "one way (up: until the server's byte count arrives). Same client, same server code."
fi
echo

# ------------------------------------------------------------------ ext4
echo "## ext4 sequential I/O, $MIB_DISK MiB in 1 MiB calls (MiB/s)"
echo
if ! command -v mke2fs >/dev/null; then
	echo "skipped: mke2fs is missing"
else
	img=$T/root.img
	mkdir -p "$T/rootdir"
	mke2fs -q -F -t ext4 -b 4096 -d "$T/rootdir" "$img" 256M >/dev/null 2>&1
	dropcache() { dd if="$1" iflag=nocache count=0 status=none; }
	uk() { "$SPT" --mem=256 --block:rootfs="$img" --block-sector-size:rootfs=4096 \
		"$B/ukdisk.spt" --solo5:quiet nablux.mem=192 disk "$@" 2>&1; }
	sync
	w=$(uk write "$MIB_DISK")
	dropcache "$img"
	r=$(uk read "$MIB_DISK")
	dropcache "$T/native.dat" 2>/dev/null
	n=$($B/disk_native "$T/native.dat" "$MIB_DISK")
	for o in "$w" "$r" "$n"; do
		grep -q '_ns ' <<<"$o" || echo "  (failed: $(grep -v '^Solo5' <<<"$o" | tail -2 | tr '\n' '|'))"
	done
	ww=$(fig write_ns <<<"$w") wf=$(fig fsync_ns <<<"$w")
	nw=$(fig write_ns <<<"$n") nf=$(fig fsync_ns <<<"$n")
	row "" "unikernel" "native"
	rule
	row "write (into the page cache)" "$(mibps "$MIB_DISK" "$ww")" "$(mibps "$MIB_DISK" "$nw")"
	row "write + fsync (unikernel: to the host page cache only)" \
		"$(mibps "$MIB_DISK" "$((ww + wf))")" "$(mibps "$MIB_DISK" "$((nw + nf))")"
	row "read, no page cache has it (from the host device)" \
		"$(mibps "$MIB_DISK" "$(fig read_cold_ns <<<"$r")")" \
		"$(mibps "$MIB_DISK" "$(fig read_cold_ns <<<"$n")")"
	row "read again (the kernel's page cache)" \
		"$(mibps "$MIB_DISK" "$(fig read_warm_ns <<<"$r")")" \
		"$(mibps "$MIB_DISK" "$(fig read_warm_ns <<<"$n")")"
	row "read, guest cache dropped, host cache warm (block path)" \
		"$(mibps "$MIB_DISK" "$(fig read_dropped_ns <<<"$r")")" "-"
	echo
	echo "Unikernel: ext4 root on a 256 MiB image (4096-byte blocks and sectors),"
	echo "/bench.dat; native: a file next to the image on the host's $(findmnt -no FSTYPE -T "$T" 2>/dev/null || echo '?')."
	echo "\"No page cache has it\": the host's pages of the image (or file) dropped"
	echo "with fadvise(DONTNEED) after the write, and a fresh boot for the unikernel."
fi
