#!/bin/bash
# Linux unikernels: the library kernel on the platform host, inside
# nablux-spt.
. "$(dirname "$0")/../lib.sh"

U=$BUILD/tests/unikernel
SPT=$BIN/nablux-spt

t_run kboot 0 SUCCESS "$SPT" --mem=128 "$U/kboot.spt"
for c in boot getpid-is-1 uname openat-create write pread64-back close \
	 mount-proc proc-version halt; do
	if grep -q "^ok $c\$" <<<"$T_OUT"; then
		t_ok "kboot-$c"
	else
		t_fail "kboot-$c" "$(grep -m1 "$c" <<<"$T_OUT")"
	fi
done
# Whatever the kernel does, the host sees only the spt allowlist.
out=$(bash "$ROOT/tests/devices/strace-check.sh" "$SPT" --mem=128 "$U/kboot.spt" 2>&1)
rc=$?
if [ $rc -eq 0 ]; then
	t_ok "kboot-strace-allowlist ($(grep -m1 -i 'calls' <<<"$out" | head -c 120))"
elif [ $rc -eq 2 ] && ! command -v strace >/dev/null; then
	t_skip kboot-strace-allowlist "strace is not installed"
else
	t_fail kboot-strace-allowlist "$(tail -3 <<<"$out" | tr '\n' '|')"
fi
# Block and net devices (kdisk, knet).
. "$(dirname "$0")/devices.sh"
t_summary
