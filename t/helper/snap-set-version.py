#!/usr/bin/env python3
"""snap-set-version.py IN OUT VERSION: a copy of a snapshot with another
format version in its header and a checksum that matches again, so that the
reader gets as far as the version check (docs/snapshot-format.md)."""
import struct
import sys
import zlib

SHT = 0x80585300  # XS_SNAP_SHT(kind) = SHT + kind
HEADER, SUM = 1, 11

src, dst, version = sys.argv[1], sys.argv[2], int(sys.argv[3])
f = bytearray(open(src, "rb").read())
shoff, = struct.unpack_from("<Q", f, 0x28)
shnum, = struct.unpack_from("<H", f, 0x3C)
where = {}
for i in range(shnum):
    sh = shoff + 64 * i
    kind = struct.unpack_from("<I", f, sh + 4)[0] - SHT
    where[kind] = struct.unpack_from("<Q", f, sh + 0x18)[0]
struct.pack_into("<I", f, where[HEADER] + 8, version)  # after the 8-byte magic
f[where[SUM]:where[SUM] + 16] = bytes(16)  # the sum covers the file, itself zeroed
struct.pack_into("<IIQ", f, where[SUM], zlib.crc32(bytes(f)), 1, len(f))
open(dst, "wb").write(f)
