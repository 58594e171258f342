# Sourced by tests/python3/run.sh (its helpers, $T, $NS, $OUT, $PY_TESTS):
# CPython's regression tests (Lib/test of the same Debian source, in
# test-rootfs.img; regrtest, `python -m test`) in the unikernel and in the
# native build, both at once, one test module per interpreter run (a
# crash or a hang costs one module), results per test from regrtest's
# --junit-xml. Both sides: no resources enabled (-u none: no network, no
# cpu-heavy, no largefile tests), a per-test timeout (faulthandler) and
# a per-module time limit, as root, in the namespace.
# SUITE_TIMEOUT: the time each side has for all its modules (a module not
# started by then has no result, and fails the comparison). Measured on
# the 2-core build machine with other builds running: the 90 modules of
# run.sh took 558 s (load 5-7; the native side is the longer one: it runs
# what the unikernel skips or fails at once, test_subprocess, test_calendar
# with the host's time zones, ...); the 67 before them did not finish in
# 480 s at load 8-9.
SUITE_TIMEOUT=${PY_SUITE_TIMEOUT:-840}
# Left out on both sides (regrtest --ignore):
#   ThreadedVSOCKSocketStreamTest  the build host's /dev/vsock has no
#       loopback: accept() hangs natively until the timeout
#   test_3_join_in_forked_from_thread  natively (musl, static) the child
#       forked from a thread sometimes deadlocks: the module times out
SUITE_IGNORE=(--ignore ThreadedVSOCKSocketStreamTest --ignore test_3_join_in_forked_from_thread)
# Known failures that would hang the unikernel's run until the timeout
# (which ends the whole module) are not run there ("skip ID -- why").
UK_IGNORE=()
while IFS= read -r s; do
	UK_IGNORE+=(--ignore "$s")
done < <(sed -n 's/^skip \(.*\) -- .*/\1/p' "$KNOWN")
MOD_TIMEOUT=${PY_MOD_TIMEOUT:-150}
# Tender options for one module's boot in the unikernel:
#   test_ctypes  --x-exec-heap: ctypes callbacks (CFUNCTYPE) call code that
#       libffi writes into the heap, which is not executable otherwise; the
#       first call faults the whole unikernel (status 139, no result for
#       the module). The same as run.sh's python3-ctypes-callback check.
uk_tender_opts() {
	case $1 in
	test_ctypes) echo --x-exec-heap ;;
	esac
}
# Guest memory for a module's run. Some tests size their data by time, not
# by count (test_email's make_msgid_collisions keeps every id made in 5
# threads x 3 s: about 3.5 M strings and a set of them, 600+ MiB on a fast
# machine), and the native side has the whole host; --mem only reserves
# address space, pages are used as touched.
SUITE_MEM=${PY_SUITE_MEM:-2048}

mkdir -p "$T/res-uk" "$T/res-native" "$T/native-home" "$T/native-tmp"
cp --sparse=always "$OUT/test-rootfs.img" "$T/suite.img"

# side_uk: every module in the unikernel, one boot each, on one image; the
# result files are in the image (/tmp/res), fetched at the end by debugfs.
side_uk() {
	local m left end=$(($(date +%s) + SUITE_TIMEOUT))
	for m in "${PY_TESTS[@]}"; do
		left=$((end - $(date +%s)))
		[ "$left" -gt 0 ] || { echo "out of time before $m" >>"$T/suite-uk.out"; break; }
		[ "$left" -gt "$MOD_TIMEOUT" ] && left=$MOD_TIMEOUT
		echo "== $m $(date +%s)" >>"$T/suite-uk.out"
		timeout -s KILL "$left" ip netns exec "$NS" "$SPT" $(uk_tender_opts "$m") --mem=$SUITE_MEM --block:rootfs="$T/suite.img" \
			--net:tap=tap0 "$OUT/python3.spt" HOME=/root TMPDIR=/tmp nablux.ip=$UKIP/24 nablux.cwd=/root \
			/usr/bin/python3 -m test --timeout $((MOD_TIMEOUT - 10)) "${SUITE_IGNORE[@]}" "${UK_IGNORE[@]}" --junit-xml "/tmp/res/$m.xml" "$m" \
			>>"$T/suite-uk.out" 2>&1 </dev/null
		st=$?
		[ "$st" = 137 ] && st=timeout
		echo "$st" >"$T/res-uk/$m.status"
	done
}
side_native() {
	local m left end=$(($(date +%s) + SUITE_TIMEOUT))
	for m in "${PY_TESTS[@]}"; do
		left=$((end - $(date +%s)))
		[ "$left" -gt 0 ] || { echo "out of time before $m" >>"$T/suite-native.out"; break; }
		[ "$left" -gt "$MOD_TIMEOUT" ] && left=$MOD_TIMEOUT
		echo "== $m $(date +%s)" >>"$T/suite-native.out"
		(cd "$T/native-home" && timeout -s KILL "$left" ip netns exec "$NS" env -i HOME="$T/native-home" \
			TMPDIR="$T/native-tmp" PATH=/usr/bin:/bin LANG=C.UTF-8 "$OUT/native/python3" -m test \
			--timeout $((MOD_TIMEOUT - 10)) "${SUITE_IGNORE[@]}" --junit-xml "$T/res-native/$m.xml" "$m" \
			>>"$T/suite-native.out" 2>&1 </dev/null)
		st=$?
		[ "$st" = 137 ] && st=timeout
		echo "$st" >"$T/res-native/$m.status"
	done
}
# The image's /tmp/res first (regrtest writes the file, not the directory).
debugfs -w -R "mkdir /tmp/res" "$T/suite.img" >/dev/null 2>&1
debugfs -w -R "sif /tmp/res mode 041777" "$T/suite.img" >/dev/null 2>&1
s0=$(date +%s)
side_uk &
r1=$!
side_native &
r2=$!
PIDS+=("$r1" "$r2")
wait "$r1"; wait "$r2"
secs=$(($(date +%s) - s0))
for m in "${PY_TESTS[@]}"; do
	debugfs -R "dump /tmp/res/$m.xml $T/res-uk/$m.xml" "$T/suite.img" >/dev/null 2>&1
	[ -s "$T/res-uk/$m.xml" ] || rm -f "$T/res-uk/$m.xml"
done
if [ -n "${PY_SUITE_LOG:-}" ]; then
	mkdir -p "$PY_SUITE_LOG"
	cp -r "$T"/suite-*.out "$T/res-uk" "$T/res-native" "$PY_SUITE_LOG/" 2>/dev/null
fi

python3 "$ROOT/tests/python3/compare.py" "$T/res-native" "$T/res-uk" "$KNOWN" "${PY_TESTS[*]}" \
	>"$T/compare.out" 2>&1
read -r _ np nf ns nm nc < <(grep '^native ' "$T/compare.out")
read -r _ up uf us um uc < <(grep '^uk ' "$T/compare.out")
echo "CPython regression tests, ${#PY_TESTS[@]} modules, $secs s: native $np passed, $nf failed, $ns skipped" \
	"($nc modules without result); unikernel $up passed, $uf failed, $us skipped ($uc modules without result)"
grep '^native-fail ' "$T/compare.out" | sed 's/^native-fail /  fails natively too: /' | head -40
grep '^nores ' "$T/compare.out" | sed 's/^nores /  no result: /'
grep '^known ' "$T/compare.out" | sed 's/^known /  known failure: /' | head -200
grep '^fixed ' "$T/compare.out" | sed 's/^fixed /  listed as known but passes now: /'
if [ "${np:-0}" -gt 1000 ] && [ "${nc:-1}" -eq 0 ]; then
	t_ok "python3-suite-native ($np passed, $nf failed, $ns skipped)"
else
	t_fail python3-suite-native "${np:-0} passed, ${nc:-?} modules without result: $(tail -3 "$T/compare.out" | tr '\n' '|')"
fi
t_ok "python3-suite-unikernel-ran ($up passed, $uf failed, $us skipped, $uc modules without result)"
reg=$(grep -c '^regression ' "$T/compare.out")
if [ "$reg" -eq 0 ]; then
	t_ok "python3-suite-unikernel-as-native ($(grep -c '^known ' "$T/compare.out") known failures)"
else
	t_fail python3-suite-unikernel-as-native "$reg tests pass natively but not in the unikernel: $(grep '^regression ' "$T/compare.out" | cut -d' ' -f2- | head -20 | tr '\n' ';')"
fi
img_clean python3-suite-image-clean "$T/suite.img"
