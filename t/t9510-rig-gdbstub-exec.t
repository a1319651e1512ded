#!/usr/bin/env bash
# Rig: gdb controls a live PV guest and a live PVH guest through xs-gdbstub: break, stepi,
# next, hbreak, watch, Ctrl-C, detach, and recovery after the stub is killed.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 600 "$top/t/rig/gdbstub-exec.sh"
