#!/usr/bin/env bash
# Rig: gdb controls a live PV guest through xs-gdbstub (PVH: XS_GDBX_PVH=1): break, stepi,
# hbreak, watch, Ctrl-C, detach, and recovery after the stub is killed.
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/rig/run-scenario.sh" --timeout 1800 "$top/t/rig/gdbstub-exec.sh"
