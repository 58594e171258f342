#!/bin/bash
# Builds the nablux kernel object: Debian's linux-source-6.1 with our arch
# (linux/arch/nablux) dropped in, configured from linux/config/nablux.config,
# built out of tree with ccache. Everything lives in the cache directory:
#   linux-src-<debversion>/                 the unpacked source (ours to modify)
#   linux-build-<debversion>-<confighash>/  the O= build tree
#   ccache/
# The build tree is keyed by what invalidates every object (the Debian
# version, the config fragment, the patches); changes to the arch's sources
# are rebuilt incrementally by Kbuild's own dependency tracking.
#
# usage: linux-build.sh [OUTPUT]   (default build/lib/nablux-linux.o)
#   NABLUX_CACHE  cache directory (default ~/.cache/nablux)
#   NABLUX_JOBS   parallel jobs (default nproc)
set -eo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
OUT=${1:-$ROOT/build/lib/nablux-linux.o}
JOBS=${NABLUX_JOBS:-$(nproc)}
CONFIG=$ROOT/linux/config/nablux.config
API=$ROOT/linux/include/nablux/nablux.h
T0=$(date +%s)

say() { echo "linux-build: $*" >&2; }
die() { say "$*"; exit 1; }

SRC=$(bash "$ROOT/scripts/linux-source.sh" | tail -1)
VER=$(cat "$SRC/.nablux-debversion")
PATCHES=$(ls "$ROOT"/linux/patches/*.patch 2>/dev/null || true)
KEY=$(cat "$CONFIG" $PATCHES | sha256sum | cut -c1-12)
BUILD=$CACHE/linux-build-$VER-$KEY
mkdir -p "$BUILD" "$CACHE/ccache"
# Build trees of other configs are kept for switching back and forth, but
# only the four most recently used: the cache must not grow without end.
touch "$BUILD"
ls -1dt "$CACHE"/linux-build-* 2>/dev/null | tail -n +5 | xargs -r rm -rf

# One source tree per Debian version serves every checkout (worktrees, a
# CI clone): each build mirrors its own arch into it and builds there, so
# two at once would mix their files. One at a time, until the object is
# out (the lock is the descriptor's, released when the script ends).
exec 9>"$CACHE/.linux-build.lock"
flock 9

# Patches to core files (none so far) are applied once to the cached source.
for p in $PATCHES; do
	stamp=$SRC/.nablux-patch-$(sha256sum "$p" | cut -c1-12)
	[ -f "$stamp" ] && continue
	say "applying $(basename "$p")"
	patch -d "$SRC" -p1 --forward -s < "$p" || die "$p does not apply"
	touch "$stamp"
done

# Mirror the arch (and the public headers, as arch/nablux/include/public)
# into the source tree. Only files whose content changed are copied, so
# their mtimes, and so Kbuild's rebuilds, follow real changes.
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -r "$ROOT/linux/arch/nablux/." "$STAGE/"
mkdir -p "$STAGE/include/public"
cp -r "$ROOT/linux/include/." "$STAGE/include/public/"
DST=$SRC/arch/nablux
mkdir -p "$DST"
(cd "$STAGE" && find . -type f) | while read -r f; do
	if ! cmp -s "$STAGE/$f" "$DST/$f"; then
		mkdir -p "$(dirname "$DST/$f")"
		cp "$STAGE/$f" "$DST/$f"
	fi
done
(cd "$DST" && find . -type f) | while read -r f; do
	[ -f "$STAGE/$f" ] || rm -f "$DST/$f"
done

export CCACHE_DIR=$CACHE/ccache CCACHE_BASEDIR=$CACHE CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-2G}
export KBUILD_BUILD_TIMESTAMP="Debian $VER" KBUILD_BUILD_USER=nablux
export KBUILD_BUILD_HOST=nablux
CC="gcc"
command -v ccache >/dev/null && CC="ccache gcc"
MAKE=(make -s -C "$SRC" O="$BUILD" ARCH=nablux CC="$CC" HOSTCC=gcc)

# Configure: allnoconfig plus our fragment, once per build tree; then
# olddefconfig on every build, for changes in arch/nablux/Kconfig.
if [ ! -f "$BUILD/.config" ]; then
	say "configuring $BUILD"
	"${MAKE[@]}" KCONFIG_ALLCONFIG="$CONFIG" allnoconfig >&2
fi
"${MAKE[@]}" olddefconfig >&2

# Kconfig silently drops options whose dependencies are missing.
missing=()
while read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF -- "$line" "$BUILD/.config" || missing+=("$line") ;;
	"# CONFIG_"*" is not set")
		opt=${line#"# "}; opt=${opt%" is not set"}
		if grep -q "^$opt=" "$BUILD/.config"; then
			missing+=("$line")
		fi ;;
	esac
done < "$CONFIG"
if [ ${#missing[@]} -gt 0 ]; then
	say "the .config lacks what linux/config/nablux.config asks for:"
	for m in "${missing[@]}"; do
		opt=$(echo "$m" | grep -o 'CONFIG_[A-Za-z0-9_]*')
		got=$(grep -E "^$opt=|^# $opt is not set" "$BUILD/.config" || echo "absent")
		say "  want: $m   have: $got"
	done
	exit 1
fi

T1=$(date +%s)
"${MAKE[@]}" -j"$JOBS" vmlinux >&2
T2=$(date +%s)

# A relocatable link does not fail on missing symbols: check here.
undef=$(nm -u "$BUILD/vmlinux" | awk '{print $2}')
[ -z "$undef" ] || die "undefined symbols in vmlinux: $(echo $undef)"

# Only the API (the functions nablux.h declares) stays global.
syms=$(grep -o '\bnablux_[a-z0-9_]*(' "$API" | tr -d '(' | sort -u)
defined=$(nm --defined-only "$BUILD/vmlinux")
args=()
for s in $syms; do
	grep -q " T $s\$" <<<"$defined" || die "API function $s is not defined"
	args+=(-G "$s")
done
mkdir -p "$(dirname "$OUT")"
# The kernel needs no executable stack: say so, or ld warns at every link.
objcopy "${args[@]}" --add-section .note.GNU-stack=/dev/null \
	--set-section-flags .note.GNU-stack=contents,readonly \
	"$BUILD/vmlinux" "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "$VER" > "$OUT.debversion"
T3=$(date +%s)
say "linux-source-6.1 $VER, build tree $BUILD"
say "config $((T1 - T0)) s, kernel $((T2 - T1)) s, object $((T3 - T2)) s: $OUT"
