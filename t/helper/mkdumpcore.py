#!/usr/bin/env python3
# mkdumpcore.py pv|hvm OUT: a small file in the layout of `xl dump-core`
# (tools/libs/guest/xg_core.c): .note.Xen with the DUMPCORE_HEADER note,
# .xen_prstatus (vcpu_guest_context, x86_64), .xen_pages and .xen_p2m (PV)
# or .xen_pfn (HVM).  One vCPU; 0xffffffff81000000 maps a page holding
# "hello from a dump-core" at offset 0x100, through 4-level page tables.
import struct
import sys

kind, out = sys.argv[1], sys.argv[2]
pv = kind == "pv"
PAGE = 4096
# Frame numbers as the page tables hold them (mfns for PV, pfns for HVM),
# deliberately not in file order.
PML4, L3, L2, L1, DATA = 0x5000, 0x4100, 0x4200, 0x4300, 0x4000
VA = 0xFFFFFFFF81000000


def idx(level):
    return (VA >> (12 + 9 * (level - 1))) & 511


pages = {f: bytearray(PAGE) for f in (PML4, L3, L2, L1, DATA)}
for table, level, nxt in ((PML4, 4, L3), (L3, 3, L2), (L2, 2, L1), (L1, 1, DATA)):
    struct.pack_into("<Q", pages[table], 8 * idx(level), nxt << 12 | 0x7)
pages[DATA][0x100:0x100 + 22] = b"hello from a dump-core"
struct.pack_into("<Q", pages[DATA], 0x10, 0x1122334455667788)
order = [DATA, L2, PML4, L1, L3]

# vcpu_guest_context (x86_64): flags at 512, user_regs at 520, ctrlreg at 4984.
ctx = bytearray(5168)
struct.pack_into("<Q", ctx, 512, 1 << 5 | 1 << 2)  # VGCF_online | VGCF_in_kernel
regs = [0xF15, 0xF14, 0, 0, 0xBB, 0x2222, 0, 0, 0, 0x88, 0x1111, 0xCC, 0xDD, 0, 0]
struct.pack_into("<15Q", ctx, 520, *regs)  # r15 r14 r13 r12 rbp rbx r11 .. rdi
struct.pack_into("<Q", ctx, 520 + 128, VA + 0x10)  # rip
struct.pack_into("<H", ctx, 520 + 136, 0xE033 if pv else 0x10)  # cs
struct.pack_into("<Q", ctx, 520 + 144, 0x246)  # rflags
struct.pack_into("<Q", ctx, 520 + 152, VA + 0xFF0)  # rsp
cr0 = 0x80050033
struct.pack_into("<5Q", ctx, 4984, cr0, 0, 0, PML4 << 12, 0x6F0)

note_desc = struct.pack("<4Q", 0xF00FEBED if pv else 0xF00FEBEE, 1, len(order), PAGE)
note = struct.pack("<3I", 4, len(note_desc), 0x2000001) + b"Xen\0" + note_desc
if pv:
    table = b"".join(struct.pack("<QQ", i, f) for i, f in enumerate(order))
    tname = ".xen_p2m"
else:
    table = b"".join(struct.pack("<Q", f) for f in order)
    tname = ".xen_pfn"
data = b"".join(bytes(pages[f]) for f in order)

names = [b"", b".shstrtab", b".note.Xen", b".xen_prstatus", b".xen_pages", tname.encode()]
shstr = b"\0".join(names) + b"\0"
name_off = [shstr.index(n + b"\0") if n else 0 for n in names]
bodies = [None, (3, shstr), (7, note), (1, bytes(ctx)), (1, data), (1, table)]

off = 64
layout = []
blob = b""
for b in bodies[1:]:
    pad = (-off) % (PAGE if b[1] is data else 8)
    blob += b"\0" * pad
    off += pad
    layout.append((off, len(b[1])))
    blob += b[1]
    off += len(b[1])
shoff = off + (-off) % 8
blob += b"\0" * (shoff - off)
ehdr = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, 4, 62, 1, 0, 0,
                   shoff, 0, 64, 0, 0, 64, len(names), 1)
shdrs = bytes(64)
for i, (o, size) in enumerate(layout, 1):
    shdrs += struct.pack("<IIQQQQIIQQ", name_off[i], bodies[i][0], 0, 0, o, size, 0, 0, 8, 0)
with open(out, "wb") as f:
    f.write(ehdr + blob + shdrs)
