# libffi (Debian's libffi source): libffi.a, ffi.h, ffitarget.h, libffi.pc.
PKG=libffi
lib_build() {
	./configure --host=$HOST --build=$BUILD_TRIPLET --prefix="$2" \
		--disable-shared --enable-static --disable-docs \
		--disable-multi-os-directory
	make $MAKE_J
	make install
	rm -rf "$2/share"
}
