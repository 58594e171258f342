#!/bin/bash
# Fetches a Debian source package (apt-get source, deb-src enabled by
# scripts/deps.sh) and unpacks it, with Debian's patches applied, into the
# cache, once per version. Prints the source directory on stdout (the
# last line). Nothing of it is ever copied into the checkout.
#   usage: debsrc.sh PACKAGE
#   NABLUX_CACHE  cache directory (default ~/.cache/nablux)
set -eo pipefail
PKG=${1:?usage: debsrc.sh PACKAGE}
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
die() { echo "debsrc: $PKG: $*" >&2; exit 1; }

VER=$(apt-cache showsrc "$PKG" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1)
[ -n "$VER" ] || die "no source package (run scripts/deps.sh: it enables deb-src)"
SRC=$CACHE/src/$PKG-${VER#*:}
if [ ! -f "$SRC/.nablux-unpacked" ]; then
	echo "debsrc: fetching Debian's $PKG $VER" >&2
	rm -rf "$SRC" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	(cd "$SRC.tmp" && apt-get source -qq --only-source "$PKG=$VER" >&2) ||
		die "apt-get source $PKG=$VER failed"
	d=$(find "$SRC.tmp" -mindepth 1 -maxdepth 1 -type d | head -1)
	[ -n "$d" ] || die "nothing unpacked"
	mv "$d" "$SRC.tree"
	rm -rf "$SRC.tmp"
	echo "$VER" > "$SRC.tree/.nablux-debversion"
	touch "$SRC.tree/.nablux-unpacked"
	mv "$SRC.tree" "$SRC"
fi
echo "$SRC"
