#!/bin/bash
# Builds libstdc++ for nablux unikernels: Debian's gcc-12 source package
# (the same gcc as the host's g++), Debian's patches applied
# (debian/rules patch), libstdc++-v3 configured on its own for
# x86_64-linux-musl with nablux-cc as its C and C++ compiler (so against
# our musl), static only, installed into the cache once per (Debian
# version, hash of this script, nablux-cc and our musl's headers):
#   libstdcxx-<debversion>-<hash>/include/c++/   headers (bits/c++config.h)
#   libstdcxx-<debversion>-<hash>/lib/           libstdc++.a libsupc++.a
# Prints the install directory on stdout (the last line).
#   usage: libstdcxx-build.sh SYSROOT-INCLUDE-DIR NABLUX-CC
#   NABLUX_CACHE  cache directory (default ~/.cache/nablux)
# Locale model "generic" (musl has no glibc locale internals), threads
# posix (gthr-posix over musl's pthreads), no PCH, no shared library.
set -eo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
INC=${1:?usage: libstdcxx-build.sh SYSROOT-INCLUDE NABLUX-CC}
NCC=${2:?usage: libstdcxx-build.sh SYSROOT-INCLUDE NABLUX-CC}
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
JOBS=${NABLUX_JOBS:-$(nproc)}
say() { echo "libstdcxx-build: $*" >&2; }
die() { say "$*"; exit 1; }
command -v quilt >/dev/null || die "quilt is missing (scripts/deps.sh): Debian's gcc patches need it"

SRC=$(bash "$ROOT/scripts/debsrc.sh" gcc-12 | tail -1)
VER=$(cat "$SRC/.nablux-debversion")
hostver=$(g++ -dumpfullversion)
[ "${VER%%-*}" = "$hostver" ] || die "gcc-12 source $VER is not the host's g++ $hostver"
KEY=$({
	grep -v '^[[:space:]]*#' "$ROOT/scripts/libstdcxx-build.sh"
	cat "$ROOT/toolchain/nablux-cc.in" "$ROOT/toolchain/nablux-cc.specs"
	(cd "$INC" && find . -type f | LC_ALL=C sort | xargs sha256sum)
	g++ --version | head -1
} | sha256sum | cut -c1-12)
OUT=$CACHE/libstdcxx-$VER-$KEY
if [ ! -f "$OUT/.nablux-built" ]; then
	T0=$(date +%s)
	say "building libstdc++ from gcc-12 $VER against nablux's musl ($KEY)"
	W=$OUT.build
	rm -rf "$OUT" "$W"
	mkdir -p "$W"
	trap 'rm -rf "$W"' EXIT
	cp -a "$SRC" "$W/gcc"
	# Unpacks gcc's tarball into gcc/src and applies Debian's patches.
	(cd "$W/gcc" && debian/rules patch) >"$W/patch.log" 2>&1 ||
		{ tail -20 "$W/patch.log" >&2; die "debian/rules patch failed"; }
	# What gcc's own build makes for --enable-threads=posix, and
	# libstdc++'s configure looks for next to its build directory:
	# without it, no std::thread/mutex (_GLIBCXX_HAS_GTHREADS unset).
	mkdir "$W/b" "$W/libgcc"
	cp "$W/gcc/src/libgcc/gthr-posix.h" "$W/libgcc/gthr-default.h"
	(cd "$W/b" && CC="$NCC" CXX="env NABLUX_HOST_CC=g++ $NCC" CFLAGS="-O2 -g" \
		CXXFLAGS="-O2 -g" "$W/gcc/src/libstdc++-v3/configure" \
		--host=x86_64-linux-musl --build=x86_64-linux-gnu --prefix="$OUT" \
		--with-gxx-include-dir="$OUT/include/c++" --disable-multilib \
		--disable-shared --enable-static --disable-libstdcxx-pch --disable-nls \
		--enable-clocale=generic --enable-threads=posix) >"$W/configure.log" 2>&1 ||
		{ tail -20 "$W/configure.log" >&2; die "configure failed"; }
	# Debian's multiarch patch would install bits/ into the host's
	# /usr/include/<multiarch>/c++: keep them with the other headers.
	sed -i 's|^host_installdir = .*|host_installdir = ${gxx_include_dir}/bits|' "$W/b/include/Makefile"
	(cd "$W/b" && make -j"$JOBS" && make install) >"$W/make.log" 2>&1 ||
		{ tail -30 "$W/make.log" >&2; die "build failed"; }
	[ -f "$OUT/include/c++/bits/c++config.h" ] && [ -f "$OUT/lib/libstdc++.a" ] ||
		die "the install is incomplete"
	grep -q '^#define _GLIBCXX_HAS_GTHREADS 1' "$OUT/include/c++/bits/c++config.h" ||
		die "configured without threads (see $W/b/config.log)"
	rm -f "$OUT"/lib/*.la "$OUT"/lib/*-gdb.py
	rm -rf "$OUT/share"
	touch "$OUT/.nablux-built"
	say "done in $(($(date +%s) - T0)) s"
fi
touch "$OUT"
ls -1dt "$CACHE"/libstdcxx-* 2>/dev/null | grep -v '\.build$' | tail -n +3 | xargs -r rm -rf
echo "$OUT"
