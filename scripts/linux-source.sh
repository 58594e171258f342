#!/bin/bash
# Installs Debian's linux-source-6.1 and unpacks it into the cache, once per
# Debian version. Prints the source directory on stdout (the last line).
#   NABLUX_CACHE   cache directory (default ~/.cache/nablux)
set -eo pipefail
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
PKG=linux-source-6.1

ver() { dpkg-query -W -f='${Status} ${Version}' "$PKG" 2>/dev/null |
	sed -n 's/^install ok installed //p'; }

if [ -z "$(ver)" ]; then
	echo "linux-source: installing $PKG" >&2
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$PKG" >&2
fi
VER=$(ver)
[ -n "$VER" ] || { echo "linux-source: $PKG is not installed" >&2; exit 1; }
case $VER in
6.1.*) ;;
*) echo "linux-source: $PKG version $VER is not 6.1.y" >&2; exit 1 ;;
esac

TARBALL=$(dpkg -L "$PKG" | grep -E '/linux-source-6\.1\.tar\.xz$' | head -1)
[ -f "$TARBALL" ] || { echo "linux-source: no tarball in $PKG" >&2; exit 1; }

SRC=$CACHE/linux-src-$VER
if [ ! -f "$SRC/.nablux-unpacked" ]; then
	echo "linux-source: unpacking $PKG $VER into $SRC" >&2
	rm -rf "$SRC" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -C "$SRC.tmp" --strip-components=1 -xJf "$TARBALL"
	# Sanity checks: this must be a 6.1 tree with the x86_64 syscall table.
	[ -f "$SRC.tmp/arch/x86/entry/syscalls/syscall_64.tbl" ] ||
		{ echo "linux-source: $TARBALL lacks syscall_64.tbl" >&2; exit 1; }
	grep -q '^PATCHLEVEL = 1$' "$SRC.tmp/Makefile" ||
		{ echo "linux-source: $TARBALL is not Linux 6.1" >&2; exit 1; }
	echo "$VER" > "$SRC.tmp/.nablux-debversion"
	touch "$SRC.tmp/.nablux-unpacked"
	mv "$SRC.tmp" "$SRC"
fi
echo "$SRC"
