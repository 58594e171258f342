#!/bin/bash
# SPDX-License-Identifier: ISC
# Libraries from Debian source packages, built as static archives twice:
# with nablux-cc (for unikernels) and with musl-gcc -static (for the
# native references of the apps' tests), into the cache, once per
# (Debian version, recipe hash).
#
#   usage: bash apps/libs/build.sh NAME...     (or --native-cc, below)
#   prints, one line per NAME, its directory (the last line is the last NAME's)
#       ${NABLUX_CACHE:-~/.cache/nablux}/libs/NAME-<Debian version>-<hash>
#   holding
#       uk/include  uk/lib/*.a  uk/lib/pkgconfig/*.pc       (nablux-cc)
#       native/include  native/lib/*.a  native/lib/pkgconfig/*.pc (musl-gcc)
#   An app uses -I$dir/uk/include -L$dir/uk/lib -lNAME (or the .pc files,
#   PKG_CONFIG_LIBDIR=$dir/uk/lib/pkgconfig), and the native/ ones for its
#   native build.
#
# A recipe is apps/libs/NAME.sh, sourced by this script; it sets
#   PKG=debian-source-package   (scripts/debsrc.sh fetches it)
#   DEPS="other recipes"        (optional; built first; their directories
#                                are in $DEP_<name> with - turned into _)
# and defines
#   lib_build SIDE PREFIX       run in a fresh copy of the source (Debian's
#                               patches applied; apps/libs/NAME-*.patch
#                               after them), SIDE uk or native; installs
#                               headers and static libraries into PREFIX.
#                               $CC is the compiler, $HOST the --host
#                               triplet, $BUILD_TRIPLET the --build one,
#                               $MAKE_J the -jN to give make, and
#                               $CFLAGS "-O2 -g" (exported).
# The native side's compiler is build/apps/libs/musl-gcc (this script makes
# it): musl-gcc that also finds the Linux UAPI headers of nablux's sysroot
# (linux/, asm/, asm-generic/), as nablux-cc does; apps use it for their
# native builds too (`bash apps/libs/build.sh --native-cc` prints its path).
# The hash covers this script, the recipe (but comments), its patches,
# the recipe hashes of its DEPS, nablux-cc, our musl's headers and the host
# compilers: changing one library rebuilds that library and what uses it.
# Logs of a failed build: the last lines on stderr; the whole log stays in
# <dir>.log.
set -eo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=$ROOT/build/bin
SYSROOT=$ROOT/build/sysroot
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
die() { echo "libs: $*" >&2; exit 1; }
say() { echo "libs: $*" >&2; }

[ -x "$BIN/nablux-cc" ] || die "$BIN/nablux-cc is missing (make first)"
command -v musl-gcc >/dev/null || die "musl-gcc is missing (scripts/deps.sh: musl-tools)"

# What every library's objects depend on besides its own source.
common_hash() {
	{
		grep -v '^[[:space:]]*#' "$HERE/build.sh"
		cat "$ROOT/toolchain/nablux-cc.in" "$ROOT/toolchain/nablux-cc.specs"
		(cd "$SYSROOT/include" && find . -type f | LC_ALL=C sort | xargs sha256sum)
		gcc --version | head -1
		dpkg-query -W -f='${Version}\n' musl-dev musl-tools 2>/dev/null || true
	} | sha256sum | cut -c1-16
}
COMMON=$(common_hash)

# build/apps/libs/musl-gcc: musl-gcc with the UAPI headers after its own.
NATIVE_CC=$ROOT/build/apps/libs/musl-gcc
native_cc() {
	local d=$ROOT/build/apps/libs h
	mkdir -p "$d/uapi"
	for h in linux asm asm-generic; do
		ln -sfn "$SYSROOT/include/$h" "$d/uapi/$h"
	done
	printf '#!/bin/sh\n# musl-gcc and the Linux UAPI headers (apps/libs/build.sh)\nexec musl-gcc "$@" -idirafter %s/uapi\n' "$d" >"$NATIVE_CC.tmp"
	chmod +x "$NATIVE_CC.tmp"
	mv "$NATIVE_CC.tmp" "$NATIVE_CC"
}
native_cc

# lib_dir NAME: builds NAME (and its DEPS) when not cached; sets $LIBDIR.
declare -A DONE
lib_dir() {
	local name=$1 recipe=$HERE/$1.sh
	if [ -n "${DONE[$name]:-}" ]; then LIBDIR=${DONE[$name]}; return; fi
	[ -f "$recipe" ] || die "no recipe $recipe"
	local PKG= DEPS= d deph=
	unset -f lib_build
	# shellcheck disable=SC1090
	. "$recipe"
	[ -n "$PKG" ] && declare -F lib_build >/dev/null || die "$recipe: needs PKG and lib_build"
	local pkg=$PKG deps=$DEPS body
	body=$(declare -f lib_build)
	for d in $deps; do
		lib_dir "$d"
		deph="$deph $LIBDIR"
		export "DEP_${d//-/_}=$LIBDIR"
	done
	# Sourcing the deps' recipes replaced lib_build: this one's again.
	eval "$body"
	local src
	src=$(bash "$ROOT/scripts/debsrc.sh" "$pkg" | tail -1)
	[ -f "$src/.nablux-debversion" ] || die "$pkg: no source"
	local debver ver hash dir
	debver=$(cat "$src/.nablux-debversion")
	ver=${debver#*:}
	hash=$({
		echo "$COMMON $deph"
		grep -v '^[[:space:]]*#' "$recipe"
		cat "$HERE/$name"-*.patch 2>/dev/null || true
	} | sha256sum | cut -c1-12)
	dir=$CACHE/libs/$name-$ver-$hash
	if [ ! -f "$dir/.nablux-built" ]; then
		say "building $name ($pkg $debver) with nablux-cc and musl-gcc into $dir"
		local t0 tmp side rc
		t0=$(date +%s)
		tmp=$dir.tmp.$$
		rm -rf "$tmp"
		mkdir -p "$tmp"
		for side in uk native; do
			cp -a "$src" "$tmp/src-$side"
			for p in "$HERE/$name"-*.patch; do
				[ -f "$p" ] || continue
				patch -d "$tmp/src-$side" -p1 -s <"$p" || die "$p does not apply"
			done
			# set -e holds in the subshell only outside a condition.
			set +e
			(
				set -e
				cd "$tmp/src-$side"
				export CFLAGS="-O2 -g" HOST=x86_64-pc-linux-musl \
					BUILD_TRIPLET=x86_64-pc-linux-gnu \
					MAKE_J=-j"${NABLUX_JOBS:-2}" SOURCE_DATE_EPOCH=0
				if [ $side = uk ]; then export CC=$BIN/nablux-cc; else export CC=$NATIVE_CC; fi
				export AR=ar RANLIB=ranlib
				# PKG_CONFIG finds only our own libraries.
				export PKG_CONFIG_LIBDIR= PKG_CONFIG_PATH=
				for d in $deph; do PKG_CONFIG_LIBDIR=$PKG_CONFIG_LIBDIR${PKG_CONFIG_LIBDIR:+:}$d/$side/lib/pkgconfig; done
				[ -n "$PKG_CONFIG_LIBDIR" ] || PKG_CONFIG_LIBDIR=/nonexistent
				lib_build $side "$tmp/$side"
			) >"$tmp/$side.log" 2>&1
			rc=$?
			set -e
			if [ $rc -ne 0 ] || [ ! -d "$tmp/$side/lib" ]; then
				tail -25 "$tmp/$side.log" >&2
				cp "$tmp/$side.log" "$dir.log" 2>/dev/null || true
				rm -rf "$tmp"
				die "$name: the $side build failed (log: $dir.log)"
			fi
			rm -rf "$tmp/src-$side"
		done
		# .pc files: their prefix is where the library is now; no .la.
		find "$tmp" -name '*.la' -delete
		for side in uk native; do
			for p in "$tmp/$side"/lib/pkgconfig/*.pc; do
				[ -f "$p" ] || continue
				sed -i "s|$tmp/$side|$dir/$side|g" "$p"
			done
		done
		echo "$debver" >"$tmp/debversion"
		echo $(($(date +%s) - t0)) >"$tmp/build-seconds"
		touch "$tmp/.nablux-built"
		# Another build may have finished first: keep the one that is there.
		[ -f "$dir/.nablux-built" ] || rm -rf "$dir"
		mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
		say "$name built in $(cat "$dir/build-seconds") s"
	fi
	DONE[$name]=$dir
	LIBDIR=$dir
}

[ "$1" = --native-cc ] && { echo "$NATIVE_CC"; exit 0; }
[ $# -gt 0 ] || die "usage: build.sh NAME... | --native-cc"
for n in "$@"; do
	lib_dir "$n"
	echo "$LIBDIR"
done
