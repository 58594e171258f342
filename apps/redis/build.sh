#!/bin/bash
# SPDX-License-Identifier: ISC
# Debian's redis (apt-get source redis, via scripts/debsrc.sh) as a nablux
# unikernel, and the same source built natively for comparison.
#   usage: build.sh OUTDIR        (make app-redis: OUTDIR = build/apps/redis)
# Makes
#   OUTDIR/redis.spt       redis-server linked by nablux-cc --nablux-net
#   OUTDIR/root/           its root directory (etc/redis/redis.conf, ...)
#   OUTDIR/rootfs.img      an ext4 image of root/, reproducible (fixed UUID,
#                          hash seed and times: same inputs, same bytes)
#   OUTDIR/native/redis-server   the same source, musl-gcc -static (the
#                          tests' reference), OUTDIR/src -> the source
# The compiled trees live in ${NABLUX_CACHE:-~/.cache/nablux}/apps/
# redis-<Debian version>-<recipe hash>/{uk,native}; only the final link of
# redis.spt runs again when the cache is there (nablux's libc, kernel or
# platform changed).
#
# Allocator: MALLOC=libc (our musl's mallocng), not jemalloc:
#  - Debian builds redis against the system jemalloc (libjemalloc-dev from
#    Debian's jemalloc source package, glibc-built, unprefixed symbols);
#    a musl/nablux build of that package would be a recipe of its own.
#  - The vendored deps/jemalloc does not link with Debian's source: its
#    patch 0004 (USE_SYSTEM_JEMALLOC) tests "#if USE_SYSTEM_JEMALLOC ==
#    yes", which the preprocessor reads as 0 == 0, always true, so redis
#    calls the unprefixed mallctl/nallocx/mallocx/malloc_stats_print while
#    the vendored library has them as je_* (undefined at link; tried). Its
#    configure also needs --host (DEB_HOST_GNU_TYPE): its test programs
#    are unikernels, which cannot run on the build host.
#  - The native reference uses the same allocator, so the comparison is
#    of the kernel underneath, not of two mallocs.
# Costs: no active defragmentation (activedefrag needs jemalloc), MEMORY
# MALLOC-STATS has no allocator report, fragmentation is from RSS alone.
set -eo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:?usage: build.sh OUTDIR}
BIN=$ROOT/build/bin
SYSROOT=$ROOT/build/sysroot
CACHE=${NABLUX_CACHE:-$HOME/.cache/nablux}
die() { echo "app-redis: $*" >&2; exit 1; }
say() { echo "app-redis: $*" >&2; }

[ -x "$BIN/nablux-cc" ] || die "$BIN/nablux-cc is missing (make first)"
command -v musl-gcc >/dev/null || die "musl-gcc is missing (scripts/deps.sh: musl-tools)"

src=$(bash "$ROOT/scripts/debsrc.sh" redis | tail -1)
[ -f "$src/src/server.c" ] || die "no redis source in $src"
debver=$(cat "$src/.nablux-debversion")
ver=${debver#*:}

# The recipe hash: this script (but its comments), the configuration
# edits, the patches, and what the compiled objects depend on besides
# redis's source: nablux-cc's flags, our musl's headers, the host compilers.
hash=$({
	grep -v '^[[:space:]]*#' "$HERE/build.sh"
	cat "$HERE/redis.conf.sed"
	cat "$HERE"/*.patch 2>/dev/null || true
	cat "$ROOT/toolchain/nablux-cc.in" "$ROOT/toolchain/nablux-cc.specs"
	(cd "$SYSROOT/include" && find . -type f | LC_ALL=C sort | xargs sha256sum)
	gcc --version | head -1
	dpkg-query -W -f='${Version}\n' musl-dev musl-tools 2>/dev/null || true
} | sha256sum | cut -c1-12)
C=$CACHE/apps/redis-$ver-$hash

# Same settings for the build and for the relink, or redis's Makefile
# (persist-settings) starts over from distclean.
common=(MALLOC=libc USE_SYSTEMD=no BUILD_TLS=no V=1)
uk_args=(CC="$BIN/nablux-cc" REDIS_LDFLAGS=--nablux-net "${common[@]}")
native_args=(CC=musl-gcc REDIS_LDFLAGS=-static "${common[@]}")
# Under make -j the jobserver is inherited (the recipe is marked +).
jobs=(-j"${NABLUX_JOBS:-2}")
[[ "$MAKEFLAGS" == *jobserver* ]] && jobs=()
# redis's mkreleasehdr.sh asks git: not the cache's surroundings.
export GIT_DIR=/nonexistent GIT_CEILING_DIRECTORIES=/
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(dpkg-parsechangelog -l "$src/debian/changelog" -STimestamp)}

if [ ! -f "$C/.nablux-built" ]; then
	say "building redis $debver with nablux-cc and natively (musl-gcc) into $C"
	t0=$(date +%s)
	tmp=$C.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	for tree in uk native; do
		cp -a "$src" "$tmp/$tree"
		for p in "$HERE"/*.patch; do
			[ -f "$p" ] || continue
			patch -d "$tmp/$tree" -p1 -s <"$p" || die "$p does not apply"
		done
	done
	# The unikernel's objects only: the link (below) is redone whenever
	# nablux's runtime changes, and its failure must not cost the cache.
	objs=$(make -s -C "$tmp/uk/src" --eval 'nablux-objs: ; @echo $(REDIS_SERVER_OBJ)' \
		"${uk_args[@]}" nablux-objs 2>/dev/null | tail -1)
	[[ "$objs" == *server.o* ]] || die "no object list from redis's Makefile"
	make -C "$tmp/uk/src" "${jobs[@]}" "${uk_args[@]}" $objs \
		>"$tmp/uk.log" 2>&1 || { tail -30 "$tmp/uk.log" >&2; die "nablux-cc build failed"; }
	make -C "$tmp/native/src" "${jobs[@]}" "${native_args[@]}" redis-server \
		>"$tmp/native.log" 2>&1 || { tail -30 "$tmp/native.log" >&2; die "native build failed"; }
	echo "$debver" >"$tmp/debversion"
	touch "$tmp/.nablux-built"
	# Another build may have finished first: keep the one that is there.
	mv -T "$tmp" "$C" 2>/dev/null || rm -rf "$tmp"
	trap - EXIT
	say "built in $(($(date +%s) - t0)) s"
fi

mkdir -p "$OUT/native"
# The link, against the current nablux runtime (libc, Linux, platform).
rm -f "$OUT/redis.spt.tmp"
make -C "$C/uk/src" "${uk_args[@]}" REDIS_SERVER_NAME="$OUT/redis.spt.tmp" \
	"$OUT/redis.spt.tmp" >"$OUT/link.log" 2>&1 ||
	{ tail -20 "$OUT/link.log" >&2; die "link failed ($OUT/link.log)"; }
mv "$OUT/redis.spt.tmp" "$OUT/redis.spt"
cp "$C/native/src/redis-server" "$OUT/native/redis-server.tmp"
mv "$OUT/native/redis-server.tmp" "$OUT/native/redis-server"
ln -sfn "$src" "$OUT/src"

# The root directory.
R=$OUT/root
rm -rf "$R"
mkdir -p "$R/etc/redis" "$R/var/lib/redis" "$R/tmp"
sed -f "$HERE/redis.conf.sed" "$src/redis.conf" >"$R/etc/redis/redis.conf"
for want in '^daemonize no$' '^# pidfile ' '^logfile ""$' '^bind 0\.0\.0\.0$' \
	    '^protected-mode no$' '^save ""$' '^auto-aof-rewrite-percentage 0$' \
	    '^dir /var/lib/redis$'; do
	grep -q -- "$want" "$R/etc/redis/redis.conf" ||
		die "redis.conf: /$want/ missing: Debian's redis.conf changed, fix redis.conf.sed"
done
cat >"$R/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
redis:x:100:101::/var/lib/redis:/usr/sbin/nologin
EOF
cat >"$R/etc/group" <<'EOF'
root:x:0:
redis:x:101:
EOF
cat >"$R/etc/hosts" <<'EOF'
127.0.0.1	localhost
EOF
chmod 1777 "$R/tmp"

# The image (apps/mkimage.sh: reproducible, checked by e2fsck).
img=$OUT/rootfs.img
bash "$ROOT/apps/mkimage.sh" "$R" "$img" 256M 6e61626c-7578-4072-8564-697300000001 \
	6e61626c-7578-4072-8564-697300000002 || die "no image"
say "$OUT/redis.spt, $img ($(sha256sum "$img" | cut -c1-16))"
