#!/bin/bash
# SPDX-License-Identifier: ISC
# Debian's nginx (apt-get source nginx, via scripts/debsrc.sh) as a nablux
# unikernel, and the same source built natively for comparison.
#   usage: build.sh OUTDIR        (make app-nginx: OUTDIR = build/apps/nginx)
# Makes
#   OUTDIR/nginx.spt         nginx linked by nablux-cc --nablux-net
#   OUTDIR/root/             its root directory (etc/nginx, var/www/html,
#                            var/log/nginx, var/lib/nginx, run)
#   OUTDIR/rootfs.img        an ext4 image of root/, reproducible
#   OUTDIR/native/nginx      the same source, musl-gcc -static (the tests'
#                            reference; run it with -p ROOT/ -c ...: the
#                            configuration's paths are relative to -p)
# Libraries: zlib, pcre2 and OpenSSL from apps/libs (Debian sources, built
# with nablux-cc and with musl-gcc, cached), linked statically.
# Configure: nginx's auto/ scripts run their test programs, which a
# unikernel compiler cannot give, so nginx is configured once with
# musl-gcc (the same musl 1.2.3 headers and ABI as nablux's), and the
# unikernel tree is that configured tree built with CC=nablux-cc against
# the nablux-cc libraries.
# Patches: single-process-graceful-quit.patch (SIGQUIT finishes what is in
# flight with master_process off).
# Left out of Debian's flags: --with-pcre-jit (the guest has no executable
# heap: JIT code cannot be mapped).
# The compiled trees are cached in ${NABLUX_CACHE:-~/.cache/nablux}/apps/
# nginx-<Debian version>-<recipe hash>/{uk,native}; when the cache is there
# only the link of nginx.spt runs again.
set -eo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:?usage: build.sh OUTDIR}
BIN=$ROOT/build/bin
SYSROOT=$ROOT/build/sysroot
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
die() { echo "app-nginx: $*" >&2; exit 1; }
say() { echo "app-nginx: $*" >&2; }

[ -x "$BIN/nablux-cc" ] || die "$BIN/nablux-cc is missing (make first)"
command -v musl-gcc >/dev/null || die "musl-gcc is missing (scripts/deps.sh: musl-tools)"

src=$(bash "$ROOT/scripts/debsrc.sh" nginx | tail -1)
[ -f "$src/src/core/nginx.c" ] || die "no nginx source in $src"
musl=$(bash "$ROOT/scripts/debsrc.sh" musl | tail -1)
libdirs=$(bash "$ROOT/apps/libs/build.sh" zlib pcre2 openssl)
[ "$(echo "$libdirs" | wc -l)" -eq 3 ] || die "apps/libs: zlib, pcre2, openssl failed"
NCC=$(bash "$ROOT/apps/libs/build.sh" --native-cc)
# flags SIDE: -I and -L of the libraries' SIDE (uk or native) builds
incs() { for d in $libdirs; do printf ' -I%s/%s/include' "$d" "$1"; done; }
libs() { for d in $libdirs; do printf ' -L%s/%s/lib' "$d" "$1"; done; }
debver=$(cat "$src/.nablux-debversion")
ver=${debver#*:}

hash=$({
	grep -v '^[[:space:]]*#' "$HERE/build.sh"
	cat "$HERE/nginx.conf" "$HERE"/*.patch
	cat "$musl/.nablux-debversion"
	echo "$libdirs"
	cat "$ROOT/toolchain/nablux-cc.in" "$ROOT/toolchain/nablux-cc.specs"
	(cd "$SYSROOT/include" && find . -type f | LC_ALL=C sort | xargs sha256sum)
	gcc --version | head -1
	dpkg-query -W -f='${Version}\n' musl-dev musl-tools 2>/dev/null || true
} | sha256sum | cut -c1-12)
C=$CACHE/apps/nginx-$ver-$hash

jobs=(-j"${NABLUX_JOBS:-2}")
[[ "$MAKEFLAGS" == *jobserver* ]] && jobs=()
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(dpkg-parsechangelog -l "$src/debian/changelog" -STimestamp)}

if [ ! -f "$C/.nablux-built" ]; then
	say "building nginx $debver with nablux-cc and natively (musl-gcc) into $C"
	t0=$(date +%s)
	tmp=$C.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp/uk" "$tmp/native"
	trap 'rm -rf "$tmp"' EXIT
	# Debian's musl-dev leaves out crypt (<crypt.h>, libcrypt.a; nginx's
	# auth_basic needs it): the native build takes it from the same musl
	# source, compiled here.
	mkdir -p "$tmp/native/compat" "$tmp/native/crypt"
	cp "$musl/include/crypt.h" "$tmp/native/compat/"
	for f in "$musl"/src/crypt/*.c; do
		musl-gcc -O2 -c -I"$musl/src/include" -I"$musl/src/internal" \
			-I"$musl/arch/x86_64" -I"$musl/arch/generic" "$f" \
			-o "$tmp/native/crypt/$(basename "$f" .c).o" || die "musl's $f"
	done
	ar rcs "$tmp/native/crypt/libcrypt.a" "$tmp/native/crypt"/*.o
	# Debian's basic_configure_flags (debian/rules) but the JIT.
	cp -a "$src" "$tmp/native/nginx"
	for p in "$HERE"/*.patch; do
		patch -d "$tmp/native/nginx" -p1 -s <"$p" || die "$p does not apply"
	done
	(cd "$tmp/native/nginx" && ./configure --with-cc="$NCC" \
		--with-cc-opt="-O2$(incs native) -idirafter $tmp/native/compat" \
		--with-ld-opt="-static$(libs native) -L$tmp/native/crypt" \
		--prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf \
		--http-log-path=/var/log/nginx/access.log --error-log-path=stderr \
		--lock-path=/var/lock/nginx.lock --pid-path=/run/nginx.pid \
		--modules-path=/usr/lib/nginx/modules \
		--http-client-body-temp-path=/var/lib/nginx/body \
		--http-fastcgi-temp-path=/var/lib/nginx/fastcgi \
		--http-proxy-temp-path=/var/lib/nginx/proxy \
		--http-scgi-temp-path=/var/lib/nginx/scgi \
		--http-uwsgi-temp-path=/var/lib/nginx/uwsgi \
		--with-compat --with-debug --with-http_ssl_module \
		--with-http_stub_status_module --with-http_realip_module \
		--with-http_auth_request_module --with-http_v2_module \
		--with-http_dav_module --with-http_slice_module --with-threads \
		--with-http_gzip_static_module --with-http_gunzip_module \
		--with-http_sub_module) >"$tmp/native/configure.log" 2>&1 ||
		{ tail -20 "$tmp/native/configure.log" >&2; die "nginx configure failed"; }
	# The unikernel tree: the configured tree with nablux-cc and its libs.
	cp -a "$tmp/native/nginx" "$tmp/uk/nginx"
	sed -i -e "s|^CC =.*|CC =	$BIN/nablux-cc|" \
		-e "s|^LINK =.*|LINK =	\$(CC) --nablux-net|" \
		-e "s| -L$tmp/native/crypt||" \
		$(for d in $libdirs; do printf ' -e s|%s/native/|%s/uk/|g' "$d" "$d"; done) \
		"$tmp/uk/nginx/objs/Makefile"
	grep -q "^CC =	$BIN/nablux-cc" "$tmp/uk/nginx/objs/Makefile" || die "objs/Makefile: no CC line"
	for tree in native uk; do
		make -C "$tmp/$tree/nginx" -f objs/Makefile "${jobs[@]}" objs/nginx \
			>"$tmp/$tree/make.log" 2>&1 ||
			{ tail -30 "$tmp/$tree/make.log" >&2; die "$tree build failed"; }
	done
	# The Makefiles name the libraries by their path: the final one (with
	# the old time, or make would compile everything again).
	for tree in native uk; do
		m=$tmp/$tree/nginx/objs/Makefile
		touch -r "$m" "$m.time"
		sed -i "s|$tmp|$C|g" "$m"
		touch -r "$m.time" "$m"
		rm "$m.time"
	done
	echo "$debver" >"$tmp/debversion"
	touch "$tmp/.nablux-built"
	# Another build may have finished first: keep the one that is there.
	mv -T "$tmp" "$C" 2>/dev/null || rm -rf "$tmp"
	trap - EXIT
	say "built in $(($(date +%s) - t0)) s"
fi

mkdir -p "$OUT/native"
# The link, against the current nablux runtime: -W relinks objs/nginx only
# (under a lock: the tree is shared by every checkout using this cache).
(
	flock 9
	make -C "$C/uk/nginx" -f objs/Makefile -W objs/src/core/nginx.o \
		CC="$BIN/nablux-cc" objs/nginx >"$OUT/link.log" 2>&1 ||
		{ tail -20 "$OUT/link.log" >&2; die "link failed ($OUT/link.log)"; }
	cp "$C/uk/nginx/objs/nginx" "$OUT/nginx.spt.tmp"
) 9>"$C/.link.lock"
mv "$OUT/nginx.spt.tmp" "$OUT/nginx.spt"
cp "$C/native/nginx/objs/nginx" "$OUT/native/nginx.tmp"
mv "$OUT/native/nginx.tmp" "$OUT/native/nginx"
ln -sfn "$src" "$OUT/src"

# The root directory: Debian's mime.types and default page, our nginx.conf.
R=$OUT/root
rm -rf "$R"
mkdir -p "$R/etc/nginx/conf.d" "$R/var/www/html" "$R/var/log/nginx" "$R/var/lib/nginx" \
	"$R/run" "$R/tmp"
cp "$HERE/nginx.conf" "$R/etc/nginx/nginx.conf"
cp "$src/debian/conf/mime.types" "$R/etc/nginx/mime.types"
cp "$src/html/index.html" "$R/var/www/html/index.nginx-debian.html"
cat >"$R/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PW
cat >"$R/etc/group" <<'GR'
root:x:0:
www-data:x:33:
nogroup:x:65534:
GR
printf '127.0.0.1\tlocalhost\n' >"$R/etc/hosts"
chmod 1777 "$R/tmp"

# The image (apps/mkimage.sh: reproducible, checked by e2fsck).
img=$OUT/rootfs.img
bash "$ROOT/apps/mkimage.sh" "$R" "$img" 256M 6e61626c-7578-4072-8564-697300000011 \
	6e61626c-7578-4072-8564-697300000012 || die "no image"
say "$OUT/nginx.spt, $img ($(sha256sum "$img" | cut -c1-16))"
