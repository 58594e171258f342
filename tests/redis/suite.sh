# Sourced by tests/redis/run.sh (its helpers, $T, $NS, $OUT): redis's own
# test suite (the Debian source's runtest and tests/) in external-server
# mode against the unikernel and against the native build (same source,
# musl), both in the namespace, both sides at once. Each unit runs against
# a fresh server (as runtest's own servers are fresh): an aborted unit
# cannot leave its configuration to the next.
#
# Both servers get the shipped configuration plus --enable-debug-command
# yes (DEBUG is off by default since 7.0; the needs:debug tests use it).
# Left out, on both sides:
#   --tags -needs:repl  replication: a replica's SYNC makes the master
#                       BGSAVE, which forks (ENOSYS in a unikernel)
#   REDIS_SUITE_SKIP    a test that cannot run against an external server,
#                       and the slowest fuzzers/stress loops (for time;
#                       REDIS_SUITE_FULL=1 runs them)
# runtest itself skips, in external mode, what needs a server of its own
# (external:skip) and the large-memory tests.
SUITE_TAGS=${REDIS_SUITE_TAGS:--needs:repl}
SUITE_TIMEOUT=${REDIS_SUITE_TIMEOUT:-480}
REDIS_SUITE_SKIP=(
	# [srv 0 pid] (get_child_pid) does not exist in external mode: an
	# exception natively too, which leaves rdb-key-save-delay set
	"SRANDMEMBER with a dict containing long chain"
)
if [ "${REDIS_SUITE_FULL:-0}" != 1 ]; then
	REDIS_SUITE_SKIP+=(
		# > 7 s each natively, 2 min together
		"Fuzzing dense/sparse encoding: Redis should always detect errors"
		"MIGRATE cached connections are released after some time"
		"/^GEOSEARCH fuzzy test"
		"ziplist implementation: value encoding and backlink"
		"/^Stress tester for #3343-alike bugs"
		"Corrupted sparse HyperLogLogs doesn't cause overflow and out-of-bounds with ZERO opcode"
	)
fi

src=$(readlink -f "$OUT/src")
if [ ! -x "$src/runtest" ] || ! command -v tclsh >/dev/null; then
	t_fail redis-suite "no runtest in $src, or no tclsh (scripts/deps.sh: tcl)"
	return 0
fi
for side in uk native; do
	mkdir -p "$T/suite-$side/src" "$T/suite-$side/tests/tmp"
	cp "$src/runtest" "$T/suite-$side/"
	(cd "$src/tests" && tar -c --exclude=./tmp .) | tar -x -C "$T/suite-$side/tests"
	# The suite runs src/redis-cli and src/redis-benchmark: Debian's
	# redis-tools, the same version.
	ln -s "$(command -v redis-cli)" "$T/suite-$side/src/redis-cli"
	command -v redis-benchmark >/dev/null &&
		ln -s "$(command -v redis-benchmark)" "$T/suite-$side/src/redis-benchmark"
done

# Units: runtest's list (REDIS_UNITS="unit/a unit/b" for some).
if [ -n "${REDIS_UNITS:-}" ]; then
	read -r -a units <<<"$REDIS_UNITS"
else
	mapfile -t units < <(cd "$T/suite-uk" && tclsh tests/test_helper.tcl --list-tests 2>/dev/null)
fi
skips=()
for s in "${REDIS_SUITE_SKIP[@]}"; do skips+=(--skiptest "$s"); done
# Known failures that would take the unikernel's server away from the rest
# of their unit are not run there ("skip NAME -- why").
uk_skips=()
while IFS= read -r s; do
	uk_skips+=(--skiptest "$s")
done < <(sed -n 's/^skip \(.*\) -- .*/\1/p' "$KNOWN")

cp --sparse=always "$OUT/rootfs.img" "$T/suite.img"
mkdir -p "$T/native-data"
nat_start() {
	ip netns exec "$NS" "$OUT/native/redis-server" "$OUT/root/etc/redis/redis.conf" \
		--bind 127.0.0.1 --port $NATPORT --dir "$T/native-data" \
		--enable-debug-command yes >>"$T/suite-native.log" 2>&1 </dev/null &
	NATPID=$!
	local i
	for i in $(seq 100); do
		[ "$(timeout 2 ip netns exec "$NS" redis-cli -p $NATPORT ping 2>/dev/null)" = PONG ] && return 0
		sleep 0.1
	done
	return 1
}

# side SIDE HOST PORT BASEPORT: every unit against a fresh server; the
# runs' output in $T/suite-SIDE.out, the servers' in $T/suite-SIDE.log
# (the unikernel's exit status after each unit in $T/suite-uk.status).
side() {
	local s=$1 host=$2 port=$3 base=$4 u left st
	local sk=("${skips[@]}")
	[ "$s" = uk ] && sk+=("${uk_skips[@]}")
	local end=$(($(date +%s) + SUITE_TIMEOUT))
	for u in "${units[@]}"; do
		left=$((end - $(date +%s)))
		if [ "$left" -le 0 ]; then
			echo "nablux: out of time before $u" >>"$T/suite-$s.out"
			break
		fi
		if [ "$s" = uk ]; then
			uk_start suite-uk-boot "$T/suite.img" --enable-debug-command yes ||
				{ echo "nablux: no server for $u" >>"$T/suite-$s.out"; cat "$T/suite-uk-boot.log" >>"$T/suite-uk.log"; continue; }
		else
			nat_start || { echo "nablux: no server for $u" >>"$T/suite-$s.out"; continue; }
		fi
		echo "nablux: unit $u" >>"$T/suite-$s.out"
		(cd "$T/suite-$s" && timeout -s KILL "$left" ip netns exec "$NS" \
			./runtest --host "$host" --port "$port" --baseport "$base" \
			--durable --timeout 120 --tags "$SUITE_TAGS" "${sk[@]}" \
			--single "$u" >>"$T/suite-$s.out" 2>&1 </dev/null)
		timeout 10 ip netns exec "$NS" redis-cli -h "$host" -p "$port" shutdown nosave >/dev/null 2>&1
		if [ "$s" = uk ]; then
			uk_wait suite-uk 20
			cat "$T/suite-uk-boot.log" >>"$T/suite-uk.log"
			echo "$u $UKST" >>"$T/suite-uk.status"
		else
			for st in $(seq 100); do kill -0 "$NATPID" 2>/dev/null || break; sleep 0.1; done
			kill -KILL "$NATPID" 2>/dev/null
			wait "$NATPID" 2>/dev/null
		fi
	done
}
s0=$(date +%s)
side uk $UKIP 6379 21111 &
r1=$!
side native 127.0.0.1 $NATPORT 25111 &
r2=$!
PIDS+=("$r1" "$r2")
wait "$r1"; wait "$r2"
secs=$(($(date +%s) - s0))
if [ -n "${REDIS_SUITE_LOG:-}" ]; then
	mkdir -p "$REDIS_SUITE_LOG"
	cp "$T"/suite-*.out "$T"/suite-*.log "$T/suite-uk.status" "$REDIS_SUITE_LOG/" 2>/dev/null
fi

python3 "$ROOT/tests/redis/compare.py" "$T/suite-native.out" "$T/suite-uk.out" \
	"$KNOWN" >"$T/compare.out" 2>&1
read -r _ np nf ns nunits nab < <(grep '^native ' "$T/compare.out")
read -r _ up uf us uunits uab < <(grep '^uk ' "$T/compare.out")
echo "redis test suite, ${#units[@]} units, $secs s: native $np passed, $nf failed, $ns skipped;" \
	"unikernel $up passed, $uf failed, $us skipped"
grep '^native-fail ' "$T/compare.out" | sed 's/^native-fail /  fails natively too: /'
grep '^known ' "$T/compare.out" | sed 's/^known /  known failure: /'
grep '^fixed ' "$T/compare.out" | sed 's/^fixed /  listed as known but passes now: /'
if [ "${nunits:-0}" -eq "${#units[@]}" ] && [ "${np:-0}" -gt 100 ]; then
	t_ok "redis-suite-native ($np passed, $nf failed, $ns skipped; ${nab:-?} units aborted)"
else
	t_fail redis-suite-native "${nunits:-0} of ${#units[@]} units ran: $(tail -3 "$T/compare.out" | tr '\n' '|')"
fi
if [ "${uunits:-0}" -eq "${#units[@]}" ]; then
	t_ok "redis-suite-unikernel-ran ($up passed, $uf failed, $us skipped; ${uab:-?} units aborted)"
else
	t_fail redis-suite-unikernel-ran "${uunits:-0} of ${#units[@]} units ran: $(grep '^nablux: ' "$T/suite-uk.out" | grep -v '^nablux: unit' | head -3 | tr '\n' '|')"
fi
reg=$(grep -c '^regression ' "$T/compare.out")
if [ "$reg" -eq 0 ]; then
	t_ok "redis-suite-unikernel-as-native ($(grep -c '^known ' "$T/compare.out") known failures)"
else
	t_fail redis-suite-unikernel-as-native "$reg tests pass natively but not in the unikernel: $(grep '^regression ' "$T/compare.out" | cut -d' ' -f2- | head -20 | tr '\n' ';')"
fi
bad=$(awk '$2 != 0' "$T/suite-uk.status" 2>/dev/null)
n=$(wc -l <"$T/suite-uk.status" 2>/dev/null)
[ -z "$bad" ] && [ "${n:-0}" -gt 0 ] && t_ok "redis-suite-unikernel-clean-exits ($n boots, SHUTDOWN NOSAVE, status 0)" ||
	t_fail redis-suite-unikernel-clean-exits "$(echo "$bad" | head -5 | tr '\n' ';')"
img_clean redis-suite-image-clean "$T/suite.img"
