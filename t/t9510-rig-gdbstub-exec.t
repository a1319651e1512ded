#!/usr/bin/env bash
# Rig: gdb controls a live PV guest and a live PVH guest through xs-gdbstub: break, stepi,
# next, hbreak, watch, Ctrl-C, detach, and recovery after the stub is killed.
# It has run 344-560 s on an otherwise idle machine; each gdb session has
# its own hard limit (90 s), so a hang fails a point, not the run.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 900 "$top/t/rig/gdbstub-exec.sh"
