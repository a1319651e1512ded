#!/usr/bin/env python3
"""Check a gdb remote-protocol byte stream a stub sent: only acks (+, -) and
packets $payload#cs whose checksum is right.  Prints one line per packet
payload (acks are dropped); exits 1 at the first byte that fits neither."""
import re
import sys

data = sys.stdin.buffer.read()
pos = 0
pkt = re.compile(rb"\$([^$#]*)#([0-9a-f]{2})")
while pos < len(data):
    c = data[pos:pos + 1]
    if c in (b"+", b"-"):
        pos += 1
        continue
    m = pkt.match(data, pos)
    if not m:
        sys.exit("gdbreplies: not an ack or a packet at byte %d: %r" % (pos, data[pos:pos + 20]))
    if sum(m.group(1)) % 256 != int(m.group(2), 16):
        sys.exit("gdbreplies: bad checksum at byte %d: %r" % (pos, m.group(0)[:40]))
    sys.stdout.buffer.write(m.group(1) + b"\n")
    pos = m.end()
