#!/bin/bash
# SPDX-License-Identifier: ISC
# Debian's python3.11 (3.11.2, apt-get source via scripts/debsrc.sh) as a
# nablux unikernel, and the same source built natively for comparison.
#   usage: build.sh OUTDIR        (make app-python3: OUTDIR = build/apps/python3)
# Makes
#   OUTDIR/python3.spt      the interpreter, nablux-cc --nablux-net, every
#                           module built in (no dlopen in a unikernel)
#   OUTDIR/root/            its root: /usr/lib/python3.11 (.py and .pyc,
#                           without the test package), /etc/passwd,
#                           /etc/group, /etc/hosts, /tmp (1777)
#   OUTDIR/rootfs.img       an ext4 image of root/ (reproducible: fixed
#                           UUID, hash seed, times)
#   OUTDIR/test-root/, OUTDIR/test-rootfs.img   the same with Lib/test
#                           (CPython's regression tests; tests/python3)
#   OUTDIR/native/python3   the same source, musl-gcc -static, the tests'
#                           reference; it finds its library in
#                           OUTDIR/native/lib/python3.11 (-> test-root's)
#   OUTDIR/src -> the source
# Libraries (static, apps/libs/build.sh): zlib, bzip2, liblzma (xz-utils),
# libffi, sqlite3, openssl; expat and libmpdec are the copies Python
# bundles (Modules/expat, Modules/_decimal/libmpdec).
# The compiled trees live in ${NABLUX_CACHE:-~/.cache/nablux}/apps/
# python3.11-<Debian version>-<recipe hash>/{uk,native}; when the cache is
# there only python3.spt is linked again (nablux's libc, kernel or platform
# changed) and the root directories and images are made again.
#
# Every module is built in: MODULE_BUILDTYPE=static, and
# configure-setup-stdlib.patch builds the stdlib's modules from
# Modules/Setup.stdlib (as 3.11 does for WASI) instead of setup.py, which
# would make shared objects; Setup.local.in adds _ctypes (setup.py's too)
# and disables what has no library here. Of the test-only modules only
# _testcapi and _ctypes_test (CPython's tests need them; _ctypes_test's
# functions are found by dlsym through a generated table, see
# ctypes_test_syms and nablux_dl.c).
# Cross-compiling: --host=x86_64-pc-linux-musl with the build host's
# python3.11 (Debian's /usr/bin/python3.11, the same 3.11) as the build
# python; config.site answers what configure would learn by running test
# programs. The native build is configured the same way, so both
# interpreters have the same configuration. No PGO, no LTO.
set -eo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:?usage: build.sh OUTDIR}
BIN=$ROOT/build/bin
SYSROOT=$ROOT/build/sysroot
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
BUILD_PYTHON=/usr/bin/python3.11
LIBS="zlib bzip2 xz libffi sqlite3 openssl"
# The modules the issue asks for; the build fails without one of them.
WANT_MODULES="_socket select _ssl _hashlib _sqlite3 zlib _bz2 _lzma _json _struct _pickle
_datetime math cmath _random _decimal array _collections itertools _functools _csv binascii
unicodedata _asyncio _posixsubprocess fcntl mmap _ctypes"
die() { echo "app-python3: $*" >&2; exit 1; }
say() { echo "app-python3: $*" >&2; }

[ -x "$BIN/nablux-cc" ] || die "$BIN/nablux-cc is missing (make first)"
command -v musl-gcc >/dev/null || die "musl-gcc is missing (scripts/deps.sh: musl-tools)"
[ -x "$BUILD_PYTHON" ] || die "$BUILD_PYTHON is missing (scripts/deps.sh: python3.11)"

t_libs=$(date +%s)
mapfile -t libdirs < <(bash "$ROOT/apps/libs/build.sh" $LIBS)
[ ${#libdirs[@]} -eq 6 ] || die "the libraries did not build"
t_libs=$(($(date +%s) - t_libs))
declare -A L
i=0
for n in $LIBS; do L[$n]=${libdirs[$i]}; i=$((i + 1)); done
NATIVE_CC=$(bash "$ROOT/apps/libs/build.sh" --native-cc)

src=$(bash "$ROOT/scripts/debsrc.sh" python3.11 | tail -1)
[ -f "$src/Python/ceval.c" ] || die "no python3.11 source in $src"
debver=$(cat "$src/.nablux-debversion")
ver=${debver#*:}
"$BUILD_PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
	die "$BUILD_PYTHON is not a python 3.11"

# The recipe hash: these files (but comments), the libraries' directories
# (their own hashes), and what the objects depend on besides the source.
hash=$({
	grep -v '^[[:space:]]*#' "$HERE/build.sh"
	cat "$HERE/config.site" "$HERE/Setup.local.in" "$HERE/nablux_dl.c"
	cat "$HERE"/*.patch 2>/dev/null || true
	echo "${libdirs[@]}"
	cat "$ROOT/toolchain/nablux-cc.in" "$ROOT/toolchain/nablux-cc.specs"
	(cd "$SYSROOT/include" && find . -type f | LC_ALL=C sort | xargs sha256sum)
	gcc --version | head -1
	"$BUILD_PYTHON" --version
	dpkg-query -W -f='${Version}\n' musl-dev musl-tools 2>/dev/null || true
} | sha256sum | cut -c1-12)
C=$CACHE/apps/python3.11-$ver-$hash

jobs=(-j"${NABLUX_JOBS:-2}")
[[ "$MAKEFLAGS" == *jobserver* ]] && jobs=()
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(dpkg-parsechangelog -l "$src/debian/changelog" -STimestamp)}
# The build python must not see the user's site or environment.
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP

# configure_side SIDE: configures $tmp/SIDE (a copy of the source).
configure_side() {
	local side=$1 cc ldflags
	if [ "$side" = uk ]; then
		cc=$BIN/nablux-cc ldflags=--nablux-net L_=uk
	else
		cc=$NATIVE_CC ldflags=-static L_=native
	fi
	local z=${L[zlib]}/$L_ b=${L[bzip2]}/$L_ x=${L[xz]}/$L_ q=${L[sqlite3]}/$L_
	sed "s|@FFI@|${L[libffi]}/$L_|g" "$HERE/Setup.local.in" >Modules/Setup.local
	cp "$HERE/nablux_dl.c" Modules/_ctypes/nablux_dl.c
	CONFIG_SITE=$HERE/config.site MODULE_BUILDTYPE=static ./configure \
		--host=x86_64-pc-linux-musl --build=x86_64-pc-linux-gnu \
		--with-build-python="$BUILD_PYTHON" --prefix=/usr \
		--disable-shared --disable-test-modules --without-ensurepip \
		--with-system-libmpdec=no --without-system-expat \
		--with-openssl="${L[openssl]}/$L_" \
		CC="$cc" READELF=/usr/bin/readelf LDFLAGS="$ldflags" \
		PKG_CONFIG=/bin/false \
		ZLIB_CFLAGS="-I$z/include" ZLIB_LIBS="-L$z/lib -lz" \
		BZIP2_CFLAGS="-I$b/include" BZIP2_LIBS="-L$b/lib -lbz2" \
		LIBLZMA_CFLAGS="-I$x/include" LIBLZMA_LIBS="-L$x/lib -llzma" \
		LIBSQLITE3_CFLAGS="-I$q/include" LIBSQLITE3_LIBS="-L$q/lib -lsqlite3 -lm"
}

# ctypes_test_syms: Modules/_ctypes/nablux_dl_syms.c, the table of
# _ctypes_test's global symbols (name, address) that nablux_dl.c's dlsym
# searches: a static program has no dynamic symbol table, and ctypes'
# tests find _ctypes_test's functions by dlsym. The names from the object
# compiled once on its own (musl-gcc; the names do not depend on the
# side), in a configured tree.
ctypes_test_syms() {
	local o=Modules/_ctypes/_ctypes_test.syms.o out=Modules/_ctypes/nablux_dl_syms.c names
	"$NATIVE_CC" -c -I. -IInclude -IInclude/internal -DPy_BUILD_CORE_BUILTIN \
		Modules/_ctypes/_ctypes_test.c -o $o
	names=$(nm -g --defined-only $o | awk '$3 != "PyInit__ctypes_test" { print $3 }' | LC_ALL=C sort)
	rm -f $o
	[ -n "$names" ] || return 1
	{
		echo "/* Generated by nablux's apps/python3/build.sh: _ctypes_test's symbols for dlsym. */"
		echo "#include <stddef.h>"
		echo "struct nablux_dl_sym { const char *name; void *addr; };"
		for n in $names; do echo "extern char $n[];"; done
		echo "const struct nablux_dl_sym nablux_dl_syms[] = {"
		for n in $names; do echo "	{\"$n\", $n},"; done
		echo "	{NULL, NULL}"
		echo "};"
	} >$out
	echo "nablux_dl_syms.c: $(echo "$names" | wc -l) symbols of _ctypes_test"
}

# No -export-dynamic: a static program, nothing to export to.
make_args=(LINKFORSHARED=)

if [ ! -f "$C/.nablux-built" ]; then
	say "building python $debver with nablux-cc and natively (musl-gcc) into $C"
	t0=$(date +%s)
	tmp=$C.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	for side in uk native; do
		ts=$(date +%s)
		cp -a "$src" "$tmp/$side"
		for p in "$HERE"/*.patch; do
			[ -f "$p" ] || continue
			patch -d "$tmp/$side" -p1 -s <"$p" || die "$p does not apply"
		done
		(cd "$tmp/$side" && configure_side $side) >"$tmp/$side.log" 2>&1 ||
			{ tail -30 "$tmp/$side.log" >&2; cp "$tmp/$side.log" "$C.log"; die "$side: configure failed ($C.log)"; }
		(cd "$tmp/$side" && ctypes_test_syms) >>"$tmp/$side.log" 2>&1 ||
			{ tail -30 "$tmp/$side.log" >&2; cp "$tmp/$side.log" "$C.log"; die "$side: _ctypes_test's symbol table failed ($C.log)"; }
		# python: the interpreter; platform: pybuilddir.txt and the
		# sysconfig data (no setup.py modules: none are left).
		make -C "$tmp/$side" "${jobs[@]}" "${make_args[@]}" python platform \
			>>"$tmp/$side.log" 2>&1 ||
			{ tail -30 "$tmp/$side.log" >&2; cp "$tmp/$side.log" "$C.log"; die "$side: build failed ($C.log)"; }
		# Every module of the list built in (a library configure did not
		# find would leave its module out without an error).
		nm "$tmp/$side/python" >"$tmp/$side.nm"
		for m in $WANT_MODULES; do
			grep -q " T PyInit_$m\$" "$tmp/$side.nm" ||
				die "$side: module $m is not built in (configure: $(grep "extension module $m\.\.\." "$tmp/$side.log" | tail -1))"
		done
		rm -f "$tmp/$side.nm"
		echo $(($(date +%s) - ts)) >"$tmp/$side.seconds"
	done
	echo "$debver" >"$tmp/debversion"
	echo "libraries ${t_libs}s" >"$tmp/libs.seconds"
	touch "$tmp/.nablux-built"
	[ -f "$C/.nablux-built" ] || rm -rf "$C"
	mv -T "$tmp" "$C" 2>/dev/null || rm -rf "$tmp"
	trap - EXIT
	say "built in $(($(date +%s) - t0)) s (uk $(cat "$C/uk.seconds") s, native $(cat "$C/native.seconds") s)"
fi

mkdir -p "$OUT/native"
# The link, against the current nablux runtime (libc, Linux, platform).
# Into OUTDIR directly: the cache's tree is shared, never written here.
# CC: this checkout's nablux-cc, not the one that configured the cached
# tree (that checkout may be gone).
rm -f "$OUT/python3.spt.tmp"
make -C "$C/uk" "${make_args[@]}" CC="$BIN/nablux-cc" BUILDPYTHON="$OUT/python3.spt.tmp" "$OUT/python3.spt.tmp" \
	>"$OUT/link.log" 2>&1 || { tail -20 "$OUT/link.log" >&2; die "link failed ($OUT/link.log)"; }
mv "$OUT/python3.spt.tmp" "$OUT/python3.spt"
cp "$C/native/python" "$OUT/native/python3.tmp"
mv "$OUT/native/python3.tmp" "$OUT/native/python3"
ln -sfn "$src" "$OUT/src"

# The root directories and images.
. "$HERE/root.sh"
