# zlib (Debian's zlib source): libz.a, zlib.h, zconf.h, zlib.pc.
PKG=zlib
lib_build() {
	# zlib's configure is not autoconf: CHOST picks the cross tools' names,
	# which are ours already ($CC, ar, ranlib).
	./configure --static --prefix="$2"
	make $MAKE_J libz.a
	make install
	rm -rf "$2/share"
}
