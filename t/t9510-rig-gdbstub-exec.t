#!/usr/bin/env bash
# Rig: gdb controls a live PV guest and a live PVH guest through xs-gdbstub: break, stepi,
# next, hbreak, watch, Ctrl-C, detach, and recovery after the stub is killed.
# Boots the backports QEMU (rig/fetch-qemu.sh): only QEMU 9.1 and later arm
# the debug registers of a nested guest, which the PVH hbreak and watch
# points need.  Each gdb session talks to its own stub over loopback TCP.  Two runs so
# (2026-12-02, rig shared with other runs, QEMU 7.2): 219 s and 433 s for boot,
# scenario and power-off; 405 s and 642 s beside other load (2026-12-03);
# QEMU 10.0.2 on an idle host: 252 s, 103 s (2026-12-04).
# Each gdb session has its own hard limit (90 s), so a hang fails a point,
# not the run; the run's own limit leaves room for a slow host.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 1080 --qemu backports "$top/t/rig/gdbstub-exec.sh"
