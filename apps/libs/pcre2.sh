# PCRE2 (Debian's pcre2 source): libpcre2-8.a, pcre2.h, libpcre2-8.pc.
# 8-bit code units only (what nginx uses); no JIT: a unikernel has no
# executable heap to put compiled patterns in.
PKG=pcre2
lib_build() {
	./configure --host=$HOST --build=$BUILD_TRIPLET --prefix="$2" \
		--disable-shared --enable-static --disable-jit --disable-pcre2grep-jit \
		--enable-pcre2-8 --disable-pcre2-16 --disable-pcre2-32
	make $MAKE_J libpcre2-8.la
	make install-libLTLIBRARIES install-includeHEADERS install-nodist_includeHEADERS \
		install-pkgconfigDATA
}
