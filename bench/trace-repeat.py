#!/usr/bin/env python3
"""trace-repeat.py SEED OUT MEGABYTES: a big xentrace file made of SEED's
windows over and over, every TSC moved past the previous copy's last one,
so that the result is a valid trace of SEED's mix of events."""
import struct
import sys

CPU_CHANGE = 0x2001f003


def windows(data):
    off = 0
    while off + 12 <= len(data):
        hdr, cpu, size = struct.unpack_from("<III", data, off)
        if hdr != CPU_CHANGE:
            raise SystemExit("trace-repeat: seed is not a clean xentrace file at %d" % off)
        yield cpu, data[off + 12:off + 12 + size]
        off += 12 + size


def shift(win, delta):
    out = bytearray(win)
    off = 0
    while off + 4 <= len(out):
        (h,) = struct.unpack_from("<I", out, off)
        size = 4 + (8 if h >> 31 else 0) + 4 * ((h >> 28) & 7)
        if h >> 31:
            (tsc,) = struct.unpack_from("<Q", out, off + 4)
            struct.pack_into("<Q", out, off + 4, tsc + delta)
        off += size
    return bytes(out)


def last_tsc(win, tsc):
    off = 0
    while off + 4 <= len(win):
        (h,) = struct.unpack_from("<I", win, off)
        if h >> 31:
            (tsc,) = struct.unpack_from("<Q", win, off + 4)
        off += 4 + (8 if h >> 31 else 0) + 4 * ((h >> 28) & 7)
    return tsc


def main():
    seed, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = open(seed, "rb").read()
    wins = list(windows(data))
    first = min(struct.unpack_from("<Q", w, 4)[0] for _, w in wins
                if len(w) >= 12 and struct.unpack_from("<I", w, 0)[0] >> 31)
    end = max(last_tsc(w, 0) for _, w in wins)
    span = end - first + 1000
    delta = 0
    written = 0
    with open(out, "wb") as f:
        while written < mb << 20:
            for cpu, w in wins:
                f.write(struct.pack("<III", CPU_CHANGE, cpu, len(w)))
                f.write(shift(w, delta))
                written += 12 + len(w)
            delta += span


main()
