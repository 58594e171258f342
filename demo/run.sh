#!/bin/bash
# The demo: make an ext4 image of demo/rootfs, run the Linux unikernel on
# nablux-spt with it as its root, then look at the image from the host.
set -e
cd "$(dirname "$0")/.."
B=build/demo
IMG=$B/rootfs.img
rm -f "$IMG"
mke2fs -q -t ext4 -d demo/rootfs "$IMG" 16M >/dev/null
echo "== nablux-spt --block:rootfs=$IMG $B/demo.spt"
build/bin/nablux-spt --mem=128 --block:rootfs="$IMG" "$B/demo.spt" --solo5:quiet
echo "== on the host: debugfs -R 'cat /from-unikernel.txt' $IMG"
debugfs -R 'cat /from-unikernel.txt' "$IMG" 2>/dev/null
echo "== e2fsck -fn $IMG"
e2fsck -fn "$IMG" | tail -1
