#!/bin/bash
# Real Debian source packages built with nablux-cc, their own tests run
# with the programs as unikernels (nablux-run as the emulator prefix):
#   hello (GNU Hello, autotools + gnulib): configure --host, make, make check
#   zlib: configure --static, its teststatic target (example, minigzip), and
#         a file minigzip compressed inside the unikernel, gunzipped on the host
#   C++ (nablux-c++, libstdc++ built against our musl): tests/cc/cxx.cc's
#         exceptions, RTTI, threads, iostream/fstream, static destructors;
#         an uncaught exception ends with SIGABRT's status, 134
#   search paths: a library or header the host has and our sysroot lacks
#         is not found (no glibc-built copy linked in); -L and the
#         sysroot's libraries are
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

# --- Search paths: only the sysroot, nablux's objects and the user's -L.
# A library the host's gcc finds (in gcc's own directory: libatomic, the
# glibc-built libstdc++; in the host's multiarch one: sqlite3 when
# installed) must be as missing as it is from our sysroot.
cat >"$T/main.c" <<'EOF'
#include <math.h>
#include <stdio.h>
int foo(void);
int main(void) { printf("foo %d %.0f\n", foo(), sqrt(1764.0)); return 0; }
EOF
echo 'int main(void) { return 0; }' >"$T/plain.c"
for l in atomic stdc++ sqlite3; do
	if [ "$(gcc -print-file-name="lib$l.a")" = "lib$l.a" ]; then
		t_skip "cc-no-host-lib$l" "the host has no lib$l.a"
		continue
	fi
	t_run "cc-no-host-lib$l" 1 "cannot find -l$l" "$CC" -o "$T/nolib.spt" "$T/plain.c" "-l$l"
done
echo '#include <gnu/libc-version.h>' >"$T/glibc.c"
t_run cc-no-host-headers 1 "gnu/libc-version.h: No such file" \
	"$CC" -c -o "$T/glibc.o" "$T/glibc.c"
t_run cxx-no-host-headers 1 "gnu/libc-version.h: No such file" \
	"$CXX" -x c++ -c -o "$T/glibc.o" "$T/glibc.c"
mkdir -p "$T/foolib"
echo 'int foo(void) { return 7; }' >"$T/foo.c"
if "$CC" -c -o "$T/foo.o" "$T/foo.c" && ar rcs "$T/foolib/libfoo.a" "$T/foo.o" &&
	"$CC" -o "$T/foo.spt" "$T/main.c" -L"$T/foolib" -lfoo -lm -lpthread 2>"$T/foo.err"; then
	t_run cc-user-L-and-sysroot-libs 0 "^foo 7 42$" "$RUN" "$T/foo.spt"
else
	t_fail cc-user-L-and-sysroot-libs "$(tail -3 "$T/foo.err" | tr '\n' '|')"
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
