#!/bin/bash
# Library kernel on the posix host: boot time (nablux_start_kernel until it
# returns, median of 20 boots, one process each) and the null system call
# (getppid) through the library next to the host's own, median of 20.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/build/tests/linux/kbench
[ -x "$B" ] || { echo "linux bench: no $B (make)"; exit 1; }
runs=()
for i in $(seq 20); do
	out=$("$B" 2>/dev/null) || { echo "linux bench: run $i failed"; exit 1; }
	runs+=("$out")
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
boot=$(printf '%s\n' "${runs[@]}" | awk '{ print $2 }' | median)
lib=$(printf '%s\n' "${runs[@]}" | awk '{ print $4 }' | median)
nat=$(printf '%s\n' "${runs[@]}" | awk '{ print $6 }' | median)
printf '%-44s %12s\n' "linux library kernel (posix host)" "median of 20"
printf '%-44s %9.2f ms\n' "boot: nablux_start_kernel -> ready" "$(echo "$boot / 1000000" | bc -l)"
printf '%-44s %9.1f ns\n' "null syscall: getppid via nablux_syscall" "$lib"
printf '%-44s %9.1f ns\n' "null syscall: getppid, native host" "$nat"
