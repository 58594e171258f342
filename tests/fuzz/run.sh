#!/bin/bash
# Bounded libFuzzer run over the tender's parsing, seeded with the built
# unikernels. Usage: run.sh SECONDS
cd "$(dirname "$0")/../.." || exit 1
secs=${1:-60}
corpus=build/fuzz/corpus
mkdir -p "$corpus"
find build/tests -name '*.spt' -exec cp {} "$corpus/" \; 2>/dev/null
exec build/fuzz/fuzz-parse -max_total_time="$secs" -max_len=65536 \
	-print_final_stats=1 "$corpus"
