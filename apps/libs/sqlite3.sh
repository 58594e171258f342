# sqlite3 (Debian's sqlite3 source, the full tree: its make writes the
# amalgamation with the host's tclsh and build-compiled tools): libsqlite3.a,
# sqlite3.h, sqlite3ext.h, sqlite3.pc. Compile-time options from Debian's
# package, without loadable extensions (no dlopen in a unikernel).
PKG=sqlite3
lib_build() {
	export CFLAGS="$CFLAGS -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
		-DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
		-DSQLITE_ENABLE_RTREE \
		-DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_UNLOCK_NOTIFY \
		-DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_OMIT_LOAD_EXTENSION"
	./configure --host=$HOST --build=$BUILD_TRIPLET --prefix="$2" \
		--disable-shared --enable-static --disable-tcl --disable-readline \
		--disable-load-extension --enable-threadsafe
	# The generators (lemon, mkkeywordhash, ...) run on the build host:
	# CROSS_BUILDING=yes (Debian's 30-cross.patch) builds them with the
	# build compiler. The amalgamation first, serially: its rules miss that
	# fts5parse.c needs lemon built first (make -j2 races).
	make CROSS_BUILDING=yes sqlite3.c
	make $MAKE_J CROSS_BUILDING=yes libsqlite3.la sqlite3.pc
	mkdir -p "$2/include" "$2/lib/pkgconfig"
	cp .libs/libsqlite3.a "$2/lib/"
	cp sqlite3.h src/sqlite3ext.h "$2/include/"
	cp sqlite3.pc "$2/lib/pkgconfig/"
}
