#!/bin/bash
# Builds musl for nablux unikernels: Debian's musl source package, with our
# overlay (libc/overlay: every system call becomes a call into the
# dispatch), patches (libc/patches) and removals (libc/remove.list), built
# static-only and installed into the cache, once per (Debian version,
# overlay and patch hash):
#   src/musl-<debversion>/                  the pristine source (debsrc.sh)
#   musl-<debversion>-<hash>/{include,lib}  the installed libc
# Prints the install directory on stdout (the last line).
#   NABLUX_CACHE  cache directory (default ~/.cache/nablux)
set -eo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
JOBS=${NABLUX_JOBS:-$(nproc)}
say() { echo "musl-build: $*" >&2; }
die() { say "$*"; exit 1; }

SRC=$(bash "$ROOT/scripts/debsrc.sh" musl | tail -1)
VER=$(cat "$SRC/.nablux-debversion")
case $VER in
1.2.*) ;;
*) die "musl source version $VER is not 1.2.x" ;;
esac
[ -f "$SRC/arch/x86_64/syscall_arch.h" ] || die "$VER: no arch/x86_64 in the source"

OVERLAY=$ROOT/libc/overlay
KEY=$( (cd "$ROOT" && find libc/overlay libc/patches -type f | sort | xargs cat; cat libc/remove.list scripts/musl-build.sh) |
	sha256sum | cut -c1-12)
OUT=$CACHE/musl-$VER-$KEY
if [ ! -f "$OUT/.nablux-built" ]; then
	T0=$(date +%s)
	say "building musl $VER with the nablux overlay ($KEY)"
	rm -rf "$OUT" "$OUT.build"
	cp -a "$SRC" "$OUT.build"
	cp -r "$OVERLAY/." "$OUT.build/"
	# Small changes inside musl's own files, as patches.
	for p in "$ROOT"/libc/patches/*.patch; do
		patch -d "$OUT.build" -p1 --forward -s <"$p" ||
			die "$p does not apply to musl $VER"
	done
	while read -r f; do
		case $f in ''|'#'*) continue ;; esac
		[ -f "$OUT.build/$f" ] || die "libc/remove.list: $f is not in musl $VER"
		rm "$OUT.build/$f"
	done < "$ROOT/libc/remove.list"
	# -O2 throughout, as Debian builds its musl (musl alone would use -Os).
	(cd "$OUT.build" &&
		./configure --prefix="$OUT" --target=x86_64-linux-musl \
			--disable-shared --disable-wrapper CC=gcc AR=ar RANLIB=ranlib \
			CFLAGS=-O2 >&2 &&
		make -s -j"$JOBS" >&2 && make -s install >&2) ||
		die "musl build failed (tree kept in $OUT.build)"
	rm -rf "$OUT.build"
	touch "$OUT/.nablux-built"
	say "done in $(($(date +%s) - T0)) s"
fi
# Keep the three most recently used builds.
touch "$OUT"
ls -1dt "$CACHE"/musl-1* 2>/dev/null | grep -v '\.build$' | tail -n +4 | xargs -r rm -rf
echo "$OUT"
