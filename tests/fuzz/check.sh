#!/bin/bash
# A short libFuzzer run as part of `make test` (make fuzz runs longer).
. "$(dirname "$0")/../lib.sh"
secs=${NABLUX_FUZZ_SECS:-20}
out=$(bash "$ROOT/tests/fuzz/run.sh" "$secs" 2>&1)
rc=$?
runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' <<<"$out" | grep -Eo '[0-9]+$')
if [ $rc -eq 0 ] && [ -n "$runs" ] && [ "$runs" -gt 1000 ]; then
	t_ok "fuzz-parse ($runs inputs in ${secs}s, no crash)"
else
	t_fail fuzz-parse "exit $rc: $(grep -E 'ERROR|SUMMARY|deadly' <<<"$out" | head -3)"
fi
t_summary
