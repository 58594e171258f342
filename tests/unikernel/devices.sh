# Sourced by tests/unikernel/run.sh (uses its U, SPT and the t_* helpers).
# Linux unikernels with devices:
#   kdisk-<sector>-*  ext4 root on the Solo5 block device "rootfs" at 512-
#                     and 4096-byte sectors: files written, synced, root
#                     remounted read-only, halt, exit 0; then e2fsck -fn on
#                     the image is clean and debugfs shows the files
#   kdisk-strace-allowlist  with ext4 on the block device, the tender
#                     still makes only the spt allowlist's host calls
#   kdisk-crash-<sector>-*  the tender SIGKILLed in a loop of fsynced
#                     writes, once file 30's fsync returned; the next boot
#                     replays the journal and every file whose fsync
#                     returned is intact; e2fsck clean
#   knet-*            eth0 on the Solo5 net device "tap", a tap inside a
#                     network namespace made here (nablux-t<pid>-uk) and
#                     always removed: no spinning while idle, ping (each
#                     frame wakes the idle unikernel), TCP echo, 100 MiB
#                     through it byte-exact; ping while the application
#                     spins in plat_yield (knet-ping-busy)
#   knet-offload-*    the same unikernel asks for net offload: its tap has
#                     IFF_VNET_HDR, 64 MiB each way through the echo server
#                     match by SHA-256, and the tap's packet counts show
#                     super-frames both ways (TSO from the host into the
#                     guest, TSO from the guest's driver); with
#                     --net-offload:tap=off (plain frames, as on solo5-spt)
#                     the same transfer matches with MTU-sized frames

UKD_TMP=$(mktemp -d /tmp/nablux-uk-dev.XXXXXX) || exit 1
UKD_PID=
ukd_cleanup() {
	[ -n "$UKD_PID" ] && kill -KILL "$UKD_PID" 2>/dev/null && wait "$UKD_PID" 2>/dev/null
	t_ns_cleanup
	rm -rf "$UKD_TMP"
}
trap ukd_cleanup EXIT
trap 'exit 130' INT TERM

# ukd_sha256 NAME: 64 MiB each way through knet's echo server in $NS,
# compared by SHA-256 (NAME-64MiB-sha256); the tap's frames during it,
# host to guest and guest to host, in UKD_TX and UKD_RX.
ukd_sha256() {
	local got tx0 rx0
	ukd_tap_counts() {
		ip -n "$NS" -s -j link show tap0 | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]["stats64"]
print(s["tx"]["packets"], s["rx"]["packets"])'
	}
	read -r tx0 rx0 < <(ukd_tap_counts)
	if got=$(ip netns exec "$NS" timeout 60 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.0.0.2 7777 sha256 64 2>&1) &&
	   [ "${got#sha256 match }" != "$got" ]; then
		t_ok "$1-64MiB-sha256"
		echo "  $1: 64 MiB each way, SHA-256 $(cut -d' ' -f3 <<<"$got" | head -c 16)..., $(cut -d' ' -f4- <<<"$got")"
	else
		t_fail "$1-64MiB-sha256" "$got"
	fi
	read -r UKD_TX UKD_RX < <(ukd_tap_counts)
	UKD_TX=$((UKD_TX - tx0))
	UKD_RX=$((UKD_RX - rx0))
}

# "NAME VALUE" figures of $T_OUT, indented, for the log.
ukd_figures() {
	grep -E '^(boot_us|mount_us|write_MBps|read_MBps) ' <<<"$T_OUT" | tr '\n' ' ' |
		sed "s/^/  $1: /"
	echo
}

# ------------------------------------------------------------ ext4 root

if [ ! -f "$U/kdisk.spt" ] || [ ! -f "$U/knet.spt" ]; then
	t_fail kdev-build "no $U/kdisk.spt or knet.spt: run make"
elif ! command -v mke2fs >/dev/null || ! command -v e2fsck >/dev/null ||
     ! command -v debugfs >/dev/null; then
	t_skip kdisk "e2fsprogs (mke2fs, e2fsck, debugfs) is not installed"
else
	MIB=8
	# kdisk's /uk/big.bin: byte o is (o * 7 + o / 4096) mod 256.
	python3 -c '
import sys
base = bytes((j * 7) & 255 for j in range(256)) * 16
for k in range(int(sys.argv[1]) * 256):
    sys.stdout.buffer.write(base.translate(bytes((i + k) & 255 for i in range(256))))
' $MIB >"$UKD_TMP/pattern"
	mkdir -p "$UKD_TMP/root/dev" "$UKD_TMP/root/proc" \
		"$UKD_TMP/root/tmp"
	echo "hello from the host" >"$UKD_TMP/root/hello.txt"
	for sector in 512 4096; do
		img=$UKD_TMP/root-$sector.img
		bs=$([ $sector = 4096 ] && echo 4096 || echo 1024)
		if ! mke2fs -q -F -t ext4 -b $bs -d "$UKD_TMP/root" "$img" 64M \
			>"$UKD_TMP/mke2fs.out" 2>&1; then
			t_fail "kdisk-$sector-mkfs" "$(tail -2 "$UKD_TMP/mke2fs.out" | tr '\n' '|')"
			continue
		fi
		t_run "kdisk-$sector" 0 '^SUCCESS' "$SPT" --mem=128 \
			--block:rootfs="$img" --block-sector-size:rootfs=$sector \
			"$U/kdisk.spt" $MIB
		ukd_figures "kdisk-$sector"
		if out=$(e2fsck -fn "$img" 2>&1); then
			t_ok "kdisk-$sector-e2fsck-clean"
		else
			t_fail "kdisk-$sector-e2fsck-clean" "$(tail -4 <<<"$out" | tr '\n' '|')"
		fi
		got=$(debugfs -R 'cat /uk/new.txt' "$img" 2>/dev/null)
		if [ "$got" = "written by the nablux unikernel" ]; then
			t_ok "kdisk-$sector-new-file-on-host"
		else
			t_fail "kdisk-$sector-new-file-on-host" "debugfs cat /uk/new.txt: '$got'"
		fi
		rm -f "$UKD_TMP/big.bin"
		debugfs -R "dump /uk/big.bin $UKD_TMP/big.bin" "$img" >/dev/null 2>&1
		if cmp -s "$UKD_TMP/big.bin" "$UKD_TMP/pattern"; then
			t_ok "kdisk-$sector-big-file-on-host"
		else
			t_fail "kdisk-$sector-big-file-on-host" "$(cmp "$UKD_TMP/big.bin" "$UKD_TMP/pattern" 2>&1 | head -1)"
		fi

		# Kill in the middle of the write loop, once 30 files are synced.
		# Each run has a new output file, which the new tender alone
		# writes: the 512-byte run's says "synced 30" until the 4096-
		# byte tender truncates it, and a kill on that line could land
		# before the tender had started (the image untouched, the old
		# "synced N" verified on it: 9 runs of 25 under load).
		n=kdisk-crash-$sector
		mke2fs -q -F -t ext4 -b $bs -d "$UKD_TMP/root" "$img" 64M >/dev/null 2>&1
		out=$UKD_TMP/crash-$sector.out
		rm -f "$out"
		"$SPT" --mem=128 --block:rootfs="$img" \
			--block-sector-size:rootfs=$sector "$U/kdisk.spt" crash \
			>"$out" 2>&1 </dev/null &
		UKD_PID=$!
		# A loaded machine may take seconds to get there.
		for ((end = SECONDS + 60; SECONDS < end; )); do
			grep -qs '^synced 30$' "$out" && break
			kill -0 "$UKD_PID" 2>/dev/null || break
			sleep 0.01
		done
		if kill -KILL "$UKD_PID" 2>/dev/null; then
			wait "$UKD_PID" 2>/dev/null
			UKD_PID=
			last=$(sed -nE 's/^synced ([0-9]+)$/\1/p' "$out" | tail -1)
			# The tender died on the kill, after file 30's fsync at
			# least: else nothing worth replaying was written.
			if [ -n "$last" ] && [ "$last" -ge 30 ]; then
				t_ok "$n-killed-after-$last"
			else
				t_fail "$n-killed-after-30" "last synced: ${last:-none}: $(grep -v '^Solo5:' "$out" | tail -2 | tr '\n' '|')"
			fi
			t_run "$n-replay-verify" 0 '^SUCCESS' "$SPT" --mem=128 \
				--block:rootfs="$img" --block-sector-size:rootfs=$sector \
				"$U/kdisk.spt" verify "${last:-none}"
			if out=$(e2fsck -fn "$img" 2>&1); then
				t_ok "$n-e2fsck-clean"
			else
				t_fail "$n-e2fsck-clean" "$(tail -4 <<<"$out" | tr '\n' '|')"
			fi
		else
			UKD_PID=
			t_fail "$n-killed" "it ended first: $(grep -v '^Solo5:' "$out" | tail -2 | tr '\n' '|')"
		fi
	done
	# ext4 and the block driver at work: still only the spt allowlist.
	img=$UKD_TMP/root-4096.img
	mke2fs -q -F -t ext4 -b 4096 -d "$UKD_TMP/root" "$img" 64M >/dev/null 2>&1
	out=$(bash "$ROOT/tests/devices/strace-check.sh" "$SPT" --mem=128 \
		--block:rootfs="$img" --block-sector-size:rootfs=4096 \
		"$U/kdisk.spt" 2 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		t_ok kdisk-strace-allowlist
	elif [ $rc -eq 2 ] && ! command -v strace >/dev/null; then
		t_skip kdisk-strace-allowlist "strace is not installed"
	else
		t_fail kdisk-strace-allowlist "$(tail -3 <<<"$out" | tr '\n' '|')"
	fi
fi

# -------------------------------------------------------------- network

if [ ! -f "$U/knet.spt" ]; then
	ukd_net_why="knet.spt is not built"
elif ! command -v ping >/dev/null || ! command -v python3 >/dev/null; then
	ukd_net_why="ping or python3 is missing"
else
	ukd_net_why=$(t_net_why)
fi
if [ -n "$ukd_net_why" ]; then
	for n in knet-ready knet-idle-no-spin knet-ping knet-tcp-echo knet-tcp-100MiB knet-exit \
		 knet-ping-busy knet-offload-granted knet-offload-64MiB-sha256 \
		 knet-offload-superframes knet-offload-off-plain \
		 knet-offload-off-64MiB-sha256 knet-offload-off-frames \
		 knet-offload-off-exit; do
		t_skip "$n" "$ukd_net_why"
	done
else
	# A failed set-up shows as failed checks below.
	t_ns_new uk && t_ns_tap tap0 10.0.0.1/24
	out=$UKD_TMP/knet.out
	ip netns exec "$NS" timeout -s KILL 120 "$SPT" --mem=128 \
		--net:tap=tap0 "$U/knet.spt" 10.0.0.2/24 3 >"$out" 2>&1 </dev/null &
	UKD_PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^ready' "$out" && break
		kill -0 "$UKD_PID" 2>/dev/null || break
		sleep 0.05
	done
	ukd_why() { grep -v '^Solo5:' "$out" | tail -3 | tr '\n' '|'; }
	if grep -q '^ready' "$out"; then
		t_ok knet-ready
	else
		t_fail knet-ready "$(ukd_why)"
	fi
	# A Linux unikernel asks for net offload; the tender grants it.
	if ip -n "$NS" -d link show tap0 | grep -q 'vnet_hdr on'; then
		t_ok knet-offload-granted
	else
		t_fail knet-offload-granted "$(ip -n "$NS" -d link show tap0 | tr '\n' '|')"
	fi
	# Waiting for a connection costs no CPU (utime + stime, in ticks).
	ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
	spt=$(pgrep -P "$UKD_PID" -f nablux-spt | head -1)
	spt=${spt:-$UKD_PID}
	c0=$(ticks "$spt")
	sleep 1
	c1=$(ticks "$spt")
	if [ -n "$c0" ] && [ -n "$c1" ] && [ $((c1 - c0)) -le 5 ]; then
		t_ok knet-idle-no-spin
	else
		t_fail knet-idle-no-spin "${c0:-?} -> ${c1:-?} ticks in 1 s idle"
	fi
	# The unikernel idles between pings: each one must wake it at once.
	if p=$(ip netns exec "$NS" ping -c 5 -i 0.2 -W 2 10.0.0.2 2>&1); then
		t_ok knet-ping
		echo "  knet: ping rtt min/avg/max/mdev $(sed -nE 's/.*= ([0-9.\/]+) ms.*/\1/p' <<<"$p") ms"
	else
		t_fail knet-ping "$(tail -2 <<<"$p" | tr '\n' '|')"
	fi
	if got=$(ip netns exec "$NS" timeout 10 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.0.0.2 7777 line "hello unikernel" 2>&1) && [ "$got" = "hello unikernel" ]; then
		t_ok knet-tcp-echo
	else
		t_fail knet-tcp-echo "got '$got'"
	fi
	if got=$(ip netns exec "$NS" timeout 60 python3 "$ROOT/tests/tools/tcp_echo_check.py" 10.0.0.2 7777 bulk 100 2>&1) && [ "${got%% *}" = exact ]; then
		t_ok knet-tcp-100MiB
		echo "  knet: TCP echo 100 MiB each way: ${got#exact }"
	else
		t_fail knet-tcp-100MiB "$got"
	fi
	ukd_sha256 knet-offload
	# 64 MiB in MSS-sized (1448-byte) segments is 46341 frames each way;
	# with TSO both ways, far fewer frames carry it.
	if [ -n "$UKD_RX" ] && [ "$UKD_RX" -lt 15000 ] && [ "$UKD_TX" -lt 15000 ]; then
		t_ok "knet-offload-superframes ($UKD_TX frames to the guest, $UKD_RX from it)"
	else
		t_fail knet-offload-superframes "${UKD_TX:-?} frames to the guest, ${UKD_RX:-?} from it"
	fi
	wait "$UKD_PID"
	st=$?
	UKD_PID=
	if [ $st -eq 0 ] && grep -q '^SUCCESS' "$out"; then
		t_ok knet-exit
	else
		t_fail knet-exit "status $st: $(ukd_why)"
	fi
	# Offload kept off by the tender, as solo5-spt never offers it: the
	# same unikernel, plain frames, the same bytes. (A new output file:
	# the old one says "ready" until the new tender truncates it.)
	out=$UKD_TMP/knet-plain.out
	ip netns exec "$NS" timeout -s KILL 120 "$SPT" --mem=128 \
		--net-offload:tap=off --net:tap=tap0 "$U/knet.spt" 10.0.0.2/24 1 \
		>"$out" 2>&1 </dev/null &
	UKD_PID=$!
	t_wait_for "$out" '^ready'
	if ip -n "$NS" -d link show tap0 | grep -q 'vnet_hdr off'; then
		t_ok knet-offload-off-plain
	else
		t_fail knet-offload-off-plain "$(ip -n "$NS" -d link show tap0 | tr '\n' '|')"
	fi
	ukd_sha256 knet-offload-off
	if [ -n "$UKD_RX" ] && [ "$UKD_RX" -gt 40000 ] && [ "$UKD_TX" -gt 40000 ]; then
		t_ok "knet-offload-off-frames ($UKD_TX frames to the guest, $UKD_RX from it)"
	else
		t_fail knet-offload-off-frames "${UKD_TX:-?} frames to the guest, ${UKD_RX:-?} from it"
	fi
	wait "$UKD_PID"
	st=$?
	UKD_PID=
	if [ $st -eq 0 ] && grep -q '^SUCCESS' "$out"; then
		t_ok knet-offload-off-exit
	else
		t_fail knet-offload-off-exit "status $st: $(ukd_why)"
	fi
	# The application spins in plat_yield, outside the kernel, for 4 s: a
	# thread is always runnable, so the scheduler never idles and must
	# look at the host between rounds for each ping's frame; the median
	# round trip stays well under the kernel's tick (10 ms at HZ=100).
	ip netns exec "$NS" timeout -s KILL 30 "$SPT" --mem=128 \
		--net:tap=tap0 "$U/knet.spt" 10.0.0.2/24 0 4 >"$out" 2>&1 </dev/null &
	UKD_PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^spinning' "$out" && break
		kill -0 "$UKD_PID" 2>/dev/null || break
		sleep 0.05
	done
	p=$(ip netns exec "$NS" ping -c 10 -i 0.2 -W 1 10.0.0.2 2>&1)
	spun=$(grep -c '^spun' "$out")
	med=$(sed -nE 's/.* time=([0-9.]+) ms.*/\1/p' <<<"$p" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	if [ -n "$med" ] && [ "$spun" = 0 ] && grep -q ' 0% packet loss' <<<"$p" &&
	   awk -v m="$med" 'BEGIN { exit !(m < 2) }'; then
		t_ok "knet-ping-busy (median $med ms)"
	else
		t_fail knet-ping-busy "spun before the pings ended: $spun; $(tail -2 <<<"$p" | tr '\n' '|')"
	fi
	wait "$UKD_PID"
	UKD_PID=
fi
