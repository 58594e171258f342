# bzip2 (Debian's bzip2 source): libbz2.a and bzlib.h (its Makefile has no
# configure and no .pc file; we write one).
PKG=bzip2
lib_build() {
	make $MAKE_J CC="$CC" CFLAGS="$CFLAGS -D_FILE_OFFSET_BITS=64" libbz2.a
	mkdir -p "$2/include" "$2/lib/pkgconfig"
	cp bzlib.h "$2/include/"
	cp libbz2.a "$2/lib/"
	cat >"$2/lib/pkgconfig/bzip2.pc" <<PC
prefix=$2
libdir=\${prefix}/lib
includedir=\${prefix}/include
Name: bzip2
Description: bzip2 compression library
Version: 1.0.8
Libs: -L\${libdir} -lbz2
Cflags: -I\${includedir}
PC
}
