#!/bin/bash
# Real Debian source packages built with nablux-cc, their own tests run
# with the programs as unikernels (nablux-run as the emulator prefix):
#   hello (GNU Hello, autotools + gnulib): configure --host, make, make check
#   zlib: configure --static, its teststatic target (example, minigzip), and
#         a file minigzip compressed inside the unikernel, gunzipped on the host
#   C++ (nablux-c++, libstdc++ built against our musl): tests/cc/cxx.cc's
#         exceptions, RTTI, threads, iostream/fstream, static destructors;
#         an uncaught exception ends with SIGABRT's status, 134
. "$(dirname "$0")/../lib.sh"

CC=$BIN/nablux-cc
CXX=$BIN/nablux-c++
RUN=$BIN/nablux-run
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# source PKG: Debian's source, from the cache (fetched once).
source_of() {
	bash "$ROOT/scripts/debsrc.sh" "$1" 2>"$T/$1.debsrc.err" | tail -1
}

# --- GNU Hello
if ! src=$(source_of hello) || [ ! -x "$src/configure" ]; then
	t_fail hello-source "$(tail -2 "$T/hello.debsrc.err" | tr '\n' '|')"
else
	mkdir "$T/hello" && cd "$T/hello" || exit 1
	if "$src/configure" --host=x86_64-linux-musl CC="$CC" >configure.log 2>&1; then
		t_ok hello-configure
	else
		t_fail hello-configure "$(tail -3 configure.log | tr '\n' '|')"
	fi
	if make -j2 >make.log 2>&1 && [ -f hello ]; then
		t_ok hello-make
	else
		t_fail hello-make "$(grep -m3 -E 'error|Error' make.log | tr '\n' '|')"
	fi
	t_run hello-runs 0 "^Hello, world!$" "$RUN" ./hello
	# The suite's own tests call $HELLO; ours runs the unikernel.
	make check TESTS_ENVIRONMENT="top_srcdir=$src; HELLO='$RUN $T/hello/hello'; export HELLO top_srcdir;" \
		>check.log 2>&1
	pass=$(sed -n 's/^# PASS: *//p' check.log)
	fail=$(sed -n 's/^# FAIL: *//p' check.log)
	if [ "${pass:-0}" -ge 4 ] && [ "${fail:-1}" -eq 0 ]; then
		t_ok "hello-make-check ($pass passed)"
	else
		t_fail hello-make-check "$(grep -E '^(PASS|FAIL|SKIP|ERROR)' check.log | tr '\n' ' ')"
	fi
	cd "$ROOT" || exit 1
fi

# --- zlib
if ! src=$(source_of zlib) || [ ! -f "$src/zlib.h" ]; then
	t_fail zlib-source "$(tail -2 "$T/zlib.debsrc.err" | tr '\n' '|')"
else
	cp -a "$src" "$T/zlib" && cd "$T/zlib" || exit 1
	if CC="$CC" ./configure --static >configure.log 2>&1 &&
		make -j2 example minigzip >make.log 2>&1; then
		t_ok zlib-build
	else
		t_fail zlib-build "$(tail -3 configure.log make.log | tr '\n' '|')"
	fi
	# Its own test: example (deflate/inflate/gz files on the ext4 root).
	t_run zlib-teststatic 0 "zlib test OK" make teststatic QEMU_RUN="$RUN"
	mkdir -p "$T/zroot"
	head -c 300000 /dev/urandom | base64 >"$T/zroot/data.txt"
	cp "$T/zroot/data.txt" "$T/data.orig"
	t_run zlib-minigzip-runs 0 "" "$RUN" -d "$T/zroot" -o "$T/z.img" ./minigzip /data.txt
	debugfs -R "dump /data.txt.gz $T/data.txt.gz" "$T/z.img" >/dev/null 2>&1
	if gzip -dc "$T/data.txt.gz" 2>/dev/null | cmp -s - "$T/data.orig"; then
		t_ok zlib-minigzip-gunzip-on-host
	else
		t_fail zlib-minigzip-gunzip-on-host "the host's gzip does not give the file back"
	fi
	cd "$ROOT" || exit 1
fi

# --- C++
mkdir -p "$T/cxx/tmp"
if "$CXX" -O2 -Wall -Wextra -Werror -o "$T/cxx.spt" "$ROOT/tests/cc/cxx.cc" 2>"$T/cxx.err"; then
	t_ok cxx-build
	want="static constructor|args 3 x2|caught thrown 50 frames down|caught out_of_range"
	want="$want|rtti derived 1 7Derived|threads 10000|file written by C\\+\\+ 42|slept 1"
	want="$want|static destructor"
	T_TIMEOUT=20 t_run cxx-run 0 "" "$RUN" -d "$T/cxx" "$T/cxx.spt" x x
	got=$(echo "$T_OUT" | tr '\n' '|' | sed 's/|$//')
	if [[ $got =~ ^$want$ ]]; then t_ok cxx-output; else t_fail cxx-output "got '$got'"; fi
	t_run cxx-uncaught-exception-134 134 "terminate called after throwing an instance of 'std::logic_error'" \
		"$RUN" "$T/cxx.spt" terminate
else
	t_fail cxx-build "$(tail -3 "$T/cxx.err" | tr '\n' '|')"
fi

t_summary
