#!/bin/bash
# Runs every suite and sums their "N passed, N failed" lines.
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0 skip=0 bad=0
for suite in tests/elftool/run.sh tests/hostile/run.sh tests/fuzz/check.sh \
	     tests/sandbox/run.sh tests/devices/run.sh tests/platform-mem/run.sh \
	     tests/platform-sched/run.sh tests/platform-io/run.sh \
	     tests/linux/run.sh tests/linux-dev/run.sh tests/unikernel/run.sh \
	     tests/app/run.sh tests/ukernel-suite/run.sh tests/libc/run.sh \
	     tests/cc/run.sh tests/runtime/run.sh tests/docker/run.sh tests/redis/run.sh \
	     tests/nginx/run.sh tests/python3/run.sh; do
	[ -f "$suite" ] || continue
	echo "== $suite"
	out=$(bash "$suite" 2>&1)
	rc=$?
	echo "$out"
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
	if [ -z "$line" ]; then
		echo "FAIL $suite: no summary line (exit $rc)"
		bad=$((bad + 1))
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + ${s:-0}))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && bad=$((bad + 1))
done
fail=$((fail + bad))
echo "== total"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
