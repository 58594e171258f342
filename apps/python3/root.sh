# SPDX-License-Identifier: ISC
# Sourced by apps/python3/build.sh after the link (its variables: $C, the
# compiled trees; $OUT; $BUILD_PYTHON; $SOURCE_DATE_EPOCH; die, say): the
# root directories and their images. Not part of the recipe hash: a change
# here makes the roots again, it does not recompile python.
#   OUT/root/, OUT/rootfs.img            /usr/lib/python3.11 without tests,
#                                        /etc (passwd, group, hosts, services),
#                                        /usr/bin/python3 (a stand-in), /tmp
#   OUT/test-root/, OUT/test-rootfs.img  the same with Lib/test
#   OUT/native/lib/python3.11 -> ../../test-root/usr/lib/python3.11

# The library: Lib/ as the source has it, the sysconfig data of the
# unikernel's build, precompiled by the build python (the same 3.11: the
# same magic number) with hashes that are never checked against the
# sources (unchecked-hash: no timestamps, same bytes every time).
mklib() { # DEST WITH_TESTS SIDE
	local d=$1/usr/lib/python3.11 ex=()
	[ "$2" = yes ] || ex=(--exclude=./test --exclude=./idlelib/idle_test --exclude=./lib2to3/tests \
		--exclude=./tkinter/test --exclude=./ctypes/test --exclude=./unittest/test --exclude=./distutils/tests)
	mkdir -p "$d/lib-dynload"
	(cd "$C/$3/Lib" && tar -c --exclude='__pycache__' --exclude='*.pyc' "${ex[@]}" .) | tar -x -C "$d"
	# The build writes _sysconfigdata__linux_x86_64-linux-gnu.py; Debian's
	# sysconfig.py (its multiarch patch) imports _sysconfigdata_<abiflags>_
	# <multiarch>: both names. (x86_64-linux-gnu: the platform triplet
	# 3.11's configure gives musl too.)
	local sc
	sc=$(echo "$C/$3/$(cat "$C/$3/pybuilddir.txt")"/_sysconfigdata_*.py)
	[ -f "$sc" ] || die "no sysconfig data in $C/$3"
	cp "$sc" "$d/"
	cp "$sc" "$d/_sysconfigdata__x86_64-linux-gnu.py"
	"$BUILD_PYTHON" -E -s -m compileall -q -j"${NABLUX_JOBS:-2}" \
		--invalidation-mode=unchecked-hash -s "$1" -p / \
		-x '(^|/)(lib2to3/tests/data|test/(bad|badsyntax_|tokenizedata/bad)|test/test_lib2to3/data)' \
		"$d" >/dev/null || true
}
# The root directory.
mkroot() { # DIR WITH_TESTS
	local R=$1
	rm -rf "$R"
	mkdir -p "$R/etc" "$R/tmp" "$R/root" "$R/usr/bin"
	mklib "$R" "$2" uk
	cat >"$R/etc/passwd" <<-'EOF'
	root:x:0:0:root:/root:/bin/sh
	nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
	EOF
	cat >"$R/etc/group" <<-'EOF'
	root:x:0:
	nogroup:x:65534:
	EOF
	# The services python's tests and programs look up by name
	# (getservbyname, getaddrinfo with a service name).
	cat >"$R/etc/services" <<-'EOF'
	echo		7/tcp
	echo		7/udp
	discard		9/tcp
	discard		9/udp
	daytime		13/tcp
	daytime		13/udp
	qotd		17/tcp
	ftp-data	20/tcp
	ftp		21/tcp
	ssh		22/tcp
	telnet		23/tcp
	smtp		25/tcp		mail
	domain		53/tcp
	domain		53/udp
	http		80/tcp		www
	pop3		110/tcp		pop-3
	ntp		123/udp
	imap2		143/tcp		imap
	https		443/tcp
	submission	587/tcp
	imaps		993/tcp
	pop3s		995/tcp
	EOF
	cat >"$R/etc/hosts" <<-'EOF'
	127.0.0.1	localhost
	127.0.1.1	python3
	::1		localhost ip6-localhost ip6-loopback
	EOF
	# sys.executable: the interpreter is the unikernel itself, not a file
	# in its root; this stands for it (platform.libc_ver() reads it).
	printf '#!/bin/false\n# python3 is the unikernel (python3.spt): no program runs from this file.\n' >"$R/usr/bin/python3"
	chmod 755 "$R/usr/bin/python3"
	chmod 1777 "$R/tmp"
}
# The images (apps/mkimage.sh: reproducible, checked by e2fsck).
mkimage() { # DIR IMAGE SIZE UUID-SUFFIX
	bash "$ROOT/apps/mkimage.sh" "$1" "$2" "$3" 6e61626c-7578-4072-8570-7974686f6e$4 \
		6e61626c-7578-4072-8570-7974686f6e$4 || die "no image $2"
}
mkroot "$OUT/root" no
mkimage "$OUT/root" "$OUT/rootfs.img" 256M 31
mkroot "$OUT/test-root" yes
mkimage "$OUT/test-root" "$OUT/test-rootfs.img" 512M 32
# The native reference finds its library next to it (lib/python3.11/os.py
# from the executable's directory): the test root's, with the native
# build's sysconfig data.
rm -rf "$OUT/native/lib"
mkdir -p "$OUT/native/lib"
ln -sfn ../../test-root/usr/lib/python3.11 "$OUT/native/lib/python3.11"
say "$OUT/python3.spt, $OUT/rootfs.img ($(sha256sum "$OUT/rootfs.img" | cut -c1-16)), $OUT/test-rootfs.img"
