#!/bin/bash
# Linux unikernels: the library kernel on the platform host, inside
# nablux-spt.
. "$(dirname "$0")/../lib.sh"

U=$BUILD/tests/unikernel
SPT=$BIN/nablux-spt

t_run kboot 0 SUCCESS "$SPT" --mem=128 "$U/kboot.spt"
for c in boot getpid-is-1 uname openat-create write pread64-back close halt; do
	if grep -q "^ok $c\$" <<<"$T_OUT"; then
		t_ok "kboot-$c"
	else
		t_fail "kboot-$c" "$(grep -m1 "$c" <<<"$T_OUT")"
	fi
done
t_summary
