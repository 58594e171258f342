# SPDX-License-Identifier: ISC
# nginx.mk: make app-nginx -> build/apps/nginx/{nginx.spt,root/,rootfs.img}
# and the native reference build/apps/nginx/native/nginx (see build.sh).
# The compiled source is cached (Debian version, recipe hash); a change in
# nablux's runtime only relinks nginx.spt.

NGINX_OUT := $(BUILD)/apps/nginx
NGINX_STAMP := $(NGINX_OUT)/.stamp

# + : build.sh's make shares this make's jobserver.
$(NGINX_STAMP): apps/nginx/build.sh apps/nginx/nginx.mk apps/nginx/nginx.conf \
		$(wildcard apps/nginx/*.patch) scripts/debsrc.sh apps/libs/build.sh apps/mkimage.sh \
		apps/libs/zlib.sh apps/libs/pcre2.sh apps/libs/openssl.sh \
		$(BIN)/nablux-cc $(NABLUX_CC_RUNTIME) $(LIB)/nablux-mft-net.o \
		$(LIB)/spt.lds $(SYSROOT_STAMP)
	+bash apps/nginx/build.sh $(NGINX_OUT)
	touch $@

app-nginx: $(NGINX_STAMP)
APPS += app-nginx
