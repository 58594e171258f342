# SPDX-License-Identifier: ISC
# redis.mk: make app-redis -> build/apps/redis/{redis.spt,root/,rootfs.img}
# and the native reference build/apps/redis/native/redis-server (see
# build.sh). The compiled source is cached (Debian version, recipe hash);
# a change in nablux's runtime only relinks redis.spt.

REDIS_OUT := $(BUILD)/apps/redis
REDIS_STAMP := $(REDIS_OUT)/.stamp

# + : build.sh's make shares this make's jobserver.
$(REDIS_STAMP): apps/redis/build.sh apps/redis/redis.mk apps/redis/redis.conf.sed \
		$(wildcard apps/redis/*.patch) scripts/debsrc.sh apps/mkimage.sh \
		$(BIN)/nablux-cc $(NABLUX_CC_RUNTIME) $(LIB)/nablux-mft-net.o \
		$(LIB)/spt.lds $(SYSROOT_STAMP)
	+bash apps/redis/build.sh $(REDIS_OUT)
	touch $@

app-redis: $(REDIS_STAMP)
APPS += app-redis
