# OpenSSL 3.0 (Debian's openssl source): libssl.a, libcrypto.a, openssl/*.h,
# libssl.pc, libcrypto.pc, openssl.pc. Only the libraries (no openssl
# command, no tests, no docs). No DSO loading (no dlopen in a unikernel):
# engines and the legacy provider are built into libcrypto (no-module);
# no AF_ALG engine. Its configuration directory is Debian's /usr/lib/ssl
# (openssl.cnf, certs there if an app's root has them).
PKG=openssl
lib_build() {
	./Configure linux-x86_64 no-shared no-tests no-dso no-module no-afalgeng \
		--prefix="$2" --libdir=lib --openssldir=/usr/lib/ssl \
		CC="$CC" CFLAGS="$CFLAGS"
	make $MAKE_J build_libs
	make install_dev
}
