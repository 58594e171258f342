#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""no_offload.py SRC DST: a copy of the nablux unikernel SRC whose nablux
note does not ask for net offload (its net_offload word zeroed, as a
guest linked without NABLUX_SPT_OPT_IN_NET_OFFLOAD has it): nablux-spt
keeps its net device on plain frames. Used by tests/runtime and
bench/runtime to compare the two with the same program."""
import struct
import sys

PT_NOTE, NXE1 = 4, 0x3145584e

b = bytearray(open(sys.argv[1], "rb").read())
phoff, = struct.unpack_from("<Q", b, 32)
phentsize, phnum = struct.unpack_from("<HH", b, 54)
done = 0
for i in range(phnum):
    ptype, _, off = struct.unpack_from("<IIQ", b, phoff + i * phentsize)
    if ptype != PT_NOTE:
        continue
    namesz, descsz, ntype = struct.unpack_from("<III", b, off)
    if bytes(b[off + 12:off + 19]) == b"nablux\0" and ntype == NXE1 \
            and descsz >= 16:
        desc = off + 12 + ((namesz + 3) & ~3)
        b[desc + 8:desc + 16] = bytes(8)            # net_offload
        done += 1
if done != 1:
    sys.exit("no_offload.py: %s: %d nablux notes with net_offload"
             % (sys.argv[1], done))
open(sys.argv[2], "wb").write(b)
