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

# Newest first; a version the mirror no longer serves (a security update
# whose pool file is gone, an index older than the mirror) is skipped for
# the next one, after refreshing the index once.
versions() { apt-cache showsrc "$PKG" 2>/dev/null | sed -n 's/^Version: //p' | sort -uVr; }
fetch() { # VERSION -> $CACHE/src/PKG-VERSION
	local src=$CACHE/src/$PKG-${1#*:} d
	[ -f "$src/.nablux-unpacked" ] && { echo "$src"; return; }
	echo "debsrc: fetching Debian's $PKG $1" >&2
	rm -rf "$src.tmp" "$src.tree"
	mkdir -p "$src.tmp"
	if ! (cd "$src.tmp" && apt-get source -qq --only-source "$PKG=$1" >&2); then
		rm -rf "$src.tmp"
		return 1
	fi
	d=$(find "$src.tmp" -mindepth 1 -maxdepth 1 -type d | head -1)
	[ -n "$d" ] || die "nothing unpacked"
	mv "$d" "$src.tree"
	rm -rf "$src.tmp"
	echo "$1" > "$src.tree/.nablux-debversion"
	touch "$src.tree/.nablux-unpacked"
	rm -rf "$src"
	mv "$src.tree" "$src"
	echo "$src"
}
# A version already unpacked wins over fetching a newer one (no network
# when the cache is complete).
for v in $(versions); do
	[ -f "$CACHE/src/$PKG-${v#*:}/.nablux-unpacked" ] && { echo "$CACHE/src/$PKG-${v#*:}"; exit 0; }
done
for round in 1 2; do
	vers=$(versions)
	[ -n "$vers" ] || [ $round = 2 ] || { apt-get update -qq >&2 || true; continue; }
	[ -n "$vers" ] || die "no source package (run scripts/deps.sh: it enables deb-src)"
	for v in $vers; do
		fetch "$v" && exit 0
		echo "debsrc: $PKG $v is not served, trying an older one" >&2
	done
	[ $round = 1 ] && apt-get update -qq >&2
done
die "apt-get source failed for every version ($(echo $vers))"
