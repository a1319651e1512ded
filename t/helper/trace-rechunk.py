#!/usr/bin/env python3
"""trace-rechunk.py SEED IN OUT: IN's records written to OUT in other
windows: each CPU's records in their order, cut into windows of 1 to 4096
records at random (from SEED), the windows of the CPUs interleaved at
random.  xentrace cuts its windows where its reads of the per-CPU buffers
fell; a tool reading the file must give what it gives for IN (xenalyze,
which merges by TSC, does)."""
import random
import struct
import sys

CPU_CHANGE = 0x0001F003


def records(data):
    """(cpu, bytes) of each record of a xentrace file, in file order."""
    off, cpu = 0, 0
    while off + 4 <= len(data):
        (h,) = struct.unpack_from("<I", data, off)
        size = 4 + (8 if h >> 31 else 0) + 4 * ((h >> 28) & 7)
        if off + size > len(data):
            sys.exit("trace-rechunk: record cut at offset %d" % off)
        if h & 0x0FFFFFFF == CPU_CHANGE:
            (cpu,) = struct.unpack_from("<I", data, off + size - 4 * ((h >> 28) & 7))
        else:
            yield cpu, data[off:off + size]
        off += size


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: trace-rechunk.py SEED IN OUT")
    rnd = random.Random(int(sys.argv[1]))
    with open(sys.argv[2], "rb") as f:
        data = f.read()
    per_cpu = {}
    for cpu, rec in records(data):
        per_cpu.setdefault(cpu, []).append(rec)
    at = {cpu: 0 for cpu in per_cpu}
    with open(sys.argv[3], "wb") as out:
        while True:
            left = [c for c in per_cpu if at[c] < len(per_cpu[c])]
            if not left:
                break
            cpu = rnd.choice(left)
            n = rnd.randint(1, 4096)
            window = b"".join(per_cpu[cpu][at[cpu]:at[cpu] + n])
            at[cpu] += n
            out.write(struct.pack("<III", CPU_CHANGE | 2 << 28, cpu, len(window)))
            out.write(window)


if __name__ == "__main__":
    main()
