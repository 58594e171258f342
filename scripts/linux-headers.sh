#!/bin/bash
# Installs the x86_64 Linux UAPI headers of Debian's linux-source-6.1 (the
# system call ABI the library kernel exposes: asm/unistd_64.h, struct
# layouts) into the cache, once per Debian version. Prints the include
# directory on stdout (the last line).
#   NABLUX_CACHE  cache directory (default ~/.cache/nablux)
set -eo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
SRC=$(bash "$ROOT/scripts/linux-source.sh" | tail -1)
VER=$(cat "$SRC/.nablux-debversion")
OUT=$CACHE/linux-uapi-$VER
if [ ! -f "$OUT/.nablux-installed" ]; then
	echo "linux-headers: installing the x86 UAPI headers of $VER" >&2
	rm -rf "$OUT" "$OUT.obj"
	make -s -C "$SRC" O="$OUT.obj" ARCH=x86 HOSTCC=gcc \
		INSTALL_HDR_PATH="$OUT" headers_install >&2
	rm -rf "$OUT.obj"
	[ -f "$OUT/include/asm/unistd_64.h" ] ||
		{ echo "linux-headers: no asm/unistd_64.h installed" >&2; exit 1; }
	touch "$OUT/.nablux-installed"
fi
echo "$OUT/include"
