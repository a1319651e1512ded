#!/usr/bin/env python3
"""Check a snapshot file against docs/snapshot-format.md, reading both
without xenscope's code: the doc's Sections table (kind, name, record size,
count), its format version, its header and sum records; the file with
Python's struct and zlib.

Usage: snapdoc.py DOC SNAPSHOT    prints one line per section, exits 1 at
the first disagreement (one line saying which)."""
import re
import struct
import sys
import zlib

SHT_XS = 0x80585300


def fail(msg):
    sys.exit("snapdoc: " + msg)


def read_doc(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^# The xenscope snapshot format \(version (\d+)\)", text, re.M)
    if not m:
        fail("no format version in the doc's title")
    version = int(m.group(1))
    m = re.search(r"uint32_t version;\s+(\d+)", text)
    if not m or int(m.group(1)) != version:
        fail("the doc's struct xs_snap_header says version %s, its title %d"
             % (m.group(1) if m else "nothing", version))
    kinds = {}
    for row in re.finditer(r"^\| (\d+) \| `([^`]+)` \| (.*?) \| (.*?) \|$", text, re.M):
        kind, name, contents, count = int(row.group(1)), row.group(2), row.group(3), row.group(4)
        size = re.search(r"\((\d+) bytes", contents)
        kinds[kind] = {
            "name": name,
            "size": int(size.group(1)) if size else None,
            "array": "[]" in contents,
            "count": count,
        }
    if not kinds:
        fail("no Sections table in the doc")
    return version, kinds


def read_elf(data):
    if data[:4] != b"\x7fELF":
        fail("no ELF magic")
    if data[4] != 2 or data[5] != 1:
        fail("not ELF64 little-endian")
    (e_type, e_machine, _, _, e_phoff, e_shoff, _, _, e_phentsize, e_phnum,
     e_shentsize, e_shnum, e_shstrndx) = struct.unpack_from("<HHIQQQIHHHHHH", data, 16)
    if e_type != 4 or e_machine != 62:
        fail("e_type %d e_machine %d, want ET_CORE (4) and EM_X86_64 (62)" % (e_type, e_machine))
    if e_phnum != 0:
        fail("%d program headers, the doc says none" % e_phnum)
    secs = []
    for i in range(e_shnum):
        (name, typ, _, _, off, size, _, info, align, entsize) = struct.unpack_from(
            "<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
        secs.append(dict(name=name, type=typ, off=off, size=size, info=info,
                         align=align, entsize=entsize))
    strtab = secs[e_shstrndx]
    for s in secs:
        raw = data[strtab["off"] + s["name"]:]
        s["name"] = raw[:raw.index(b"\0")].decode()
    return secs


def main():
    if len(sys.argv) != 3:
        fail("usage: snapdoc.py DOC SNAPSHOT")
    version, kinds = read_doc(sys.argv[1])
    data = open(sys.argv[2], "rb").read()
    seen = {}
    for s in read_elf(data):
        if s["type"] & ~0xff != SHT_XS:
            continue
        kind = s["type"] - SHT_XS
        if kind not in kinds:
            fail("%s: kind %d is not in the doc's table" % (s["name"], kind))
        k = kinds[kind]
        per_domain = k["name"].endswith(".D")
        want = k["name"][:-1] + str(s["info"]) if per_domain else k["name"]
        if s["name"] != want:
            fail("kind %d is named %s, the doc says %s" % (kind, s["name"], want))
        if s["align"] != 8:
            fail("%s: aligned to %d, the doc says 8" % (s["name"], s["align"]))
        if k["size"] and k["array"]:
            if s["entsize"] != k["size"] or s["size"] % k["size"]:
                fail("%s: entsize %d size %d, the doc says %d-byte records"
                     % (s["name"], s["entsize"], s["size"], k["size"]))
        elif k["size"] and s["size"] != k["size"]:
            fail("%s: %d bytes, the doc says %d" % (s["name"], s["size"], k["size"]))
        key = (kind, s["info"] if per_domain else None)
        if key in seen:
            fail("%s twice; the doc says %s" % (s["name"], k["count"]))
        seen[key] = s
        print("%-14s kind %2d  %5d bytes  entsize %3d" % (s["name"], kind, s["size"], s["entsize"]))
    for kind, k in kinds.items():
        if k["count"] == "exactly 1" and (kind, None) not in seen:
            fail("no %s; the doc says exactly 1" % k["name"])
    # .xs.pages.D and .xs.refs.D come in pairs.
    pages = {d for (kind, d) in seen if kind == 4}
    refs = {d for (kind, d) in seen if kind == 5}
    if pages != refs:
        fail("pages of domains %s but refs of %s" % (sorted(pages), sorted(refs)))
    hdr = seen[(1, None)]
    magic, ver, flags = struct.unpack_from("<8sII", data, hdr["off"])
    if magic != b"XENSCOPE" or ver != version or flags != 0:
        fail("header: magic %r version %d flags %d; the doc: XENSCOPE, %d, 0"
             % (magic, ver, flags, version))
    sum_sec = seen[(11, None)]
    crc, algo, size = struct.unpack_from("<IIQ", data, sum_sec["off"])
    zeroed = data[:sum_sec["off"]] + bytes(16) + data[sum_sec["off"] + 16:]
    if algo != 1 or size != len(data) or crc != zlib.crc32(zeroed):
        fail("sum: algo %d size %d crc %#x; the file: 1, %d, %#x"
             % (algo, size, crc, len(data), zlib.crc32(zeroed)))
    print("format version %d, %d bytes, crc32 %#010x" % (version, len(data), crc))


main()
