#!/bin/bash
# SPDX-License-Identifier: ISC
# An app's reproducible ext4 root image: the same directory gives the same
# bytes. Fixed times ($SOURCE_DATE_EPOCH, the source's changelog date),
# UUID and directory hash seed; mke2fs -d copies each file's ctime, which
# no tool can set on the host's files, so debugfs sets them afterwards.
# The image must pass e2fsck -fn; it replaces IMAGE only then.
#   usage: mkimage.sh DIR IMAGE SIZE UUID HASH-SEED
set -eo pipefail
R=${1:?usage: mkimage.sh DIR IMAGE SIZE UUID HASH-SEED}
img=${2:?} size=${3:?} uuid=${4:?} seed=${5:?}
t=${SOURCE_DATE_EPOCH:?mkimage.sh: SOURCE_DATE_EPOCH is not set}
export E2FSPROGS_FAKE_TIME=$t
find "$R" -exec touch -h -d "@$t" {} +
rm -f "$img.tmp"
mke2fs -q -t ext4 -b 4096 -U "$uuid" -E hash_seed="$seed" -d "$R" "$img.tmp" "$size" >/dev/null
{
	(cd "$R" && find . -mindepth 1 | sed 's|^\.||' | LC_ALL=C sort) |
		while read -r p; do echo "sif \"$p\" ctime @$t"; done
	echo "sif / ctime @$t"
} | debugfs -w -f - "$img.tmp" >/dev/null 2>&1
e2fsck -fn "$img.tmp" >/dev/null 2>&1 || { echo "mkimage.sh: e2fsck: $img is not clean" >&2; exit 1; }
mv "$img.tmp" "$img"
