# SPDX-License-Identifier: ISC
# apps.mk: applications from Debian source packages as unikernels, one
# folder per app (apps/NAME/NAME.mk adds its target app-NAME to APPS).
# Nothing of the apps' source is committed: build scripts fetch it with
# scripts/debsrc.sh and cache what they build in ${NABLUX_CACHE}/apps.

APPS :=
include apps/redis/redis.mk
include apps/nginx/nginx.mk
include apps/python3/python3.mk

.PHONY: apps $(APPS)
apps: $(APPS)

# Part of the default build: redis (both its builds) takes about 1 min,
# nginx with zlib and pcre2 about 2.5 min, python3 with its libraries
# (apps/libs) about 10 min
# from an empty cache on 2 cores, a relink after that.
ALL += apps
