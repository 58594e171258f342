#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/sandbox/run.sh: run the sandbox test unikernels on nablux-spt and
# check exit status and output. Statuses are those of solo5-spt: the
# guest's own, 255 for abort, 128+signal when the host kills it (SIGILL
# 132, SIGTRAP 133, SIGSEGV 139, SIGSYS 159).
source "$(dirname "$0")/../lib.sh"

# NABLUX_SPT: another spt tender, e.g. solo5-spt (scripts/solo5-crosscheck.sh).
SPT=${NABLUX_SPT:-$BIN/nablux-spt}
K=$BUILD/tests/sandbox

if [ ! -x "$SPT" ]; then
	t_fail sandbox "no $SPT (run make)"
	t_summary
	exit
fi

# t_lacks NAME PATTERN: the last t_run's output must not match.
t_lacks() {
	if grep -Eq -- "$2" <<<"$T_OUT"; then
		t_fail "$1" "output has /$2/: $(grep -E -- "$2" <<<"$T_OUT" | head -1)"
	else
		t_ok "$1"
	fi
}

# --- the executable's shape (spt.lds, notes.c) -----------------------
hdr=$(readelf -lhW "$K/hello.spt" 2>&1)
if grep -q 'Type:.*EXEC' <<<"$hdr" &&
   grep -q 'Requesting program interpreter: /nonexistent/solo5/' <<<"$hdr" &&
   [ "$(grep -cE '^ +NOTE' <<<"$hdr")" = 4 ] &&
   ! grep -E '^ +LOAD' <<<"$hdr" | grep -qE ' RWE | RW E ' &&
   grep -E '^ +LOAD' <<<"$hdr" | head -1 | grep -q '0x0000000000100000 .* R E '
then
	t_ok layout-segments
else
	t_fail layout-segments "$(tr '\n' '|' <<<"$hdr" | head -c 600)"
fi
# The four notes, one per PT_NOTE, in order: OpenBSD, ABI1, MFT1, and
# the nablux extensions' (the segments that hold exactly one .note.*
# section are the PT_NOTEs); hello asks for no extension, seccomp for
# host signals (include/nablux_spt_abi.h: the first word; the second,
# net offload, the third, preemption, and the fourth, exec heap, are 0
# in both).
order=$(grep -E '^ +[0-9]+ +\.note\.(solo5\.[a-z_]+|nablux) *$' <<<"$hdr" |
	awk '{print $2}' | tr '\n' ' ')
notes=$(readelf -nW "$K/hello.spt" 2>&1)
if [ "$order" = ".note.solo5.not_openbsd .note.solo5.abi .note.solo5.manifest .note.nablux " ] &&
   grep -q 'OpenBSD .*NT_VERSION' <<<"$notes" &&
   grep -q 'Solo5 .*0x31494241.*data: 02 00 00 00 02 00 00 00 00' <<<"$notes" &&
   grep -q 'Solo5 .*0x3154464d' <<<"$notes" &&
   grep -q 'nablux .*0x3145584e.*data: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 *$' <<<"$notes" &&
   readelf -nW "$K/seccomp.spt" 2>&1 |
	grep -q 'nablux .*0x3145584e.*data: 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 *$'
then
	t_ok layout-notes
else
	t_fail layout-notes "PT_NOTE order: $order"
fi
if [ -x "$BIN/nablux-elftool" ]; then
	t_run layout-query-abi 0 '"target": "spt", "version": 2' \
		"$BIN/nablux-elftool" query-abi "$K/hello.spt"
fi

# --- hello and the command line ---------------------------------------
t_run hello 0 'SUCCESS' "$SPT" "$K/hello.spt" Hello_Solo5
t_run hello-banner 0 'Solo5: Memory map: 512 MB' "$SPT" "$K/hello.spt" x
t_run hello-exit-message 0 'Solo5: solo5_exit\(0\) called' \
	"$SPT" "$K/hello.spt" Hello_Solo5
t_run hello-args 0 "Command line is: 'one two three four'" \
	"$SPT" "$K/hello.spt" one two "three four"
t_run hello-no-args 0 "Command line is: ''" "$SPT" "$K/hello.spt"
t_run hello-after-dashdash 0 'SUCCESS' "$SPT" -- "$K/hello.spt" Hello_Solo5
t_run hello-mem 0 'Memory map: 64 MB' "$SPT" --mem=64 "$K/hello.spt" x
# Log-level words are consumed, in any number, only at the start.
t_run cmdline-info 0 'SUCCESS' "$SPT" "$K/hello.spt" --solo5:info Hello_Solo5
t_run cmdline-many 0 'SUCCESS' \
	"$SPT" "$K/hello.spt" --solo5:warn --solo5:debug Hello_Solo5
t_run cmdline-not-a-word 0 "Command line is: '--solo5:quietx y'" \
	"$SPT" "$K/hello.spt" --solo5:quietx y
t_run cmdline-only-leading 0 "Command line is: 'a --solo5:quiet'" \
	"$SPT" "$K/hello.spt" a --solo5:quiet

# --- quiet ----------------------------------------------------------
t_run quiet 0 'SUCCESS' "$SPT" "$K/quiet.spt" --solo5:quiet
t_lacks quiet-no-solo5-output 'Solo5:'
t_run quiet-error 0 'SUCCESS' "$SPT" "$K/quiet.spt" --solo5:error
t_lacks quiet-error-no-output 'Solo5:'
t_run quiet-warn 0 'SUCCESS' "$SPT" "$K/quiet.spt" --solo5:warn
t_lacks quiet-warn-no-banner 'Solo5: Memory map'
t_run quiet-debug 0 'Solo5: Memory map' "$SPT" "$K/quiet.spt" --solo5:debug
t_run quiet-hello 0 'SUCCESS' "$SPT" "$K/hello.spt" --solo5:quiet Hello_Solo5
t_lacks quiet-hello-no-output 'Solo5:'

# --- console, memory, CPU -------------------------------------------
t_run output 0 'SUCCESS' "$SPT" "$K/output.spt"
big=$(grep -o '<x*>' <<<"$T_OUT" | head -1)
if [ "${#big}" = 65538 ]; then t_ok output-64k; else
	t_fail output-64k "got ${#big} bytes between < and >"; fi
if [ "$(grep -cE '^line [0-9]+$' <<<"$T_OUT")" = 100 ] &&
   grep -q '^line 100$' <<<"$T_OUT"; then t_ok output-lines; else
	t_fail output-lines "$(grep -cE '^line ' <<<"$T_OUT") lines"; fi
t_run globals 0 'SUCCESS' "$SPT" "$K/globals.spt"
t_run heap 0 'SUCCESS' "$SPT" "$K/heap.spt"
t_run heap-16m 0 'SUCCESS' "$SPT" --mem=16 "$K/heap.spt"
t_run heap-2g 0 'SUCCESS' "$SPT" --mem=2048 "$K/heap.spt"
t_run fpu 0 'SUCCESS' "$SPT" "$K/fpu.spt"
t_run tls 0 'SUCCESS' "$SPT" "$K/tls.spt"
t_run notls 139 '' "$SPT" "$K/notls.spt"
t_run ssp 255 'Solo5: ABORT: Stack corruption detected' "$SPT" "$K/ssp.spt"
t_run ssp-quiet 255 'ABORT' "$SPT" "$K/ssp.spt" --solo5:quiet

# --- time -----------------------------------------------------------
t_run time 0 'SUCCESS' "$SPT" "$K/time.spt" "$(date +%s)"
# The monotonic clock stays within 1 ms of the host's, both ways, over
# 10 s of busy, idle and sleeping periods...
T_TIMEOUT=40 t_run clock-drift 0 'SUCCESS' "$SPT" "$K/clock.spt" drift 10
grep -E '^(tsc|compares)' <<<"$T_OUT"
# ...and with an invariant TSC its readings cost no host call: 100 000 of
# them take a few clock_gettime (anchors), not 100 000.
if ! grep -q 'tsc invariant: yes' <<<"$T_OUT"; then
	t_skip clock-tsc "CPUID reports no invariant TSC: clock_gettime per reading"
elif ! command -v strace >/dev/null; then
	t_skip clock-tsc "strace is missing"
else
	tr=$(mktemp)
	t_run clock-count 0 'readings 100000' strace -f -qq -e trace=clock_gettime \
		-o "$tr" "$SPT" "$K/clock.spt" count 100000
	n=$(grep -c clock_gettime "$tr")
	rm -f "$tr"
	if [ "$n" -le 100 ]; then
		t_ok "clock-tsc ($n clock_gettime for 100000 readings)"
	else
		t_fail clock-tsc "$n clock_gettime for 100000 readings"
	fi
fi

# --- faults, kept by the host ---------------------------------------
t_run exception-ud2 132 'test_exception' "$SPT" "$K/exception.spt"
t_run exception-int3 133 'test_exception' "$SPT" "$K/exception.spt" int3
t_run exception-store 139 'test_exception' "$SPT" "$K/exception.spt" store
t_run zeropage 139 'test_zeropage' "$SPT" "$K/zeropage.spt"
t_run zeropage-write 139 '' "$SPT" "$K/zeropage.spt" write
t_run zeropage-low 139 '' "$SPT" "$K/zeropage.spt" low
t_run xnow 139 'test_xnow' "$SPT" "$K/xnow.spt"
t_run xnow-rodata 139 '' "$SPT" "$K/xnow.spt" rodata
t_run wnox-data 139 'test_wnox' "$SPT" "$K/wnox.spt"
t_run wnox-heap 139 '' "$SPT" "$K/wnox.spt" heap
t_run wnox-stack 139 '' "$SPT" "$K/wnox.spt" stack
t_run wnox-exec-heap 0 'SUCCESS' "$SPT" --x-exec-heap "$K/wnox.spt" heap
t_run seccomp-getpid 159 'test_seccomp' "$SPT" "$K/seccomp.spt"
t_lacks seccomp-getpid-killed 'FAIL'
t_run seccomp-write-fd2 159 '' "$SPT" "$K/seccomp.spt" write2
t_lacks seccomp-write-fd2-killed 'stderr|FAIL'
# rt_sigreturn belongs to the preemption extension: not for this guest.
t_run seccomp-sigreturn 159 '' "$SPT" "$K/seccomp.spt" sigreturn
t_lacks seccomp-sigreturn-killed 'FAIL'

# --- exit and abort -------------------------------------------------
t_run abort 255 'Solo5: solo5_abort\(\) called' "$SPT" "$K/abort.spt"
t_run exit-7 7 'Solo5: solo5_exit\(7\) called' "$SPT" "$K/exit.spt" 7
t_run exit-0 0 'solo5_exit\(0\) called' "$SPT" "$K/exit.spt" 0
t_run exit-return-3 3 'solo5_exit\(3\) called' "$SPT" "$K/exit.spt" return 3
t_run exit-263 7 'solo5_exit\(263\) called' "$SPT" "$K/exit.spt" 263
t_run exit-quiet 7 '' "$SPT" "$K/exit.spt" --solo5:quiet 7
t_lacks exit-quiet-silent 'Solo5:'

# --- devices without a manifest entry -------------------------------
t_run nodevice 0 'SUCCESS' "$SPT" "$K/nodevice.spt"

# --- host signals (include/nablux_spt_abi.h) ------------------------
# A guest that does not opt in, as every Solo5 guest: the signals end the
# tender, as they always have.
t_sigrun nosig-term 143 '^ready' TERM "$SPT" "$K/nosig.spt"
t_sigrun nosig-usr1 138 '^ready' USR1 "$SPT" "$K/nosig.spt"
# Nor does it get the preemption extension's timer: no SIGVTALRM handler
# (bit 25 of SigCgt), no itimer.
out=$(mktemp)
"$SPT" "$K/nosig.spt" >"$out" 2>&1 </dev/null &
pid=$!
if t_wait_for "$out" '^ready'; then
	cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$pid/status")
	(( (0x$cgt >> 25) & 1 )) && t_fail nopreempt-no-timer "SigCgt $cgt" ||
		t_ok nopreempt-no-timer
else
	t_fail nopreempt-no-timer "no ready: $(tr '\n' '|' <"$out")"
fi
kill -KILL "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null
rm -f "$out"
if ! "$SPT" --version 2>/dev/null | grep -q '^nablux-spt'; then
	# Another tender (solo5-spt) ignores the "nablux" note: the guest
	# that opts in runs, and the signals end it as before.
	t_sigrun hostsig-other-tender 143 '^ready' TERM "$SPT" "$K/hostsig.spt"
else
	# A guest that opts in takes them in its yield loop.
	t_sigrun hostsig 0 'got signal 10' "USR1 TERM" "$SPT" "$K/hostsig.spt"
	if grep -q 'got signal 15' <<<"$T_OUT"; then t_ok hostsig-term; else
		t_fail hostsig-term "no 'got signal 15'"; fi
	t_sigrun hostsig-hup-winch 0 'got signal 1$' "HUP WINCH USR2 TERM" \
		"$SPT" "$K/hostsig.spt"
	if grep -q 'got signal 28' <<<"$T_OUT" &&
	   grep -q 'got signal 12' <<<"$T_OUT"; then t_ok hostsig-winch-usr2
	else t_fail hostsig-winch-usr2 "$(tr '\n' '|' <<<"$T_OUT")"; fi
	t_sigrun hostsig-kill 137 '^ready' KILL "$SPT" "$K/hostsig.spt"
	if env --default-signal=INT true 2>/dev/null; then
		t_sigrun hostsig-int-quit 0 'got signal 2$' "INT QUIT TERM" \
			env --default-signal=INT,QUIT "$SPT" "$K/hostsig.spt"
		if grep -q 'got signal 3$' <<<"$T_OUT"; then t_ok hostsig-quit
		else t_fail hostsig-quit "no 'got signal 3'"; fi
		# Ignored by the tender's parent (nohup): stays ignored.
		t_sigrun hostsig-ignored 0 'got signal 15' "HUP TERM" \
			env --ignore-signal=HUP "$SPT" "$K/hostsig.spt"
		t_lacks hostsig-ignored-hup 'got signal 1$'
	else
		t_skip hostsig-int-quit "env has no --default-signal"
	fi
	# The filter lets the guest read the signalfd with 1024 bytes (-11:
	# nothing pending) and no other size; strace says which fd it is.
	if command -v strace >/dev/null; then
		tr=$(mktemp)
		{ strace -qq -e trace=signalfd4 -o "$tr" "$SPT" \
			"$K/seccomp.spt" >/dev/null; } 2>/dev/null
		fd=$(sed -nE 's/^signalfd4\(.*\) = ([0-9]+)$/\1/p' "$tr")
		rm -f "$tr"
		if [ -z "$fd" ]; then
			t_fail hostsig-signalfd "no signalfd4 in the trace"
		else
			t_run hostsig-read-1024 0 '^read = -11$' \
				"$SPT" "$K/seccomp.spt" read "$fd" 1024
			t_run hostsig-read-128 159 '' \
				"$SPT" "$K/seccomp.spt" read "$fd" 128
			t_run hostsig-read-other-fd 159 '' \
				"$SPT" "$K/seccomp.spt" read "$((fd + 1))" 1024
		fi
	else
		t_skip hostsig-read "strace is missing"
	fi
fi

t_summary
