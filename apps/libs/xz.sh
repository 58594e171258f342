# liblzma from Debian's xz-utils source: liblzma.a, lzma.h, lzma/*.h, liblzma.pc.
PKG=xz-utils
lib_build() {
	./configure --host=$HOST --build=$BUILD_TRIPLET --prefix="$2" \
		--disable-shared --enable-static --disable-xz --disable-xzdec \
		--disable-lzmadec --disable-lzmainfo --disable-lzma-links \
		--disable-scripts --disable-doc --disable-nls
	make $MAKE_J -C src/liblzma
	make -C src/liblzma install
	rm -rf "$2/share"
}
